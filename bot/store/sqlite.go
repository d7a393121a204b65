package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// openSQLite opens (creating if needed) the SQLite database at path, in WAL
// mode, migrates it under a lock file and checks that it can write.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + uriPath(path) + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	// The lock is taken before the first connection: switching a new file
	// to WAL needs an exclusive lock that SQLite's busy handler does not
	// wait for, so processes opening one file at once take turns.
	unlock, err := lockFile(path + "-migrate.lock")
	if err != nil {
		if errors.Is(err, os.ErrPermission) || errors.Is(err, unix.EROFS) {
			return nil, fmt.Errorf("%w: %s (%w); check the permissions of the file and of its directory, where SQLite keeps its -wal and -shm files", ErrNotWritable, path, err)
		}
		return nil, fmt.Errorf("open database %s: %w (does its directory exist, and may the bot write there? SQLite keeps -wal and -shm files beside it)", path, err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		unlock()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One writer at a time is SQLite's model; a single connection also keeps
	// the pragmas above in force for every statement.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		unlock()
		db.Close()
		return nil, fmt.Errorf("open database %s: %w (does its directory exist, and may the bot write there? SQLite keeps -wal and -shm files beside it)", path, err)
	}
	d := &DB{sql: db, h: &handle{db: db}, close: db.Close}
	err = migrate(ctx, db, false)
	unlock()
	if err != nil {
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

// lockFile takes an exclusive flock(2) on the file at path (created if
// missing), waiting while another process or Open holds it, and returns its
// release. SQLite cannot lock across a migration itself: goose runs each
// migration in a transaction of its own, and BEGIN IMMEDIATE on another
// connection would block goose's writes instead of the other process's. The
// lock is a file beside the database, not the database: closing a second
// descriptor of the database would drop SQLite's own POSIX locks. The wait
// is not cancellable (an abandoned flock could land on a reused descriptor);
// it lasts as long as the other side's migrations.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open the migration lock: %w", err)
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("take the migration lock %s: %w", path, err)
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
