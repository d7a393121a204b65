package main

// End-to-end tests of `ballerina http`: run() with the real table and
// state, serving Discord's interactions endpoint, with the fake Discord
// signing and POSTing the interactions and serving the webhook and channel
// routes. Every body is validated against Discord's OpenAPI spec.
//
//	go test -race -run E2EHTTP -count=1 .

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/facts"
)

const chTriviaHTTP = "1300000000000000021"

// tokenURL matches an interaction or webhook URL with its token unredacted.
var tokenURL = regexp.MustCompile(`/(?:webhooks|interactions)/\d+/[^\[/\s]`)

// startHTTP runs `ballerina http` with env (HTTP_ADDR on a free port) and
// returns it with the URL of its endpoint once it serves.
func startHTTP(t *testing.T, srv *fakediscord.Server, env map[string]string) (*runningBot, string) {
	t.Helper()
	env["HTTP_ADDR"] = "127.0.0.1:0"
	env["METRICS_ADDR"] = "127.0.0.1:0"
	env["DISCORD_PUBLIC_KEY"] = srv.PublicKeyHex()
	env["DISCORD_API_URL"] = srv.URL()
	b := startRun(t, env, "http")
	serving := regexp.MustCompile(`msg="http: serving the interactions endpoint" addr=(\S+)`)
	var addr string
	awaitCond(t, srv, 10*time.Second, "the endpoint to serve", func() bool {
		if m := serving.FindStringSubmatch(b.stderr.String()); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	return b, "http://" + addr + "/interactions"
}

// deliver POSTs an interaction to the endpoint through the fake and
// returns the accepted first response.
func deliver(t *testing.T, srv *fakediscord.Server, url string, spec fakediscord.InteractionSpec) (fakediscord.Delivery, e2eMsg) {
	t.Helper()
	d, err := srv.DeliverInteraction(url, spec)
	if err != nil || d.Status != 200 || d.Callback == nil {
		t.Fatalf("deliver %s%s: %v (status %d, body %s)", spec.Name, spec.CustomID, err, d.Status, d.Body)
	}
	var m e2eMsg
	if len(d.Callback.Data) > 0 {
		if err := json.Unmarshal(d.Callback.Data, &m); err != nil {
			t.Fatalf("callback data %s: %v", d.Callback.Data, err)
		}
	}
	return d, m
}

// TestE2EHTTP runs every command of the table through the endpoint, a
// trivia game whose rounds are posted through REST, a clean SIGTERM, and
// a run without a token, on each database backend.
func TestE2EHTTP(t *testing.T) {
	storetest.RunTarget(t, testE2EHTTP)
}

// testE2EHTTP is TestE2EHTTP on the database DATABASE_URL db names.
func testE2EHTTP(t *testing.T, db string) {
	spec := e2eSpecPath(t)
	t.Chdir(t.TempDir())
	store, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	srv := fakediscord.Start(t, fakediscord.Options{InteractionDeadline: 3 * time.Second})
	t.Cleanup(func() { checkE2EBodies(t, srv, spec) })
	seedQOTD(t, db)
	bot, url := startHTTP(t, srv, map[string]string{"DISCORD_TOKEN": srv.Token(), "DATABASE_URL": db})
	if len(srv.RequestsTo("PUT /applications/*/commands")) != 1 {
		t.Fatalf("the commands were not registered")
	}

	S, Sub := fakediscord.Str, fakediscord.Sub
	tests := []struct {
		name   string
		spec   fakediscord.InteractionSpec
		cbType int
		want   string // in the visible text
	}{
		{"ping", fakediscord.Ping(), 1, ""},
		{"ask", fakediscord.SlashCommand("ask", S("question", "who directed the film")), 4, "Lee Chung-hyun"},
		{"ask with @everyone", fakediscord.SlashCommand("ask", S("question", "@everyone who plays the villain")), 4, "Kim Ji-hoon"},
		{"cast", fakediscord.SlashCommand("cast", S("name", "okjoo")), 4, "Jeon Jong-seo"},
		{"cast in a DM", fakediscord.SlashCommand("cast").InDM(), 4, "cast and crew"},
		{"plot", fakediscord.SlashCommand("plot", S("part", "full")), 4, "spoilers hidden"},
		{"quote", fakediscord.SlashCommand("quote"), 4, "Said by"},
		{"about", fakediscord.SlashCommand("about"), 4, "version " + version},
		{"help", fakediscord.SlashCommand("help"), 4, "`/trivia start"},
		{"qotd status", fakediscord.SlashCommand("qotd", Sub("status")).WithPermissions(permManage), 4, "Asia/Seoul, every day"},
		{"qotd preview", fakediscord.SlashCommand("qotd", Sub("preview")).WithPermissions(permManage), 4, "Said by"},
		{"autocomplete cast", fakediscord.Autocomplete("cast", fakediscord.Focused(S("name", "ok"))), 8, "Ok-ju"},
		{"autocomplete qotd timezone", fakediscord.Autocomplete("qotd", Sub("set", fakediscord.Focused(S("timezone", "Seoul")))).WithPermissions(permManage), 8, "Seoul"},
		{"button of an unknown game", fakediscord.Button("trivia:c:000000abcdef:1:A"), 4, "That trivia game is over."},
	}
	t.Run("commands", func(t *testing.T) { // returns when its parallel subtests are done
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				d, m := deliver(t, srv, url, tc.spec)
				if d.Callback.Type != tc.cbType {
					t.Fatalf("callback type %d, want %d: %s", d.Callback.Type, tc.cbType, d.Body)
				}
				text := m.text()
				for _, c := range m.Choices {
					text += " " + c.Name
				}
				wantIn(t, "answer", text, tc.want)
				if tc.cbType == 4 && (m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) != 0) {
					t.Errorf("allowed_mentions %+v", m.AllowedMentions)
				}
			})
		}
	})
	t.Run("trivia", func(t *testing.T) { testE2EHTTPTrivia(t, srv, url, store) })
	t.Run("health and metrics", func(t *testing.T) { testE2EHTTPHealth(t, bot) })

	code, took := bot.stop(t, 10*time.Second)
	if code != exitOK || took > 5*time.Second {
		t.Errorf("run returned %d after %v on cancel, want %d within 5s", code, took, exitOK)
	}
	if logs := bot.stderr.String(); strings.Contains(logs, srv.Token()) || tokenURL.MatchString(logs) {
		t.Error("a token is in the log")
	}
	checkLogQuiet(t, bot.stderr.String())

	t.Run("without a token", func(t *testing.T) { testE2EHTTPNoToken(t, srv, db) })
}

