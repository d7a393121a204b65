package httpbot

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// post sends body to the endpoint with the given headers and returns the
// status and answer.
func post(t *testing.T, r *rig, method, url string, body io.Reader, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func signed(r *rig, body []byte, at time.Time) http.Header {
	stamp := strconv.FormatInt(at.Unix(), 10)
	return http.Header{
		"Content-Type":          {"application/json"},
		"X-Signature-Timestamp": {stamp},
		"X-Signature-Ed25519":   {r.srv.Sign(stamp, body)},
	}
}

// An interaction body as Discord sends it (a /echo command).
func echoBody(t *testing.T, r *rig) []byte {
	t.Helper()
	return []byte(`{"id":"1300000000000000001","application_id":"` + r.srv.AppID() + `","type":2,"token":"tok-1","channel_id":"1","data":{"name":"echo","type":1,"options":[{"name":"text","type":3,"value":"hi"}]}}`)
}

func TestSignatures(t *testing.T) {
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	r := startRig(t, func(s *settings) { s.server.Now = func() time.Time { return now } })
	body := echoBody(t, r)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	tests := []struct {
		name   string
		header func() http.Header
		body   []byte
		status int
	}{
		{"good", func() http.Header { return signed(r, body, now) }, body, 200},
		{"missing both headers", func() http.Header { return http.Header{} }, body, 401},
		{"missing signature", func() http.Header { h := signed(r, body, now); h.Del("X-Signature-Ed25519"); return h }, body, 401},
		{"missing timestamp", func() http.Header { h := signed(r, body, now); h.Del("X-Signature-Timestamp"); return h }, body, 401},
		{"signature not hex", func() http.Header {
			h := signed(r, body, now)
			h.Set("X-Signature-Ed25519", "zz"+h.Get("X-Signature-Ed25519")[2:])
			return h
		}, body, 401},
		{"signature too short", func() http.Header { h := signed(r, body, now); h.Set("X-Signature-Ed25519", "abcd"); return h }, body, 401},
		{"forged with another key", func() http.Header {
			h := signed(r, body, now)
			msg := append([]byte(h.Get("X-Signature-Timestamp")), body...)
			h.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(otherKey, msg)))
			return h
		}, body, 401},
		{"signature of another body", func() http.Header { return signed(r, []byte(`{"type":1}`), now) }, body, 401},
		{"tampered timestamp", func() http.Header {
			h := signed(r, body, now)
			h.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return h
		}, body, 401},
		{"timestamp not a number", func() http.Header { h := signed(r, body, now); h.Set("X-Signature-Timestamp", "soon"); return h }, body, 401},
		{"stale timestamp (replay)", func() http.Header { return signed(r, body, now.Add(-6*time.Minute)) }, body, 401},
		{"timestamp from the future", func() http.Header { return signed(r, body, now.Add(6*time.Minute)) }, body, 401},
		{"slightly old timestamp", func() http.Header { return signed(r, body, now.Add(-4*time.Minute)) }, body, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, answer := post(t, r, http.MethodPost, r.url, bytes.NewReader(tc.body), tc.header())
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, answer)
			}
			if status == 200 && !strings.Contains(answer, "You said: hi") {
				t.Errorf("answer %s", answer)
			}
			if status == 401 && strings.Contains(answer, "You said") {
				t.Errorf("a refused request was answered: %s", answer)
			}
		})
	}
	// A request is counted just after its answer is written.
	r.await("2 stale and 3 unsigned requests counted", func() bool {
		return r.hs.Requests(OutcomeStale) == 2 && r.hs.Requests(OutcomeUnsigned) == 3
	})
}

// chunked hides a body's length, so only MaxBytesReader can stop it.
type chunked struct{ r io.Reader }

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p) }

