package discord

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

func TestRedactURLs(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://discord.com/api/v9/interactions/123/aW50ZXJhY3Rpb246MTIz/callback",
			"https://discord.com/api/v9/interactions/123/[redacted]/callback"},
		{`Post "http://127.0.0.1:5/api/v9/webhooks/42/tok.en-_x/messages/@original": context deadline exceeded`,
			`Post "http://127.0.0.1:5/api/v9/webhooks/42/[redacted]/messages/@original": context deadline exceeded`},
		{"/webhooks/42/tok?wait=true", "/webhooks/42/[redacted]?wait=true"},
		{"two: /interactions/1/a/callback and /webhooks/2/b", "two: /interactions/1/[redacted]/callback and /webhooks/2/[redacted]"},
		{"/webhooks/42", "/webhooks/42"}, // no token in the URL
		{"/channels/1/messages", "/channels/1/messages"},
		{"nothing here", "nothing here"},
	}
	for _, tc := range tests {
		if got := RedactURLs(tc.in); got != tc.want {
			t.Errorf("RedactURLs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Errors of failed REST calls name the origin actually used and never the
// interaction token: a network failure (url.Error) and a 429 discordgo
// gives up on (RateLimitError) both carry the request URL.
func TestRESTErrorsHideTokensAndNameTheOrigin(t *testing.T) {
	t.Parallel()
	const token = "aW50ZXJhY3Rpb246c2VjcmV0"
	endpoint := discordgo.EndpointInteractionResponse("77", token)
	limited := restBot(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"message":"slow down","retry_after":0.001,"global":false}`)
	})
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	down, err := New(Config{Token: "t", APIURL: gone.URL, Table: (&fixture{}).table(), RESTTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(down.base.CloseIdleConnections)

	for name, b := range map[string]*Bot{"429": limited, "network": down} {
		_, err := b.call(context.Background(), http.MethodPost, endpoint, map[string]int{"type": 1}, callbackBucket(token))
		if err == nil {
			t.Fatalf("%s: the call succeeded", name)
		}
		msg := err.Error()
		if strings.Contains(msg, token) {
			t.Errorf("%s: the error shows the interaction token: %s", name, msg)
		}
		origin := b.tr.origin.String()
		if !strings.Contains(msg, origin+"/api/v9/interactions/77/[redacted]/callback") || strings.Contains(msg, "discord.com") {
			t.Errorf("%s: the error does not name the origin in use (%s): %s", name, origin, msg)
		}
	}
}

// A callback that times out is logged without its token (the regression:
// the url.Error inside the logged error quoted the whole callback URL).
func TestCallbackTimeoutLogsNoToken(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), func(c *Config) { c.RESTTimeout = 100 * time.Millisecond }, func(srv *fakediscord.Server) {
		srv.DelayNext("POST /interactions/*/*/callback", time.Minute, -1)
	})
	r.connected()
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.Await(t, "the failure to be logged", func() bool {
		return strings.Contains(r.logs.String(), "could not answer an interaction")
	})
	r.srv.ClearFaults()
	logs := r.logs.String()
	if strings.Contains(logs, ix.Token) {
		t.Errorf("the interaction token is in the log:\n%s", logs)
	}
	if !strings.Contains(logs, "/interactions/"+ix.ID+"/[redacted]/callback") {
		t.Errorf("the log does not show the redacted callback URL:\n%s", logs)
	}
}
