// Package storetest runs tests and benchmarks on every backend of
// bot/store: SQLite in a temporary directory always, and PostgreSQL when
// BALLERINA_TEST_DATABASE_URL names a server, each test in a database of
// its own, created for it and dropped after it, so runs cannot collide.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/jackc/pgx/v5"
)

// EnvURL names the PostgreSQL server the tests may use: an admin URL (a role
// that may CREATE DATABASE), such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvURL = "BALLERINA_TEST_DATABASE_URL"

// Backends are the names Run gives its subtests.
var Backends = []string{"sqlite", "postgres"}

// Run runs test once per backend, as subtests named after Backends. The
// PostgreSQL subtest skips, saying how to enable it, when EnvURL is unset.
func Run(t *testing.T, test func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, backend := range Backends {
		t.Run(backend, func(t *testing.T) { test(t, Open(t, backend)) })
	}
}

// RunTarget runs test once per backend with the Target of a fresh database,
// for tests that open it themselves, and open it again as a restart would.
func RunTarget(t *testing.T, test func(t *testing.T, target string)) {
	t.Helper()
	for _, backend := range Backends {
		t.Run(backend, func(t *testing.T) { test(t, Target(t, backend)) })
	}
}

// Bench runs bench once per backend, as sub-benchmarks.
func Bench(b *testing.B, bench func(b *testing.B, db *store.DB)) {
	b.Helper()
	for _, backend := range Backends {
		b.Run(backend, func(b *testing.B) { bench(b, Open(b, backend)) })
	}
}

// Open opens a fresh, migrated database of the backend, closed when the test
// ends.
func Open(tb testing.TB, backend string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), Target(tb, backend))
	if err != nil {
		tb.Fatalf("open the %s test database: %v", backend, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// Target returns what store.Open (or DATABASE_URL) takes for a fresh, empty
// database of the backend: a file in the test's temporary directory, or the
// URL of a PostgreSQL database created for the test and dropped when it
// ends. Tests that reopen a database (a restart) use it.
func Target(tb testing.TB, backend string) string {
	tb.Helper()
	switch backend {
	case "sqlite":
		return filepath.Join(tb.TempDir(), "state.db")
	case "postgres":
		return createDatabase(tb)
	}
	tb.Fatalf("unknown backend %q", backend)
	return ""
}

// createDatabase creates ballerina_test_<random> on the server EnvURL names
// and returns its URL; the database is dropped (FORCE: connections a failed
// test left open do not keep it) at cleanup.
func createDatabase(tb testing.TB) string {
	tb.Helper()
	admin := strings.TrimSpace(os.Getenv(EnvURL))
	if admin == "" {
		tb.Skipf("PostgreSQL tests are off: set %s to an admin URL, such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable", EnvURL)
	}
	u, err := url.Parse(admin)
	if err != nil || !store.IsPostgresURL(admin) {
		tb.Fatalf("%s is not a postgres:// URL: %s", EnvURL, store.RedactURL(admin))
	}
	buf := make([]byte, 6)
	rand.Read(buf)
	name := "ballerina_test_" + hex.EncodeToString(buf)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("connect to %s (%s): %v", store.RedactURL(admin), EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create the test database: %v", err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			tb.Errorf("drop the test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop the test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
