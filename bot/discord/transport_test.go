package discord

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// upstream is an httptest server that records what reaches it.
type upstream struct {
	*httptest.Server
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	path, host string
	at         time.Time
}

func newUpstream(t *testing.T, h func(w http.ResponseWriter, r *http.Request)) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.hits = append(u.hits, hit{path: r.URL.RequestURI(), host: r.Host, at: time.Now()})
		u.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) hitsTo(prefix string) []hit {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []hit
	for _, h := range u.hits {
		if strings.HasPrefix(h.path, prefix) {
			out = append(out, h)
		}
	}
	return out
}

func testTransport(t *testing.T, u *upstream) (*transport, *Metrics) {
	t.Helper()
	origin, _ := url.Parse(u.URL)
	m := NewMetrics()
	base := &http.Transport{}
	t.Cleanup(base.CloseIdleConnections)
	return newTransport(origin, base, m), m
}

func get(t *testing.T, tr http.RoundTripper, ctx context.Context, rawURL string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr.RoundTrip(req)
}

func TestTransportRewritesOrigin(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v9/gateway":
			io.WriteString(w, `{"url":"wss://gateway.discord.gg"}`)
		case "/api/v9/gateway/bot":
			io.WriteString(w, `{"url":"ws://127.0.0.1:9/gateway","shards":1}`)
		default:
			io.WriteString(w, `{}`)
		}
	})
	tr, m := testTransport(t, u)
	resp, err := get(t, tr, context.Background(), "https://discord.com/api/v9/channels/1/messages?limit=5")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := u.hitsTo("/api/v9/channels")
	if len(h) != 1 || h[0].path != "/api/v9/channels/1/messages?limit=5" || h[0].host != strings.TrimPrefix(u.URL, "http://") {
		t.Fatalf("hits = %+v", h)
	}

	// Gateway discovery: wss becomes ws on port 443, and the dialer learns
	// to do TLS for that address itself.
	resp, err = get(t, tr, context.Background(), discordgo.EndpointGateway)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"url":"ws://gateway.discord.gg:443"}` {
		t.Errorf("gateway body %s", body)
	}
	if name, ok := tr.tlsServerName("gateway.discord.gg:443"); !ok || name != "gateway.discord.gg" {
		t.Errorf("tls for gateway: %q %v", name, ok)
	}
	resp, err = get(t, tr, context.Background(), discordgo.EndpointGatewayBot)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"ws://127.0.0.1:9/gateway"`) {
		t.Errorf("plain ws gateway rewritten: %s", body)
	}
	if _, ok := tr.tlsServerName("127.0.0.1:9"); ok {
		t.Error("TLS wanted for a ws:// gateway")
	}
	if n := counterValue(m.restRequests); n != 3 {
		t.Errorf("counted %d requests", n)
	}
}

func TestTransportGlobalRateLimitHoldsEveryRoute(t *testing.T) {
	t.Parallel()
	var once sync.Once
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		limited := false
		if strings.HasPrefix(r.URL.Path, "/api/v9/a") {
			once.Do(func() { limited = true })
		}
		if limited {
			w.Header().Set("X-RateLimit-Global", "true")
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"message":"You are being rate limited.","retry_after":0.4,"global":true}`)
			return
		}
		io.WriteString(w, `{}`)
	})
	tr, m := testTransport(t, u)
	var at attempt
	resp, err := get(t, tr, withAttempt(context.Background(), &at), "https://discord.com/api/v9/a")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	limitedAt := time.Now()
	if resp.StatusCode != 429 || at.status != 429 || !at.global || at.retryAfter != 400*time.Millisecond {
		t.Fatalf("status %d, attempt %+v", resp.StatusCode, at)
	}

	// A caller that cannot wait that long fails at once, without sending.
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	_, err = get(t, tr, short, "https://discord.com/api/v9/b")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("short deadline: %v", err)
	}
	// Another route waits for the global limit to pass.
	resp, err = get(t, tr, context.Background(), "https://discord.com/api/v9/b")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h := u.hitsTo("/api/v9/b")
	if len(h) != 1 {
		t.Fatalf("route b reached upstream %d times", len(h))
	}
	if waited := h[0].at.Sub(limitedAt); waited < 350*time.Millisecond {
		t.Errorf("route b went out %v after the global 429, want ≥ 400ms", waited)
	}
	if m.RateLimited("global") != 1 {
		t.Errorf("global 429s counted: %d", m.RateLimited("global"))
	}
}

func TestTransportRewritesNonJSON429(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, "<!DOCTYPE html><html><body>Error 1015: You are being rate limited.</body></html>")
	})
	tr, m := testTransport(t, u)
	resp, err := get(t, tr, context.Background(), "https://discord.com/api/v9/users/@me")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var rl discordgo.TooManyRequests
	if err := json.Unmarshal(body, &rl); err != nil || rl.RetryAfter != 2*time.Second {
		t.Fatalf("rewritten body %s: %+v %v", body, rl, err)
	}
	if m.RateLimited("route") != 1 {
		t.Errorf("route 429s counted: %d", m.RateLimited("route"))
	}

	// Through discordgo: a RateLimitError with the delay, not a JSON
	// syntax error.
	sess, _ := discordgo.New("Bot x")
	sess.Client = &http.Client{Transport: tr}
	_, err = sess.RequestWithBucketID(http.MethodGet, discordgo.EndpointUser("@me"), nil, "u", discordgo.WithRetryOnRatelimit(false))
	var rle *discordgo.RateLimitError
	if !errors.As(err, &rle) || rle.RetryAfter != 2*time.Second {
		t.Fatalf("discordgo error: %T %v", err, err)
	}
}

func TestTransportCountsFailures(t *testing.T) {
	t.Parallel()
	u := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	tr, m := testTransport(t, u)
	var at attempt
	resp, err := get(t, tr, withAttempt(context.Background(), &at), "https://discord.com/api/v9/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	u.Close()
	if _, err := get(t, tr, context.Background(), "https://discord.com/api/v9/x"); err == nil {
		t.Fatal("request to a closed server succeeded")
	}
	if fivexx, network := counterValue(m.restErrors.WithLabelValues("5xx")), counterValue(m.restErrors.WithLabelValues("network")); at.status != 502 || fivexx != 1 || network != 1 {
		t.Errorf("attempt %+v, errors: 5xx %d, network %d", at, fivexx, network)
	}
	body := scrape(t, m)
	for _, want := range []string{`ballerina_discord_rest_errors_total{kind="5xx"} 1`, `ballerina_discord_rest_errors_total{kind="network"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s:\n%s", want, body)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, "0.25": 250 * time.Millisecond, "soon": 0} {
		if got := parseRetryAfter(v); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", v, got, want)
		}
	}
	if d := parseRetryAfter(time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)); d < 58*time.Second || d > time.Minute {
		t.Errorf("HTTP date: %v", d)
	}
}
