// Package store keeps the bot's state (trivia scores, quote-of-the-day
// schedules and ledger, leases) in SQLite through modernc.org/sqlite, without
// cgo, or in PostgreSQL through pgx. Both backends share one implementation
// over database/sql (see dialect.go); migrations are goose's, one directory
// per dialect. It implements the small storage interfaces that package
// commands declares.
package store

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"
)

// DB is an open state database with every migration applied.
type DB struct {
	sql   *sql.DB
	h     *handle
	close func() error

	clockMu sync.RWMutex
	clock   func() time.Time
}

// ErrNotWritable is returned by Open when the database can be read but not
// written: a read-only file, or a directory where SQLite cannot create the
// -wal and -shm files beside it.
var ErrNotWritable = errors.New("the state database is not writable")

// Open opens the state database that target names and applies the
// migrations that have not run yet, under a lock so that two processes
// starting at once do not race. A postgres:// or postgresql:// URL opens
// PostgreSQL (a pool of connections); anything else is the path of a SQLite
// file, taken literally: "#", "?" and "%" are parts of the name. A database
// that cannot be reached fails with an error wrapping ErrUnreachable.
func Open(ctx context.Context, target string) (*DB, error) {
	if IsPostgresURL(target) {
		return openPostgres(ctx, target)
	}
	return openSQLite(ctx, target)
}

// IsPostgresURL reports whether s is a postgres:// or postgresql:// URL.
func IsPostgresURL(s string) bool {
	lower := strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// RedactURL returns a database URL fit for logs: the password, in the user
// part or as a password= parameter, is replaced by "xxxxx". A SQLite path is
// returned as it is.
func RedactURL(s string) string {
	if !IsPostgresURL(s) {
		return s
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "postgres://(an unreadable URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// SetClock replaces the clock the store stamps leases, claims and schedule
// changes with (time.Now by default); tests move it by hand.
func (d *DB) SetClock(now func() time.Time) {
	d.clockMu.Lock()
	defer d.clockMu.Unlock()
	d.clock = now
}

func (d *DB) now() time.Time {
	d.clockMu.RLock()
	defer d.clockMu.RUnlock()
	if d.clock == nil {
		return time.Now()
	}
	return d.clock()
}

// Postgres reports whether the database is PostgreSQL.
func (d *DB) Postgres() bool { return d.h.pg }

// Close closes the database.
func (d *DB) Close() error { return d.close() }

// SQL exposes the handle for tests in this package's subpackages and tools.
// Its queries take the backend's own placeholders.
func (d *DB) SQL() *sql.DB { return d.sql }

// checkWritable writes and deletes a row. SQLite opens a file it may not
// write read-only without a word, and a database whose migrations have all
// run needs no write to start: without this, the bot would start and then
// fail every write.
func (d *DB) checkWritable(ctx context.Context) error {
	if _, err := d.h.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('write_check', 'ok')
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`); err != nil {
		return err
	}
	_, err := d.h.ExecContext(ctx, `DELETE FROM meta WHERE key = 'write_check'`)
	return err
}