func TestBodiesAndRoutes(t *testing.T) {
	r := startRig(t, nil)
	now := time.Now()
	big := append(append([]byte(`{"id":"1","type":1,"token":"t","pad":"`), bytes.Repeat([]byte("x"), 1<<20)...), `"}`...)
	// infinite is never read to its end: the endpoint stops at the limit.
	infinite := io.MultiReader(bytes.NewReader(big[:100]), neverEnding('x'))
	tests := []struct {
		name, method, path string
		body               io.Reader
		header             http.Header
		status             int
		want               string
	}{
		{"ping", "POST", "/interactions", strings.NewReader(`{"id":"1","application_id":"1","type":1,"token":"t"}`),
			signed(r, []byte(`{"id":"1","application_id":"1","type":1,"token":"t"}`), now), 200, `{"type":1}`},
		{"malformed JSON", "POST", "/interactions", strings.NewReader(`{"id":`), signed(r, []byte(`{"id":`), now), 400, "not an interaction"},
		{"JSON but no interaction", "POST", "/interactions", strings.NewReader(`[1,2]`), signed(r, []byte(`[1,2]`), now), 400, "not an interaction"},
		{"interaction for another application", "POST", "/interactions", strings.NewReader(`{"id":"1","application_id":"42","type":2,"token":"t","data":{"name":"echo"}}`),
			signed(r, []byte(`{"id":"1","application_id":"42","type":2,"token":"t","data":{"name":"echo"}}`), now), 400, "not an interaction"},
		{"body over 1 MiB, declared", "POST", "/interactions", bytes.NewReader(big), signed(r, big, now), 413, "too large"},
		{"body over 1 MiB, chunked", "POST", "/interactions", chunked{infinite}, signed(r, big, now), 413, "too large"},
		{"GET", "GET", "/interactions", nil, nil, 405, "method not allowed"},
		{"another path", "POST", "/webhook", strings.NewReader(`{}`), nil, 404, "not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, answer := post(t, r, tc.method, strings.TrimSuffix(r.url, "/interactions")+tc.path, tc.body, tc.header)
			if status != tc.status || !strings.Contains(answer, tc.want) {
				t.Errorf("%d %q, want %d with %q", status, answer, tc.status, tc.want)
			}
		})
	}
	r.await("2 too-large requests counted", func() bool { return r.hs.Requests(OutcomeTooLarge) == 2 })
}

