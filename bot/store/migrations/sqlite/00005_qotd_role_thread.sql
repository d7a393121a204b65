-- +goose Up
-- /qotd set's role to ping with each post ('' none) and whether each post
-- opens a discussion thread (0/1).
ALTER TABLE qotd_schedules ADD COLUMN role_id TEXT NOT NULL DEFAULT '';
ALTER TABLE qotd_schedules ADD COLUMN thread INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE qotd_schedules DROP COLUMN thread;
ALTER TABLE qotd_schedules DROP COLUMN role_id;
