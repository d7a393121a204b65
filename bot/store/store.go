// Package store keeps the bot's state (trivia scores, quote-of-the-day
// schedules and ledger) in SQLite through modernc.org/sqlite, without cgo. It
// implements the small storage interfaces that package commands declares.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open state database with every migration applied.
type DB struct {
	sql *sql.DB
}

// ErrNotWritable is returned by Open when the database can be read but not
// written: a read-only file, or a directory where SQLite cannot create the
// -wal and -shm files beside it.
var ErrNotWritable = errors.New("the state database is not writable")

// Open opens (creating if needed) the SQLite database at path, switches it to
// WAL mode, applies the embedded migrations that have not run yet and checks
// that it can write. path is a file path, taken literally: "#", "?" and "%"
// are parts of the name.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + uriPath(path) + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One writer at a time is SQLite's model; a single connection also keeps
	// the pragmas above in force for every statement.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w (does its directory exist, and may the bot write there? SQLite keeps -wal and -shm files beside it)", path, err)
	}
	d := &DB{sql: db}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database %s: %w", path, err)
	}
	if err := d.checkWritable(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s (%w); check the permissions of the file and of its directory, where SQLite keeps its -wal and -shm files", ErrNotWritable, path, err)
	}
	return d, nil
}

// uriPath escapes a file path for SQLite's file: URI, where "?" would
// start the query, "#" a fragment and "%" an escape. A leading "//" would
// name a host, so the path is cleaned first.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.Clean(path))
}

// checkWritable writes and deletes a row. SQLite opens a file it may not
// write read-only without a word, and a database whose migrations have all
// run needs no write to start: without this, the bot would start and then
// fail every write.
func (d *DB) checkWritable(ctx context.Context) error {
	if _, err := d.sql.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('write_check', 'ok')
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`); err != nil {
		return err
	}
	_, err := d.sql.ExecContext(ctx, `DELETE FROM meta WHERE key = 'write_check'`)
	return err
}

// Close closes the database.
func (d *DB) Close() error { return d.sql.Close() }

// SQL exposes the handle for tests in this package's subpackages and tools.
func (d *DB) SQL() *sql.DB { return d.sql }

// migrate applies each migrations/NNN_name.sql once, in name order, each in
// its own transaction together with its row in schema_migrations.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		var done int
		if err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&done); err != nil {
			return fmt.Errorf("check %s: %w", base, err)
		}
		if done > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := d.sql.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(name) VALUES (?)`, base); err != nil {
			tx.Rollback()
			return fmt.Errorf("record %s: %w", base, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit %s: %w", base, err)
		}
	}
	return nil
}