// neverEnding is an endless body.
type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// TestInteractions delivers each kind of interaction through the fake and
// checks the first response and what the fake made of it.
func TestInteractions(t *testing.T) {
	r := startRig(t, nil)
	S := fakediscord.Str
	tests := []struct {
		name   string
		spec   fakediscord.InteractionSpec
		cbType int
		check  func(t *testing.T, d fakediscord.Delivery, m message)
	}{
		{"ping", fakediscord.Ping(), 1, func(t *testing.T, d fakediscord.Delivery, _ message) {
			if string(d.Body) != `{"type":1}` {
				t.Errorf("PONG %s", d.Body)
			}
		}},
		{"command", fakediscord.SlashCommand("echo", S("text", "@everyone hi")), 4, func(t *testing.T, d fakediscord.Delivery, m message) {
			if !strings.Contains(m.Content, "You said:") || m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 || m.AllowedMentions.Parse == nil {
				t.Errorf("answer %+v", m)
			}
			if orig, ok := r.srv.Original(d.ID); !ok || orig.MentionEveryone {
				t.Errorf("original %+v", orig)
			}
		}},
		{"command in a DM", fakediscord.SlashCommand("echo", S("text", "hi")).InDM(), 4, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if !strings.Contains(m.Content, "hi") {
				t.Errorf("answer %+v", m)
			}
		}},
		{"autocomplete", fakediscord.Autocomplete("echo", fakediscord.Focused(S("text", "lead"))), 8, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if len(m.Choices) != 1 || m.Choices[0].Name != "Ok-ju lead" {
				t.Errorf("choices %+v", m.Choices)
			}
		}},
		{"button updates its message", fakediscord.Button("game:pick:1"), 7, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if m.Content != "Locked in." || len(m.Components) != 1 || !m.Components[0].Components[0].Disabled {
				t.Errorf("update %+v", m)
			}
		}},
		{"button opens a modal", fakediscord.Button("game:form"), 9, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if m.CustomID != "game:modal" || m.Title != "Your answer" {
				t.Errorf("modal %+v", m)
			}
		}},
		{"modal submitted", fakediscord.ModalSubmit("game:modal", fakediscord.Field("answer", "Jeon Jong-seo")), 4, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if m.Content != "You answered Jeon Jong-seo" || m.Flags&64 == 0 {
				t.Errorf("answer %+v", m)
			}
		}},
		{"unknown command", fakediscord.SlashCommand("gone"), 4, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if !strings.Contains(m.Content, `"gone"`) || m.Flags&64 == 0 {
				t.Errorf("answer %+v", m)
			}
		}},
		{"panic", fakediscord.SlashCommand("boom"), 4, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if !strings.HasPrefix(m.Content, "Sorry, something went wrong") || strings.Contains(m.Content, "secret") {
				t.Errorf("apology %+v", m)
			}
		}},
		{"error", fakediscord.SlashCommand("fail"), 4, func(t *testing.T, _ fakediscord.Delivery, m message) {
			if !strings.HasPrefix(m.Content, "Sorry, something went wrong") || strings.Contains(m.Content, "secret") {
				t.Errorf("apology %+v", m)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, m := r.deliver(tc.spec)
			if d.Callback.Type != tc.cbType {
				t.Fatalf("callback type %d, want %d: %s", d.Callback.Type, tc.cbType, d.Body)
			}
			tc.check(t, d, m)
		})
	}
	if n := checkBodies(t, r.srv); n < len(tests) {
		t.Errorf("only %d bodies checked against the spec", n)
	}
	if strings.Contains(r.logs.String(), "tok-") || strings.Contains(r.logs.String(), r.srv.Token()) {
		t.Error("a token reached the log")
	}
}

// TestDeferredAnswers: a handler slower than DeferAfter is acknowledged
// with a deferred response at once, and its answer arrives through the
// interaction's webhook.
func TestDeferredAnswers(t *testing.T) {
	tests := []struct {
		name   string
		spec   fakediscord.InteractionSpec
		cbType int
		check  func(t *testing.T, r *rig, d fakediscord.Delivery)
	}{
		{"public: the original is edited", fakediscord.SlashCommand("slow"), 5, func(t *testing.T, r *rig, d fakediscord.Delivery) {
			r.await("the edited original", func() bool {
				m, ok := r.srv.Original(d.ID)
				return ok && m.Content == "Finally: the answer."
			})
			if n := len(r.srv.RequestsTo("PATCH /webhooks/*/*/messages/@original")); n != 1 {
				t.Errorf("%d PATCH @original", n)
			}
		}},
		{"ephemeral: a follow-up replaces the original", fakediscord.SlashCommand("slow", fakediscord.Str("private", "yes")), 5, func(t *testing.T, r *rig, d fakediscord.Delivery) {
			r.await("the ephemeral follow-up", func() bool {
				fs := r.srv.Followups(d.ID)
				return len(fs) == 1 && fs[0].Ephemeral() && fs[0].Content == "Finally: the answer."
			})
		}},
		{"button: the message is updated", fakediscord.Button("game:slow"), 6, func(t *testing.T, r *rig, d fakediscord.Delivery) {
			r.await("the updated message", func() bool {
				m, ok := r.srv.Original(d.ID)
				return ok && m.Content == "Revealed late."
			})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := startRig(t, func(s *settings) { s.endpoint.DeferAfter = 20 * time.Millisecond })
			d, _ := r.deliver(tc.spec) // /slow waits for the gate: the endpoint must defer
			if d.Callback.Type != tc.cbType {
				t.Fatalf("callback type %d, want %d", d.Callback.Type, tc.cbType)
			}
			close(r.fx.gate)
			tc.check(t, r, d)
			checkBodies(t, r.srv)
		})
	}
}

