package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCLI runs the binary's entry point in an empty directory (no .env) with
// the given environment.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (code int, out, errOut string) {
	t.Helper()
	t.Chdir(t.TempDir())
	var o, e bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = run(context.Background(), args, strings.NewReader(stdin), &o, &e, getenv)
	return code, o.String(), e.String()
}

func TestAskOneShot(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "ask", "--json", "who plays the villain")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var res struct {
		Found   bool     `json:"found"`
		Text    string   `json:"text"`
		Sources []string `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not one JSON object: %q: %v", out, err)
	}
	if !res.Found || !strings.Contains(res.Text, "Kim Ji-hoon") || len(res.Sources) == 0 {
		t.Errorf("got %+v", res)
	}
}

func TestAskOneShotFailures(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty", []string{"ask"}, "Give a question"},
		{"too long", []string{"ask", strings.Repeat("a", 10000)}, "at most 500 characters; yours has 10000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := runCLI(t, nil, "", tc.args...)
			if code != exitFailed {
				t.Errorf("exit %d, want %d", code, exitFailed)
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("output %q does not say %q", out, tc.want)
			}
		})
	}
}

func TestConsoleJSONKeepsGoingAfterBadInput(t *testing.T) {
	in := strings.Join([]string{
		"/nope",
		"",
		"/cast name:okjoo name:again",
		"/ask " + strings.Repeat("x", 10000),
		"/ask question:@everyone who plays the villain",
		"/cast name:jun jong seo",
		"/ask question:what is the budget of the film",
	}, "\n")
	code, out, _ := runCLI(t, nil, in, "console", "--json")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 {
		t.Fatalf("want one object per input line (7), got %d:\n%s", len(lines), out)
	}
	type result struct {
		Found   bool     `json:"found"`
		Text    string   `json:"text"`
		Sources []string `json:"sources"`
	}
	var got []result
	for _, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		got = append(got, r)
	}
	for i := 0; i < 4; i++ {
		if got[i].Found || got[i].Text == "" {
			t.Errorf("line %d: want a not-found message, got %+v", i+1, got[i])
		}
	}
	if !got[4].Found || !strings.Contains(got[4].Text, "Kim Ji-hoon") {
		t.Errorf("@everyone question: got %+v", got[4])
	}
	if !got[5].Found || !strings.Contains(got[5].Text, "Ok-ju") {
		t.Errorf("/cast jun jong seo: got %+v", got[5])
	}
	if got[6].Found || !strings.Contains(got[6].Text, "I don't know") {
		t.Errorf("budget: want an honest abstention, got %+v", got[6])
	}
}

func TestFactsLint(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "facts", "lint")
	if code != exitOK || !strings.HasPrefix(out, "ok: 5 sources") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestBadArgumentsAndConfiguration(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown subcommand", nil, []string{"dance"}, `unknown command "dance"`},
		{"unknown flag", nil, []string{"console", "--yaml"}, "flag provided but not defined"},
		{"bad log level", map[string]string{"LOG_LEVEL": "loud"}, nil, "LOG_LEVEL"},
		{"bad log format", map[string]string{"LOG_FORMAT": "xml"}, nil, "LOG_FORMAT"},
		{"bad api url", map[string]string{"DISCORD_API_URL": "discord.com"}, nil, "DISCORD_API_URL"},
		{"bad guild id", map[string]string{"DISCORD_GUILD_ID": "my-server"}, nil, "DISCORD_GUILD_ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.env, "", tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tc.want)
			}
		})
	}
}

// A broken .env says which line is wrong and never what it holds: the
// parser's own message quotes the rest of the file, bot token included.
func TestBrokenDotenvNamesTheLineNotItsContent(t *testing.T) {
	tests := []struct {
		name, env, want string
	}{
		{"a bare word", "JUSTAWORD\nDISCORD_TOKEN=MTIz.SECRET.x\n", ".env line 1 is not NAME=value"},
		{"an unclosed quote", "# comment\nLOG_LEVEL=info\nDISCORD_TOKEN='MTIz.SECRET.x\nLOG_FORMAT=text\n", ".env line 3 opens a quoted value that is never closed"},
		{"after a quoted value over two lines", "A=\"one\ntwo\"\nB=1\nDISCORD_TOKEN MTIz.SECRET.x\n", ".env line 4 is not NAME=value"},
		{"windows line ends, no final newline", "A=1\r\nB=2\r\nBAD-NAME=MTIz.SECRET.x", ".env line 3 is not NAME=value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(tc.env), 0o600); err != nil {
				t.Fatal(err)
			}
			var o, e bytes.Buffer
			code := run(context.Background(), []string{"ask", "hi"}, strings.NewReader(""), &o, &e, func(string) string { return "" })
			if code != exitUsage || !strings.Contains(e.String(), tc.want) {
				t.Errorf("exit %d, stderr %q, want it to say %q", code, e.String(), tc.want)
			}
			if strings.Contains(e.String()+o.String(), "SECRET") {
				t.Errorf("the output shows the token: %q", e.String())
			}
		})
	}
}

func TestTokenNeverLogged(t *testing.T) {
	cfg, err := loadConfig(func(k string) string {
		if k == "DISCORD_TOKEN" {
			return "secret-token-value"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	log := cfg.logger(&buf)
	log.Error("connect failed", "err", errString("401 for token secret-token-value"), "detail", "Bot secret-token-value")
	log.Error("callback failed: POST /api/v10/interactions/1/interaction-token-value/callback",
		"err", fmt.Errorf("wrapped: %w", errString(`Post "http://proxy:8080/api/v9/webhooks/2/interaction-token-value/messages/@original": timeout`)),
		"url", "https://discord.com/api/v9/interactions/1/interaction-token-value/callback")
	for _, secret := range []string{"secret-token-value", "interaction-token-value"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("token in log: %s", buf.String())
		}
	}
	if n := strings.Count(buf.String(), "[redacted]"); n != 5 {
		t.Errorf("%d redactions, want 5: %s", n, buf.String())
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// The console is for people: it logs warnings and errors only, unless
// LOG_LEVEL asks for more.
func TestConsoleLogsWarningsOnlyUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		level string
		info  bool
	}{{"", false}, {"info", true}, {"debug", true}} {
		env := map[string]string{"DATABASE_URL": filepath.Join(t.TempDir(), "state.db"), "LOG_LEVEL": tc.level}
		code, out, errOut := runCLI(t, env, "/help\n", "console")
		if code != exitOK || !strings.Contains(out, "/ask") {
			t.Fatalf("LOG_LEVEL=%q: exit %d, stdout %q", tc.level, code, out)
		}
		if got := strings.Contains(errOut, "level=INFO"); got != tc.info {
			t.Errorf("LOG_LEVEL=%q: info lines logged %v, want %v:\n%s", tc.level, got, tc.info, errOut)
		}
	}
}

// TRIVIA_LEASE and TRIVIA_SWEEP tune how fast a trivia game outlives its
// owner; nonsense is a clear configuration error.
func TestTriviaLeaseSettings(t *testing.T) {
	for _, tc := range []struct {
		lease, sweep string
		want         [2]time.Duration
		bad          string
	}{
		{"", "", [2]time.Duration{}, ""},
		{"5s", "500ms", [2]time.Duration{5 * time.Second, 500 * time.Millisecond}, ""},
		{"forever", "", [2]time.Duration{}, `TRIVIA_LEASE "forever" is not a duration from 1s to 10m0s`},
		{"", "1ms", [2]time.Duration{}, `TRIVIA_SWEEP "1ms" is not a duration from 100ms to 10m0s`},
	} {
		env := map[string]string{"TRIVIA_LEASE": tc.lease, "TRIVIA_SWEEP": tc.sweep}
		cfg, err := loadConfig(func(k string) string { return env[k] })
		if tc.bad != "" {
			if !errors.Is(err, errConfig) || !strings.Contains(err.Error(), tc.bad) {
				t.Errorf("%v: err %v, want %q", env, err, tc.bad)
			}
			continue
		}
		if err != nil || [2]time.Duration{cfg.TriviaLease, cfg.TriviaSweep} != tc.want {
			t.Errorf("%v: %v %v, %v", env, cfg.TriviaLease, cfg.TriviaSweep, err)
		}
	}
}
