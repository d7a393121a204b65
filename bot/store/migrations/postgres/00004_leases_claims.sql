-- +goose Up
-- Leases: a named job (the quote of the day of a server, later a trivia game)
-- held by one process until expires_at (Unix milliseconds), renewed while it
-- works; another process may take a lease only once it has expired.
CREATE TABLE leases (
	name        TEXT PRIMARY KEY,
	holder      TEXT NOT NULL,
	acquired_at BIGINT NOT NULL,
	expires_at  BIGINT NOT NULL
);

-- The ledger row of a day is now written before the post is sent (the claim):
-- holder and claimed_at say which process claimed it and when; posted_at stays
-- 0 until the post is complete. nonce is the one Discord saw.
ALTER TABLE qotd_ledger ADD COLUMN holder TEXT NOT NULL DEFAULT '';
ALTER TABLE qotd_ledger ADD COLUMN claimed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE qotd_ledger ADD COLUMN nonce TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE qotd_ledger DROP COLUMN nonce;
ALTER TABLE qotd_ledger DROP COLUMN claimed_at;
ALTER TABLE qotd_ledger DROP COLUMN holder;
DROP TABLE leases;