// testE2EHTTPTrivia plays a game: started through the endpoint, its
// question posted in the channel through REST, answered by a click.
func testE2EHTTPTrivia(t *testing.T, srv *fakediscord.Server, url string, store *facts.Store) {
	start := fakediscord.SlashCommand("trivia", fakediscord.Sub("start",
		fakediscord.Int("rounds", 1), fakediscord.Int("seconds", 10), fakediscord.Str("mode", "buttons"))).InGuild(e2eGuild, chTriviaHTTP)
	if d, m := deliver(t, srv, url, start); d.Callback.Type != 4 || oneEmbed(t, m).Title != "Ballerina (2023) trivia" {
		t.Fatalf("start answered %d: %s", d.Callback.Type, m.text())
	}
	q := awaitMessage(t, srv, chTriviaHTTP, 8*time.Second, "the question", func(m fakediscord.Message) bool {
		e := msgOf(m)
		return len(e.Embeds) == 1 && strings.HasPrefix(e.Embeds[0].Title, "Question 1 of 1")
	})
	qm := msgOf(q)
	_, right := rightChoice(t, store, qm.Embeds[0].Description)
	button := qm.buttons()[right]
	_, m := deliver(t, srv, url, fakediscord.Button(button.CustomID).OnMessage(q.ID).InGuild(e2eGuild, chTriviaHTTP))
	wantIn(t, "click", m.Content, "Locked in: "+button.Label+".")
	_, m = deliver(t, srv, url, fakediscord.SlashCommand("trivia", fakediscord.Sub("stop")).InGuild(e2eGuild, chTriviaHTTP))
	wantIn(t, "stop", m.text(), "Trivia stopped by")
	wantIn(t, "final scores", m.text(), e2ePlayer)
	_, m = deliver(t, srv, url, fakediscord.SlashCommand("trivia", fakediscord.Sub("leaderboard")).InGuild(e2eGuild, chTriviaHTTP))
	wantIn(t, "leaderboard", oneEmbed(t, m).Description, e2ePlayer)
}

