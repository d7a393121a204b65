package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/pressly/goose/v3/lock"
)

// Migrations are goose's, embedded, one directory per dialect with the same
// versions and the same schema (types adapted). A new migration goes into
// both directories under the same number.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// legacyVersions maps the files of the hand-written migrator that came before
// goose (recorded by name in schema_migrations) to the goose versions that
// carry the same SQL, so a database it made is taken over as it is.
var legacyVersions = map[string]int64{
	"000_init.sql":   1,
	"010_trivia.sql": 2,
	"020_qotd.sql":   3,
}

// migrate applies the migrations that have not run yet. PostgreSQL is locked
// by goose's session locker (an advisory lock held on one connection while
// the migrations run); SQLite is locked by the caller (lockFile).
func migrate(ctx context.Context, db *sql.DB, pg bool) error {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	var opts []goose.ProviderOption
	if pg {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
		// Waiting processes try again every second, for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	} else if err := takeOverLegacy(ctx, db); err != nil {
		return err
	}
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("apply migrations: %w", classify(err))
	}
	return nil
}

// takeOverLegacy records, in goose's version table, the migrations the old
// migrator applied to a SQLite database, in one transaction; goose then
// applies only what is newer. A database that has goose's table already, or
// no schema_migrations, is left alone.
func takeOverLegacy(ctx context.Context, db *sql.DB) error {
	exists := func(name string) (bool, error) {
		var n int
		err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
		return n > 0, err
	}
	legacy, err := exists("schema_migrations")
	if err != nil || !legacy {
		return err
	}
	if done, err := exists(goose.DefaultTablename); err != nil || done {
		return err
	}
	rows, err := db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return fmt.Errorf("read the old migrations: %w", err)
	}
	var versions []int64
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("read the old migrations: %w", err)
		}
		v, ok := legacyVersions[name]
		if !ok {
			rows.Close()
			return fmt.Errorf("the database has migration %s, which this version does not know; run the version that made it", name)
		}
		versions = append(versions, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the old migrations: %w", err)
	}
	store, err := database.NewStore(database.DialectSQLite3, goose.DefaultTablename)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	err = store.CreateVersionTable(ctx, tx)
	for _, v := range append([]int64{0}, versions...) {
		if err == nil {
			err = store.Insert(ctx, tx, database.InsertRequest{Version: v})
		}
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return errors.Join(fmt.Errorf("take over the old migrations: %w", err), tx.Rollback())
	}
	return nil
}
