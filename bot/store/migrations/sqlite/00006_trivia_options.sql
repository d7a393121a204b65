-- +goose Up
-- Trivia options: the filters and goal a game was started with (Play again
-- reuses them), and the questions each scope has been asked since its pool
-- last started over, so a server sees every question before any repeats.
ALTER TABLE trivia_games ADD COLUMN difficulty TEXT NOT NULL DEFAULT 'mixed';
ALTER TABLE trivia_games ADD COLUMN topic TEXT NOT NULL DEFAULT 'mixed';
ALTER TABLE trivia_games ADD COLUMN spoilers INTEGER NOT NULL DEFAULT 0; -- 0 or 1
ALTER TABLE trivia_games ADD COLUMN target INTEGER NOT NULL DEFAULT 0;

CREATE TABLE trivia_seen (
	scope     TEXT NOT NULL,
	trivia_id TEXT NOT NULL,
	seen_at   INTEGER NOT NULL,
	PRIMARY KEY (scope, trivia_id)
) WITHOUT ROWID;

-- Leaderboards by period select answers by time.
CREATE INDEX trivia_answers_time ON trivia_answers(answered_at);

-- +goose Down
DROP INDEX trivia_answers_time;
DROP TABLE trivia_seen;
ALTER TABLE trivia_games DROP COLUMN target;
ALTER TABLE trivia_games DROP COLUMN spoilers;
ALTER TABLE trivia_games DROP COLUMN topic;
ALTER TABLE trivia_games DROP COLUMN difficulty;
