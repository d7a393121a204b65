package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// transport is the http.RoundTripper of the discordgo session. It
//   - sends every request to the configured origin (scheme and host
//     rewritten, path and query kept), gateway discovery included, so
//     discordgo's package-level endpoint variables are never touched;
//   - holds back every route after a global 429 until its retry_after has
//     passed (discordgo only does so when Reset-After is present), waiting
//     no longer than each request's context allows;
//   - rewrites a non-JSON 429 body (a Cloudflare HTML page) into the JSON
//     body discordgo can parse;
//   - rewrites the wss:// URL of gateway discovery into ws://host:port and
//     remembers that the socket needs TLS, so the gateway dialer can do TLS
//     itself and read the plaintext frames (see dialer);
//   - counts requests, 429s and failures, and reports the status of each
//     attempt to the caller's retry loop through the request context.
type transport struct {
	origin  *url.URL
	next    http.RoundTripper
	metrics *Metrics
	now     func() time.Time

	mu          sync.Mutex
	globalUntil time.Time
	tlsAddrs    map[string]string // "host:port" → TLS server name, for the gateway dialer
}

func newTransport(origin *url.URL, next http.RoundTripper, m *Metrics) *transport {
	return &transport{origin: origin, next: next, metrics: m, now: time.Now, tlsAddrs: map[string]string{}}
}

// attempt is filled in by the transport for the retry loop of one REST call.
type attempt struct {
	status     int
	retryAfter time.Duration
	global     bool
}

type attemptKey struct{}

func withAttempt(ctx context.Context, a *attempt) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx := r.Context()
	if err := t.waitGlobal(ctx); err != nil {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, err
	}
	r2 := r.Clone(ctx)
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.origin.Scheme, t.origin.Host, t.origin.Host
	if t.metrics != nil {
		t.metrics.restRequest()
	}
	resp, err := t.next.RoundTrip(r2)
	if err != nil {
		if t.metrics != nil && ctx.Err() == nil {
			t.metrics.restError("network")
		}
		return nil, err
	}
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	if a != nil {
		a.status = resp.StatusCode
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return t.rateLimited(resp, a)
	case resp.StatusCode >= 500:
		if t.metrics != nil {
			t.metrics.restError("5xx")
		}
	case resp.StatusCode == http.StatusOK && r.Method == http.MethodGet && isGatewayDiscovery(r.URL.Path):
		return t.rewriteGateway(resp)
	}
	return resp, nil
}

// waitGlobal blocks while a global rate limit is in force.
func (t *transport) waitGlobal(ctx context.Context) error {
	for {
		t.mu.Lock()
		wait := t.globalUntil.Sub(t.now())
		t.mu.Unlock()
		if wait <= 0 {
			return nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("waiting out Discord's global rate limit: %w", ctx.Err())
		}
	}
}

// rateLimitBody is Discord's 429 body.
type rateLimitBody struct {
	Message    string   `json:"message"`
	RetryAfter *float64 `json:"retry_after"`
	Global     bool     `json:"global"`
	Code       int      `json:"code,omitempty"`
}

// maxRetryAfter caps a retry_after we believe, so a bogus header cannot stop
// the bot for hours; requests still fail when their own context ends first.
const maxRetryAfter = 10 * time.Minute

func (t *transport) rateLimited(resp *http.Response, a *attempt) (*http.Response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read 429 body: %w", err)
	}
	var rl rateLimitBody
	jsonOK := json.Unmarshal(body, &rl) == nil && rl.RetryAfter != nil
	global := rl.Global || resp.Header.Get("X-RateLimit-Global") != "" ||
		strings.EqualFold(resp.Header.Get("X-RateLimit-Scope"), "global")
	var retry time.Duration
	if jsonOK {
		retry = time.Duration(*rl.RetryAfter * float64(time.Second))
	} else {
		retry = parseRetryAfter(resp.Header.Get("Retry-After"))
		if retry <= 0 {
			retry = time.Second // no hint at all: a cautious default
		}
		// Cloudflare's HTML ban page or an empty body: discordgo would fail
		// with a JSON syntax error, so hand it the body Discord would send.
		secs := retry.Seconds()
		b, _ := json.Marshal(rateLimitBody{Message: "You are being rate limited.", RetryAfter: &secs, Global: global})
		body = b
		resp.Header.Set("Content-Type", "application/json")
		resp.Header.Del("Content-Length")
	}
	if retry < 0 {
		retry = 0
	}
	if retry > maxRetryAfter {
		retry = maxRetryAfter
	}
	if global {
		until := t.now().Add(retry)
		t.mu.Lock()
		if until.After(t.globalUntil) {
			t.globalUntil = until
		}
		t.mu.Unlock()
	}
	if t.metrics != nil {
		t.metrics.rateLimited(global)
	}
	if a != nil {
		a.retryAfter, a.global = retry, global
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// parseRetryAfter reads a Retry-After header: seconds (Discord sends a
// decimal number) or an HTTP date.
func parseRetryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return time.Duration(f * float64(time.Second))
	}
	if at, err := http.ParseTime(v); err == nil {
		return time.Until(at)
	}
	return 0
}

func isGatewayDiscovery(path string) bool {
	path = strings.TrimSuffix(path, "/")
	return strings.HasSuffix(path, "/gateway") || strings.HasSuffix(path, "/gateway/bot")
}

// rewriteGateway turns {"url":"wss://gateway.discord.gg"} into
// {"url":"ws://gateway.discord.gg:443"} and remembers that this address
// needs TLS. gorilla/websocket does TLS above the net.Conn our dialer
// returns, where the frames are encrypted; dialing ws:// and doing TLS in
// the dialer puts the frame parser on plaintext.
func (t *transport) rewriteGateway(resp *http.Response) (*http.Response, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read gateway discovery: %w", err)
	}
	var m map[string]json.RawMessage
	var raw string
	if json.Unmarshal(body, &m) == nil && json.Unmarshal(m["url"], &raw) == nil {
		if u, err := url.Parse(raw); err == nil && u.Scheme == "wss" {
			host, port := u.Hostname(), u.Port()
			if port == "" {
				port = "443"
			}
			addr := net.JoinHostPort(host, port)
			t.mu.Lock()
			t.tlsAddrs[addr] = host
			t.mu.Unlock()
			u.Scheme, u.Host = "ws", addr
			m["url"], _ = json.Marshal(u.String())
			body, _ = json.Marshal(m)
			resp.Header.Del("Content-Length")
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// tlsServerName reports whether the gateway address needs TLS, and the name
// to verify.
func (t *transport) tlsServerName(addr string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	name, ok := t.tlsAddrs[addr]
	return name, ok
}
