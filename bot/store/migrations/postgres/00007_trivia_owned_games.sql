-- +goose Up
-- Trivia games belong to the database: a game carries its deck, its owner
-- (an instance id) and the owner's lease; a round is recorded when it opens,
-- with its choices in the order shown, so any process can judge an answer
-- to it and a successor can reveal it. Times are Unix milliseconds.
ALTER TABLE trivia_games ADD COLUMN deck TEXT NOT NULL DEFAULT '[]'; -- JSON array of trivia ids
ALTER TABLE trivia_games ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE trivia_games ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;

-- One running game per channel. Older databases may hold several
-- unfinished games in a channel (the old code ended them at the next
-- start): all but the newest end now, as a restart would have ended them.
UPDATE trivia_games SET finished_at = started_at, end_reason = 'restart'
WHERE finished_at IS NULL AND EXISTS (
	SELECT 1 FROM trivia_games n
	WHERE n.channel_id = trivia_games.channel_id AND n.finished_at IS NULL
	  AND (n.started_at > trivia_games.started_at OR n.started_at = trivia_games.started_at AND n.id > trivia_games.id));
CREATE UNIQUE INDEX trivia_games_running_channel ON trivia_games(channel_id) WHERE finished_at IS NULL;

ALTER TABLE trivia_rounds ADD COLUMN choices TEXT NOT NULL DEFAULT '[]'; -- JSON array, as shown
ALTER TABLE trivia_rounds ADD COLUMN right_choice INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trivia_rounds ADD COLUMN opened_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trivia_rounds ADD COLUMN deadline BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trivia_rounds ADD COLUMN hint_at BIGINT NOT NULL DEFAULT 0; -- 0: no hint
ALTER TABLE trivia_rounds ADD COLUMN revealed_at BIGINT;                 -- NULL while open
ALTER TABLE trivia_rounds ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
UPDATE trivia_rounds SET revealed_at = 0; -- rounds stored before were stored at their reveal

ALTER TABLE trivia_answers ADD COLUMN hinted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE trivia_answers ADD COLUMN seq INTEGER NOT NULL DEFAULT 0; -- the order of answers within a round

-- +goose Down
ALTER TABLE trivia_answers DROP COLUMN seq;
ALTER TABLE trivia_answers DROP COLUMN hinted;
ALTER TABLE trivia_rounds DROP COLUMN message_id;
ALTER TABLE trivia_rounds DROP COLUMN revealed_at;
ALTER TABLE trivia_rounds DROP COLUMN hint_at;
ALTER TABLE trivia_rounds DROP COLUMN deadline;
ALTER TABLE trivia_rounds DROP COLUMN opened_at;
ALTER TABLE trivia_rounds DROP COLUMN right_choice;
ALTER TABLE trivia_rounds DROP COLUMN choices;
DROP INDEX trivia_games_running_channel;
ALTER TABLE trivia_games DROP COLUMN lease_until;
ALTER TABLE trivia_games DROP COLUMN owner;
ALTER TABLE trivia_games DROP COLUMN deck;
