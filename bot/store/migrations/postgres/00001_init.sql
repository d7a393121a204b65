-- +goose Up
-- The store's own bookkeeping; feature tables come in later migrations.
CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- +goose Down
DROP TABLE meta;
