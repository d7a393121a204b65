-- +goose Up
-- Trivia: games (a row from start; finished_at stays NULL until the game ends,
-- so a restart finds the games it must announce as ended), the question each
-- revealed round asked, and every answer, scored. Times are Unix milliseconds.
CREATE TABLE trivia_games (
	id           TEXT PRIMARY KEY,
	scope        TEXT NOT NULL,             -- "g:<guild>" or "c:<DM channel>"
	guild_id     TEXT NOT NULL DEFAULT '',
	channel_id   TEXT NOT NULL,
	starter_id   TEXT NOT NULL,
	starter_name TEXT NOT NULL,
	mode         TEXT NOT NULL CHECK (mode IN ('buttons', 'typed')),
	rounds       INTEGER NOT NULL,
	seconds      INTEGER NOT NULL,
	started_at   INTEGER NOT NULL,
	finished_at  INTEGER,
	end_reason   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX trivia_games_scope ON trivia_games(scope);
CREATE INDEX trivia_games_unfinished ON trivia_games(started_at) WHERE finished_at IS NULL;

CREATE TABLE trivia_rounds (
	game_id   TEXT NOT NULL REFERENCES trivia_games(id) ON DELETE CASCADE,
	round     INTEGER NOT NULL,
	trivia_id TEXT NOT NULL,
	PRIMARY KEY (game_id, round)
);

-- One answer per player per round of a game: the primary key settles
-- simultaneous clicks, whatever the caller does.
CREATE TABLE trivia_answers (
	game_id     TEXT NOT NULL REFERENCES trivia_games(id) ON DELETE CASCADE,
	round       INTEGER NOT NULL,
	user_id     TEXT NOT NULL,
	user_name   TEXT NOT NULL,  -- the display name at the time of the answer
	choice      TEXT NOT NULL,
	correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
	points      INTEGER NOT NULL,
	streak      INTEGER NOT NULL,
	elapsed_ms  INTEGER NOT NULL,
	answered_at INTEGER NOT NULL,
	PRIMARY KEY (game_id, round, user_id)
);
CREATE INDEX trivia_answers_user ON trivia_answers(user_id);

-- +goose Down
DROP TABLE trivia_answers;
DROP TABLE trivia_rounds;
DROP TABLE trivia_games;
