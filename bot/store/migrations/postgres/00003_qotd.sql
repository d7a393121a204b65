-- +goose Up
-- Quote of the day, as in the SQLite migration of the same version: one
-- schedule per server, the ledger of posts (one row per server and local
-- date, the key that makes each day's post happen once) and each server's
-- place in its rotation. Times are Unix milliseconds; local dates are
-- YYYY-MM-DD in the schedule's timezone.
CREATE TABLE qotd_schedules (
	guild_id    TEXT PRIMARY KEY,
	channel_id  TEXT NOT NULL,
	hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
	minute      INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
	zone        TEXT NOT NULL,              -- IANA name
	paused      BOOLEAN NOT NULL DEFAULT false,
	since       BIGINT NOT NULL DEFAULT 0,  -- set or resumed at: days before start after it
	disabled    TEXT NOT NULL DEFAULT '',   -- why a failure turned it off; '' when healthy
	disabled_at BIGINT NOT NULL DEFAULT 0,
	updated_by  TEXT NOT NULL DEFAULT '',
	updated_at  BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE qotd_ledger (
	guild_id   TEXT NOT NULL,
	local_date TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	message_id TEXT NOT NULL,
	quote_id   TEXT NOT NULL,
	cycle      INTEGER NOT NULL,
	posted_at  BIGINT NOT NULL,
	PRIMARY KEY (guild_id, local_date)
);

-- The quotes a server has had in its current cycle; a new cycle starts empty.
CREATE TABLE qotd_rotation (
	guild_id   TEXT PRIMARY KEY,
	cycle      INTEGER NOT NULL,
	last_quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE qotd_used (
	guild_id TEXT NOT NULL,
	quote_id TEXT NOT NULL,
	PRIMARY KEY (guild_id, quote_id)
);

-- +goose Down
DROP TABLE qotd_used;
DROP TABLE qotd_rotation;
DROP TABLE qotd_ledger;
DROP TABLE qotd_schedules;
