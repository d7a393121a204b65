package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/joho/godotenv"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// A deployment runs `ballerina discord`: without a token it must fail
// loudly, not fall back to a console that reads an empty stdin and exits 0.
func TestDiscordSubcommandNeedsAToken(t *testing.T) {
	code, out, errOut := runCLI(t, map[string]string{"DISCORD_TOKEN": "  "}, "/help\n", "discord")
	if code != exitUsage || !strings.Contains(errOut, "DISCORD_TOKEN is not set") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "", "discord", "now"); code != exitUsage || !strings.Contains(errOut, `unknown command "discord now"`) {
		t.Errorf("discord with an argument: exit %d, stderr %q", code, errOut)
	}
}

func TestHealthSubcommand(t *testing.T) {
	healthz := func(status int, body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/healthz" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
			io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
		return ":" + port // listen-on-all form, as the image sets it: asked on 127.0.0.1
	}
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().String()
	}()
	tests := []struct {
		name string
		addr string
		code int
		want string
	}{
		{"healthy", healthz(200, `{"status":"ok","gateway_connected":true,"heartbeat_ack_age_seconds":1.25,"in_flight":2}`), exitOK,
			"healthy: gateway connected, last heartbeat ACK 1.2 s ago, 2 in flight\n"},
		{"not connected", healthz(503, `{"status":"unavailable","gateway_connected":false,"heartbeat_ack_age_seconds":-1}`), exitFailed,
			"unhealthy: gateway not connected (503 Service Unavailable)\n"},
		{"stale heartbeats", healthz(503, `{"status":"unavailable","gateway_connected":true,"heartbeat_ack_age_seconds":200}`), exitFailed,
			"unhealthy: heartbeats not acknowledged, last ACK 200.0 s ago (503 Service Unavailable)\n"},
		{"stopping", healthz(503, `{"status":"unavailable","gateway_connected":true,"stopping":true}`), exitFailed,
			"unhealthy: shutting down (503 Service Unavailable)\n"},
		{"four shards", healthz(200, `{"status":"ok","gateway_connected":true,"heartbeat_ack_age_seconds":3,"in_flight":0,"shards":[`+
			`{"id":0,"connected":true,"healthy":true},{"id":1,"connected":true,"healthy":true},{"id":2,"connected":false,"healthy":true},{"id":3,"connected":true,"healthy":true}]}`), exitOK,
			"healthy: 3 of 4 shards connected (shard 2 reconnecting), oldest heartbeat ACK 3.0 s ago, 0 in flight\n"},
		{"a shard down", healthz(503, `{"status":"unavailable","gateway_connected":false,"heartbeat_ack_age_seconds":3,"shards":[`+
			`{"id":2,"connected":false,"healthy":false},{"id":3,"connected":true,"healthy":false,"heartbeat_ack_age_seconds":200}]}`), exitFailed,
			"unhealthy: 0 of 2 shards connected (shard 2 not connected; shard 3 heartbeats not acknowledged, last ACK 200.0 s ago) (503 Service Unavailable)\n"},
		{"something else", healthz(200, `<html>hello</html>`), exitFailed, "not the bot's health report\n"},
		{"nothing listening", closed, exitFailed, "unhealthy: http://" + closed + "/healthz did not answer: dial tcp " + closed + ": connect: connection refused\n"},
		{"no METRICS_ADDR", "", exitFailed, "unhealthy: METRICS_ADDR is not set, so the bot serves no /healthz to ask\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, map[string]string{"METRICS_ADDR": tc.addr}, "", "health")
			if code != tc.code || !strings.HasSuffix(out, tc.want) || strings.Count(out, "\n") != 1 || errOut != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and one line ending %q", code, out, errOut, tc.code, tc.want)
			}
		})
	}
}

var servingAddr = regexp.MustCompile(`msg="serving /metrics and /healthz" addr=(\S+)`)

// `ballerina discord` serves /healthz and /metrics on METRICS_ADDR: `ballerina
// health` passes while it is connected and fails once it stopped, and a
// scrape shows the Go runtime and process metrics beside the bot's own.
func TestE2EHealthAndMetrics(t *testing.T) {
	t.Chdir(t.TempDir())
	srv := fakediscord.Start(t, fakediscord.Options{HeartbeatInterval: 500 * time.Millisecond})
	env := map[string]string{"DISCORD_TOKEN": srv.Token(), "DISCORD_API_URL": srv.URL(),
		"DATABASE_URL": "state.db", "METRICS_ADDR": "127.0.0.1:0"}
	bot := startRun(t, env, "discord") // as the Docker image runs it
	awaitReady(t, srv, bot, 1)
	var addr string
	srv.Await(t, "the metrics address in the log", func() bool {
		m := servingAddr.FindStringSubmatch(bot.stderr.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	health := func() (int, string) {
		var out strings.Builder
		code := run(context.Background(), []string{"health"}, strings.NewReader(""), &out, io.Discard,
			func(k string) string { return map[string]string{"METRICS_ADDR": addr}[k] })
		return code, out.String()
	}
	srv.Await(t, "a heartbeat ACK", func() bool { code, _ := health(); return code == exitOK })
	if code, out := health(); code != exitOK || !strings.HasPrefix(out, "healthy: gateway connected, last heartbeat ACK ") {
		t.Errorf("health while connected: exit %d, %q", code, out)
	}

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"\ngo_goroutines ", "\nprocess_resident_memory_bytes ", "\nballerina_discord_rest_requests_total ", "\nballerina_discord_gateway_connected{shard=\"0\"} 1\n"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	if code, took := bot.stop(t, 10*time.Second); code != exitOK {
		t.Errorf("run returned %d after %v", code, took)
	}
	if code, out := health(); code != exitFailed || !strings.Contains(out, "did not answer") {
		t.Errorf("health after the bot stopped: exit %d, %q", code, out)
	}
}

// .env.example, copied to .env as the README says, is a valid configuration.
func TestEnvExampleIsValid(t *testing.T) {
	vals, err := godotenv.Read(".env.example")
	if err != nil {
		t.Fatalf(".env.example does not parse: %v", err)
	}
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_API_URL", "DATABASE_URL", "LOG_LEVEL", "LOG_FORMAT", "METRICS_ADDR", "TRIVIA_LEASE", "TRIVIA_SWEEP",
		"DISCORD_PUBLIC_KEY", "DISCORD_APPLICATION_ID", "HTTP_ADDR"} {
		if _, ok := vals[k]; !ok {
			t.Errorf(".env.example does not list %s", k)
		}
	}
	cfg, err := loadConfig(func(k string) string { return vals[k] })
	if err != nil {
		t.Fatalf(".env.example is not a valid configuration: %v", err)
	}
	if cfg.LogLevelSet {
		t.Error(".env.example sets LOG_LEVEL, so the console would not default to warnings only")
	}
}
