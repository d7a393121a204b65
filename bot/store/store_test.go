package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestOpenAppliesMigrationsOnceAndUsesWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	for i := 0; i < 2; i++ { // the second open finds every migration applied
		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		var mode string
		if err := db.SQL().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" {
			t.Errorf("journal_mode = %q, want wal", mode)
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = '000_init.sql'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("000_init.sql recorded %d times, want 1", n)
		}
		db.Close()
	}
}

func TestOpenFailsOnUnwritablePath(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing-dir", "x", "state.db"))
	if err == nil {
		t.Fatal("open in a missing directory succeeded")
	}
}
