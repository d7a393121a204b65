package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDatabaseURLForms(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"", "ballerina.db", ""},
		{"/data/a#b.db", "/data/a#b.db", ""}, // a path is a path: "#", "?" and "%" are characters
		{"/data/what?.db", "/data/what?.db", ""},
		{"state/100%.db", "state/100%.db", ""},
		{"sqlite:///data/x.db", "/data/x.db", ""},
		{"sqlite://x.db", "x.db", ""},
		{"sqlite:x.db", "x.db", ""},
		{"SQLite:///data/x.db", "/data/x.db", ""},
		{"file:/data/a%23b.db", "/data/a#b.db", ""}, // a URL is a URL: escapes decoded
		{"file:///data/x.db", "/data/x.db", ""},
		{"file://localhost/data/x.db", "/data/x.db", ""},
		{"postgres://bot@db/ballerina", "postgres://bot@db/ballerina", ""}, // bot/store opens PostgreSQL
		{"postgresql://bot:pw@db:5433/ballerina?sslmode=disable", "postgresql://bot:pw@db:5433/ballerina?sslmode=disable", ""},
		{"postgres://bot:p%zz@db/ballerina", "", "is not a valid URL"},
		{"mysql://bot@db/ballerina", "", "give a SQLite file path, a sqlite: or file: URL, or a postgres:// URL"},
		{"file://server/x.db", "", "a file:// URL needs an absolute path"},
		{"sqlite:///data/x.db?mode=ro", "", "takes no ?query or #fragment"},
		{"file:/data/a#b.db", "", "takes no ?query or #fragment"},
		{"file:/data/%zz.db", "", "is not a valid sqlite: or file: URL"},
	}
	for _, tc := range tests {
		got, err := databasePath(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("databasePath(%q) = %q, %v; want an error saying %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("databasePath(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	// A PostgreSQL server that is not there: one line saying so, the
	// password hidden.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, _, errOut := runCLI(t, map[string]string{"DATABASE_URL": "postgres://bot:s3cret@" + addr + "/ballerina?sslmode=disable"}, "", "console")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if code != exitFailed || len(lines) != 1 || !strings.Contains(errOut, "cannot reach the state database") || strings.Contains(errOut, "s3cret") {
		t.Errorf("postgres down: exit %d, stderr %q", code, errOut)
	}
}

// The database lands exactly at the path DATABASE_URL names, however odd
// its characters: /data/a#b.db used to write /data/a.
func TestDatabaseLandsAtTheNamedPath(t *testing.T) {
	for _, name := range []string{"a#b.db", "what?.db", "100%.db", "50%25.db", "sp ace.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			code, _, errOut := runCLI(t, map[string]string{"DATABASE_URL": filepath.Join(dir, name)}, "/trivia leaderboard\n", "console")
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range entries {
				found = found || e.Name() == name
				if !strings.HasPrefix(e.Name(), name) { // name, name-wal, name-shm only
					t.Errorf("the database wrote %q in %s", e.Name(), dir)
				}
			}
			if !found {
				t.Errorf("no %q in %s", name, dir)
			}
		})
	}
}

// A database the bot may read but not write stops it at start with one
// clear line, instead of starting and failing every write later.
func TestReadOnlyDatabaseFailsAtStart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "state.db")
	env := map[string]string{"DATABASE_URL": db}
	if code, _, errOut := runCLI(t, env, "", "console"); code != exitOK {
		t.Fatalf("creating the database: exit %d: %s", code, errOut)
	}
	readOnly(t, db)
	code, out, errOut := runCLI(t, env, "/trivia leaderboard\n", "console")
	if code != exitFailed || out != "" {
		t.Errorf("exit %d, stdout %q; want exit %d before any command ran", code, out, exitFailed)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "the state database is read-only") || !strings.Contains(lines[0], db) {
		t.Errorf("want one line saying the database is read-only, got:\n%s", errOut)
	}
}
