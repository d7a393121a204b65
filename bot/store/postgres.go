package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgConnectTimeout bounds each connection attempt when the URL sets none
// (connect_timeout=…): a server that does not answer fails Open in seconds.
const pgConnectTimeout = 10 * time.Second

// openPostgres opens a pool of connections to the PostgreSQL database at
// rawURL, shares it with database/sql (stdlib.OpenDBFromPool), migrates it
// under goose's advisory lock and checks that it can write. Errors name the
// URL without its password.
func openPostgres(ctx context.Context, rawURL string) (*DB, error) {
	shown := RedactURL(rawURL)
	cfg, err := pgxpool.ParseConfig(rawURL)
	if err != nil {
		// pgx's message quotes the URL with the password masked.
		return nil, fmt.Errorf("database URL %s: %w", shown, err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = pgConnectTimeout
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", shown, classify(err))
	}
	db := stdlib.OpenDBFromPool(pool)
	closeAll := func() error {
		err := db.Close()
		pool.Close()
		return err
	}
	if err := db.PingContext(ctx); err != nil {
		closeAll()
		return nil, fmt.Errorf("open database %s: %w (is PostgreSQL running there, and are the user, password and database right?)", shown, classify(err))
	}
	d := &DB{sql: db, h: &handle{db: db, pg: true}, close: closeAll}
	if err := migrate(ctx, db, true); err != nil {
		closeAll()
		return nil, fmt.Errorf("migrate database %s: %w", shown, err)
	}
	if err := d.checkWritable(ctx); err != nil {
		closeAll()
		return nil, fmt.Errorf("%w: %s (%w); the user needs INSERT and DELETE on the bot's tables", ErrNotWritable, shown, err)
	}
	return d, nil
}