// testE2EHTTPHealth asks /healthz as the container's health check does,
// and reads /metrics: the endpoint's counters beside the adapter's.
func testE2EHTTPHealth(t *testing.T, bot *runningBot) {
	m := regexp.MustCompile(`msg="serving /metrics and /healthz" addr=(\S+)`).FindStringSubmatch(bot.stderr.String())
	if m == nil {
		t.Fatal("no metrics address in the log")
	}
	var out, errw strings.Builder
	code := run(t.Context(), []string{"health"}, strings.NewReader(""), &out, &errw, func(k string) string {
		return map[string]string{"METRICS_ADDR": m[1]}[k]
	})
	if code != exitOK || !strings.HasPrefix(out.String(), "healthy: interactions endpoint serving, ") {
		t.Errorf("health: exit %d, %q %q", code, out.String(), errw.String())
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{`ballerina_http_requests_total{outcome="answered"}`, `ballerina_discord_interactions_total{command="ask",outcome="ok"}`,
		"ballerina_http_request_duration_seconds_bucket"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// testE2EHTTPNoToken: without DISCORD_TOKEN the endpoint answers, defers
// and edits (the webhook routes need no token), and the commands that
// would post in channels say why they cannot.
func testE2EHTTPNoToken(t *testing.T, srv *fakediscord.Server, db string) {
	puts := len(srv.RequestsTo("PUT *"))
	bot, url := startHTTP(t, srv, map[string]string{"DISCORD_APPLICATION_ID": srv.AppID(), "DATABASE_URL": db})
	S, Sub := fakediscord.Str, fakediscord.Sub
	for _, spec := range []fakediscord.InteractionSpec{
		fakediscord.SlashCommand("trivia", Sub("start")).InGuild(e2eGuild, chTriviaHTTP),
		fakediscord.SlashCommand("qotd", Sub("set", fakediscord.ChannelOpt("channel", e2eChannel), S("time", "09:00"), S("timezone", "Seoul"))).WithPermissions(permManage),
	} {
		_, m := deliver(t, srv, url, spec)
		wantIn(t, spec.Name, m.Content, "cannot post in channels")
		if m.Flags&flagEphem == 0 {
			t.Errorf("%s: the refusal is not ephemeral", spec.Name)
		}
	}
	_, m := deliver(t, srv, url, fakediscord.SlashCommand("ask", S("question", "who plays the villain")))
	wantIn(t, "ask", m.text(), "Kim Ji-hoon")
	if n := len(srv.RequestsTo("PUT *")); n != puts {
		t.Errorf("registered commands without a token")
	}
	if code, took := bot.stop(t, 10*time.Second); code != exitOK || took > 5*time.Second {
		t.Errorf("run returned %d after %v on cancel", code, took)
	}
}

// TestHTTPStartupErrors: what `ballerina http` needs is checked first, in
// one line each.
func TestHTTPStartupErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	key := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no public key", map[string]string{"DISCORD_APPLICATION_ID": "123456789012345678"}, "DISCORD_PUBLIC_KEY is not set"},
		{"public key not hex", map[string]string{"DISCORD_PUBLIC_KEY": "xyz", "DISCORD_APPLICATION_ID": "123456789012345678"}, "DISCORD_PUBLIC_KEY: the public key must be 64 hexadecimal digits"},
		{"public key too short", map[string]string{"DISCORD_PUBLIC_KEY": key[:60], "DISCORD_APPLICATION_ID": "123456789012345678"}, "64 hexadecimal digits"},
		{"neither application id nor token", map[string]string{"DISCORD_PUBLIC_KEY": key}, "set DISCORD_APPLICATION_ID"},
		{"application id not an id", map[string]string{"DISCORD_PUBLIC_KEY": key, "DISCORD_APPLICATION_ID": "my-app"}, "DISCORD_APPLICATION_ID \"my-app\" is not a Discord id"},
		{"bad HTTP_ADDR", map[string]string{"DISCORD_PUBLIC_KEY": key, "DISCORD_APPLICATION_ID": "123456789012345678", "HTTP_ADDR": "8080"}, "HTTP_ADDR \"8080\" is not host:port"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errw strings.Builder
			code := run(t.Context(), []string{"http"}, strings.NewReader(""), &out, &errw, func(k string) string { return tc.env[k] })
			if code != exitUsage || !strings.Contains(errw.String(), tc.want) || strings.Count(strings.TrimSpace(errw.String()), "\n") != 0 {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", code, errw.String(), exitUsage, tc.want)
			}
		})
	}
}
