-- +goose Up
-- Trivia options, as in the SQLite migration of the same version: the
-- filters and goal a game was started with, and the questions each scope has
-- been asked since its pool last started over.
ALTER TABLE trivia_games ADD COLUMN difficulty TEXT NOT NULL DEFAULT 'mixed';
ALTER TABLE trivia_games ADD COLUMN topic TEXT NOT NULL DEFAULT 'mixed';
ALTER TABLE trivia_games ADD COLUMN spoilers BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE trivia_games ADD COLUMN target INTEGER NOT NULL DEFAULT 0;

CREATE TABLE trivia_seen (
	scope     TEXT NOT NULL,
	trivia_id TEXT NOT NULL,
	seen_at   BIGINT NOT NULL,
	PRIMARY KEY (scope, trivia_id)
);

CREATE INDEX trivia_answers_time ON trivia_answers(answered_at);

-- +goose Down
DROP INDEX trivia_answers_time;
DROP TABLE trivia_seen;
ALTER TABLE trivia_games DROP COLUMN target;
ALTER TABLE trivia_games DROP COLUMN spoilers;
ALTER TABLE trivia_games DROP COLUMN topic;
ALTER TABLE trivia_games DROP COLUMN difficulty;