// TestWithoutToken: the webhook routes need no bot token, so deferred
// answers work; nothing is registered.
func TestWithoutToken(t *testing.T) {
	r := startRig(t, func(s *settings) { s.noToken = true; s.endpoint.DeferAfter = 20 * time.Millisecond })
	if r.ep.CanPostChannels() || r.ep.Messenger() != nil {
		t.Error("an endpoint without a token says it can post")
	}
	d, _ := r.deliver(fakediscord.SlashCommand("slow"))
	close(r.fx.gate)
	r.await("the edited original", func() bool {
		m, ok := r.srv.Original(d.ID)
		return ok && m.Content == "Finally: the answer."
	})
	for _, req := range r.srv.Requests() {
		if req.Header.Get("Authorization") != "" {
			t.Errorf("%s %s sent an Authorization header", req.Method, req.Route)
		}
	}
	if n := len(r.srv.RequestsTo("PUT *")); n != 0 {
		t.Errorf("%d registrations without a token", n)
	}
}

// TestShutdown: on cancel the endpoint stops accepting, answers the
// request in flight (deferred, its answer delivered) and returns in time.
func TestShutdown(t *testing.T) {
	r := startRig(t, func(s *settings) { s.endpoint.DeferAfter = 20 * time.Millisecond })
	d, _ := r.deliver(fakediscord.SlashCommand("slow"))
	if d.Callback.Type != 5 {
		t.Fatalf("callback type %d", d.Callback.Type)
	}
	stopped := make(chan time.Duration, 1)
	go func() { _, took := r.stop(); stopped <- took }()
	// The deferred answer still in flight is delivered once its handler returns.
	r.await("shutdown to begin", func() bool { return !r.hs.Healthy() })
	close(r.fx.gate)
	took := <-stopped
	if took > 5*time.Second {
		t.Errorf("Run took %v to return", took)
	}
	if m, ok := r.srv.Original(d.ID); !ok || m.Content != "Finally: the answer." {
		t.Errorf("the answer in flight was lost: %+v", m)
	}
	if _, err := r.srv.DeliverInteraction(r.url, fakediscord.SlashCommand("echo")); err == nil {
		t.Error("the endpoint still accepts after shutdown")
	}
}

// TestHealthAndMetrics: /healthz says ok while serving; the request
// counter and the adapter's metrics share one registry.
func TestHealthAndMetrics(t *testing.T) {
	r := startRig(t, nil)
	r.deliver(fakediscord.SlashCommand("echo", fakediscord.Str("text", "hi")))
	// The adapter counts an answer once it is written, which may be just
	// after the fake read it.
	r.await("the answer counted", func() bool {
		return r.ep.Metrics().Interactions("echo", "ok") == 1 && r.hs.Requests(OutcomeAnswered) == 1
	})
	rec := httptest.NewRecorder()
	r.hs.HealthHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"status":"ok"`) {
		t.Errorf("healthz %d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	r.ep.Metrics().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{`ballerina_http_requests_total{outcome="answered"} 1`, "ballerina_http_request_duration_seconds_count 1",
		`ballerina_discord_interactions_total{command="echo",outcome="ok"} 1`} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	r.stop()
	rec = httptest.NewRecorder()
	r.hs.HealthHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 503 {
		t.Errorf("healthz after shutdown: %d", rec.Code)
	}
}

func TestParsePublicKey(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	good := hex.EncodeToString(pub)
	tests := []struct {
		in   string
		fail bool
	}{
		{good, false}, {" " + good + "\n", false}, {strings.ToUpper(good), false},
		{"", true}, {good[:62], true}, {good + "00", true}, {"zz" + good[2:], true},
	}
	for _, tc := range tests {
		k, err := ParsePublicKey(tc.in)
		if (err != nil) != tc.fail || (err == nil && !bytes.Equal(k, pub)) {
			t.Errorf("ParsePublicKey(%q) = %x, %v", tc.in, k, err)
		}
	}
}
