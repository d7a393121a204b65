package store_test

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// latestVersion is the newest migration, in both dialects' directories.
const latestVersion = 4

// versions returns how many times goose recorded each migration version.
func versions(t *testing.T, db *store.DB) map[int64]int {
	t.Helper()
	rows, err := db.SQL().QueryContext(context.Background(), `SELECT version_id FROM goose_db_version WHERE is_applied`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]int{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		got[v]++
	}
	return got
}

func checkVersions(t *testing.T, db *store.DB) {
	t.Helper()
	got := versions(t, db)
	for v := int64(0); v <= latestVersion; v++ {
		if got[v] != 1 {
			t.Errorf("migration %d recorded %d times, want once (all: %v)", v, got[v], got)
		}
	}
	if len(got) != latestVersion+1 {
		t.Errorf("recorded versions %v, want 0…%d", got, latestVersion)
	}
}

func TestOpenAppliesMigrationsOnce(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		for i := 0; i < 2; i++ { // the second open finds every migration applied
			db, err := store.Open(ctx, target)
			if err != nil {
				t.Fatalf("open #%d: %v", i+1, err)
			}
			checkVersions(t, db)
			if !db.Postgres() {
				var mode string
				if err := db.SQL().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
					t.Fatal(err)
				}
				if mode != "wal" {
					t.Errorf("journal_mode = %q, want wal", mode)
				}
			}
			db.Close()
		}
	})
}

// Processes starting at once over one database: the migration lock lets one
// migrate while the others wait, and all of them open it.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, target string) {
		const n = 4
		start := make(chan struct{})
		dbs := make([]*store.DB, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				dbs[i], errs[i] = store.Open(context.Background(), target)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("open #%d: %v", i, err)
			}
			defer dbs[i].Close()
		}
		checkVersions(t, dbs[0])
		// Every handle works on the one schema.
		for i, db := range dbs {
			if err := db.QOTD().SaveSchedule(context.Background(), qotd.Schedule{GuildID: "g", ChannelID: "c", Zone: "UTC", Hour: i}); err != nil {
				t.Errorf("handle %d: %v", i, err)
			}
		}
	})
}

func TestOpenFailsOnUnwritablePath(t *testing.T) {
	_, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "missing-dir", "x", "state.db"))
	if err == nil {
		t.Fatal("open in a missing directory succeeded")
	}
}

// A database made by the hand-written migrator that came before goose
// (testdata/legacy holds its SQL as it was) is taken over with its data.
func TestOpenTakesOverLegacyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "state.db")
	old, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
	)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"000_init.sql", "010_trivia.sql", "020_qotd.sql"} {
		body, err := os.ReadFile(filepath.Join("testdata", "legacy", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := old.Exec(`INSERT INTO schema_migrations(name) VALUES (?)`, name); err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range []string{
		`INSERT INTO qotd_schedules (guild_id, channel_id, hour, minute, zone, paused, since) VALUES ('g1', 'c1', 9, 30, 'Asia/Seoul', 1, 1714550400000)`,
		`INSERT INTO qotd_ledger VALUES ('g1', '2024-05-01', 'c1', 'm1', 'q01', 0, 1714550400000)`,
		`INSERT INTO qotd_rotation VALUES ('g1', 0, 'q01')`,
		`INSERT INTO qotd_used VALUES ('g1', 'q01')`,
		`INSERT INTO trivia_games (id, scope, channel_id, starter_id, starter_name, mode, rounds, seconds, started_at, finished_at)
			VALUES ('t1', 'g:g1', 'c1', 'u1', 'Alice', 'buttons', 5, 20, 1714550400000, 1714550500000)`,
		`INSERT INTO trivia_answers VALUES ('t1', 1, 'u1', 'Alice', 'A', 1, 100, 1, 1500, 1714550401000)`,
	} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	old.Close()

	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkVersions(t, db)
	q := db.QOTD()
	s, ok, err := q.Schedule(ctx, "g1")
	if err != nil || !ok || !s.Paused || s.Hour != 9 || s.Minute != 30 || s.LastDate != "2024-05-01" {
		t.Errorf("schedule after the takeover: %+v %v %v", s, ok, err)
	}
	if p, ok, err := q.Post(ctx, "g1", "2024-05-01"); err != nil || !ok || p.MessageID != "m1" {
		t.Errorf("ledger after the takeover: %+v %v %v", p, ok, err)
	}
	if c, err := q.ClaimPost(ctx, "g1", "2024-05-01", "i1"); err != nil || !c.Posted {
		t.Errorf("claiming a day the old code posted: %+v %v", c, err)
	}
	board, err := db.Trivia().Leaderboard(ctx, "g:g1", 10)
	if err != nil || len(board) != 1 || board[0].Points != 100 || board[0].Correct != 1 {
		t.Errorf("leaderboard after the takeover: %+v %v", board, err)
	}
	var _ trivia.Store = db.Trivia()
}

func TestOpenUnreachablePostgres(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: the connection is refused
	url := "postgres://bot:s3cret@" + addr + "/ballerina?sslmode=disable&connect_timeout=5"
	_, err = store.Open(context.Background(), url)
	if !errors.Is(err, store.ErrUnreachable) {
		t.Fatalf("open: %v, want ErrUnreachable", err)
	}
	if strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "is PostgreSQL running") {
		t.Errorf("message %q: want the password hidden and a hint", err)
	}
}

// A connection the server drops mid-run fails one call with ErrUnreachable;
// the next call gets a new connection.
func TestDroppedConnectionIsUnreachableThenRecovers(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		if !db.Postgres() {
			t.Skip("a SQLite file cannot go away like a server")
		}
		ctx := context.Background()
		err := db.Exec(ctx, `SELECT pg_terminate_backend(pg_backend_pid())`)
		if !errors.Is(err, store.ErrUnreachable) {
			t.Fatalf("dropped connection: %v, want ErrUnreachable", err)
		}
		if _, err := db.QOTD().Schedules(ctx); err != nil {
			t.Fatalf("after the drop: %v", err)
		}
	})
}

func TestURLHelpers(t *testing.T) {
	tests := []struct {
		in       string
		postgres bool
		redacted string
	}{
		{"postgres://bot:s3cret@db:5432/ballerina", true, "postgres://bot:xxxxx@db:5432/ballerina"},
		{"PostgreSQL://bot@db/ballerina?sslmode=disable", true, "postgresql://bot@db/ballerina?sslmode=disable"},
		{"postgres://db/ballerina?password=s3cret&sslmode=disable", true, "postgres://db/ballerina?password=xxxxx&sslmode=disable"},
		{"/data/ballerina.db", false, "/data/ballerina.db"},
		{"sqlite:///data/x.db", false, "sqlite:///data/x.db"},
		{"postgres.db", false, "postgres.db"},
	}
	for _, tc := range tests {
		if got := store.IsPostgresURL(tc.in); got != tc.postgres {
			t.Errorf("IsPostgresURL(%q) = %v", tc.in, got)
		}
		if got := store.RedactURL(tc.in); got != tc.redacted {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.redacted)
		}
	}
}

func TestInstanceID(t *testing.T) {
	if got := store.InstanceID(func(k string) string { return map[string]string{"INSTANCE_ID": " bot-1 "}[k] }); got != "bot-1" {
		t.Errorf("with INSTANCE_ID: %q", got)
	}
	empty := func(string) string { return "" }
	a, b := store.InstanceID(empty), store.InstanceID(empty)
	if a == b || !strings.Contains(a, "-") {
		t.Errorf("without INSTANCE_ID: %q and %q, want two distinct host-pid-random ids", a, b)
	}
}
