package discord

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ballerina-bot/ballerina/commands"
)

// restBot is a Bot whose REST calls go to h.
func restBot(t *testing.T, h http.HandlerFunc) *Bot {
	t.Helper()
	up := httptest.NewServer(h)
	t.Cleanup(up.Close)
	fx := &fixture{}
	b, err := New(Config{Token: "t", APIURL: up.URL, Table: fx.table(), RESTTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.base.CloseIdleConnections)
	return b
}

func TestCallRetryPolicy(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	reply := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
	b := restBot(t, func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		switch r.URL.Path {
		case "/api/v9/flaky": // 503, 429 (route), then fine
			switch k {
			case 1:
				reply(w, 503, `{"message":"unavailable","code":0}`)
			case 2:
				w.Header().Set("Retry-After", "1")
				reply(w, 429, `{"message":"slow down","retry_after":0.15,"global":false}`)
			default:
				reply(w, 200, `{"ok":true}`)
			}
		case "/api/v9/bad":
			reply(w, 400, `{"message":"Invalid Form Body","code":50035}`)
		case "/api/v9/down":
			reply(w, 502, `{"message":"bad gateway","code":0}`)
		}
	})
	ctx := context.Background()
	start := time.Now()
	body, err := b.call(ctx, http.MethodGet, "https://discord.com/api/v9/flaky", nil, "flaky")
	if err != nil || string(body) != `{"ok":true}` || n.Load() != 3 {
		t.Fatalf("flaky: %s %v after %d attempts", body, err, n.Load())
	}
	if took := time.Since(start); took < 150*time.Millisecond {
		t.Errorf("retried a 429 after %v, before its retry_after", took)
	}

	n.Store(0)
	if _, err := b.call(ctx, http.MethodPost, "https://discord.com/api/v9/bad", map[string]int{}, "bad"); err == nil || n.Load() != 1 {
		t.Errorf("a 400 was retried: %d attempts, %v", n.Load(), err)
	} else if status, code := restStatus(err); status != 400 || code != 50035 {
		t.Errorf("restStatus = %d %d", status, code)
	}

	n.Store(0)
	_, err = b.call(ctx, http.MethodGet, "https://discord.com/api/v9/down", nil, "down")
	if err == nil || n.Load() != restAttempts || !strings.Contains(err.Error(), "gave up after 4 attempts") {
		t.Errorf("5xx: %d attempts, %v", n.Load(), err)
	}

	// The caller's deadline wins over retries.
	n.Store(0)
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := b.call(short, http.MethodGet, "https://discord.com/api/v9/down", nil, "down"); err == nil || n.Load() > 2 {
		t.Errorf("short deadline: %d attempts, %v", n.Load(), err)
	}
}

func TestRespondTreatsAlreadyAcknowledgedOnRetryAsSuccess(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	b := restBot(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1) == 1 { // accepted, but the answer is lost on the way back
			w.WriteHeader(502)
			io.WriteString(w, `{"message":"bad gateway","code":0}`)
			return
		}
		w.WriteHeader(400)
		io.WriteString(w, `{"message":"Interaction has already been acknowledged.","code":40060}`)
	})
	ix := &interaction{ID: "1", Token: "tok", ApplicationID: "2"}
	if err := b.respond(context.Background(), ix, callback{Type: cbMessage, Data: ephemeralText("hi")}); err != nil {
		t.Fatalf("respond: %v", err)
	}
	// A first attempt answered 40060 is a real double answer: an error.
	n.Store(1)
	if err := b.respond(context.Background(), ix, callback{Type: cbMessage, Data: ephemeralText("hi")}); err == nil {
		t.Fatal("a direct 40060 was taken for success")
	}
}

// TestGatewayOverTLS runs the production path for wss:// gateways: gateway
// discovery rewritten to ws://host:port, TLS done by our dialer, and the
// frame watch reading the plaintext (it sees READY).
func TestGatewayOverTLS(t *testing.T) {
	t.Parallel()
	var gatewayURL string
	identified := make(chan json.RawMessage, 1)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v9/gateway" {
			io.WriteString(w, `{"url":"`+gatewayURL+`"}`)
			return
		}
		up := websocket.Upgrader{}
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		ws.WriteMessage(websocket.TextMessage, []byte(`{"op":10,"d":{"heartbeat_interval":45000}}`))
		_, msg, err := ws.ReadMessage()
		if err != nil {
			return
		}
		identified <- msg
		ws.WriteMessage(websocket.TextMessage, []byte(`{"t":"READY","s":1,"op":0,"d":{"session_id":"s","user":{"id":"9"},"application":{"id":"8"}}}`))
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	gatewayURL = "wss://" + strings.TrimPrefix(srv.URL, "https://")

	b, err := New(Config{Token: "t", APIURL: srv.URL, Table: (&fixture{}).table(), HandshakeTimeout: 2 * time.Second, OpenTimeout: 4 * time.Second, ShardCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	certs := srv.Client().Transport.(*http.Transport).TLSClientConfig
	b.base.TLSClientConfig = certs.Clone()
	b.gatewayTLS = &tls.Config{RootCAs: certs.RootCAs}
	sh := b.shards().shards[0]
	if err := sh.openGateway(context.Background()); err != nil {
		t.Fatalf("open over TLS: %v", err)
	}
	defer sh.sess.CloseWithCode(websocket.CloseNormalClosure)
	var id struct {
		Op int `json:"op"`
		D  struct {
			Intents  int  `json:"intents"`
			Compress bool `json:"compress"`
		} `json:"d"`
	}
	if err := json.Unmarshal(<-identified, &id); err != nil || id.Op != 2 || id.D.Intents != 1<<9|1<<12 || id.D.Compress {
		t.Errorf("identify %+v %v", id, err)
	}
	if c := sh.current(); c == nil || !c.ready.Load() || c.heartbeat.Load() != int64(45*time.Second) {
		t.Fatal("the frame watch did not read the TLS socket's plaintext")
	}
	if _, botID := b.ids(); botID != "9" {
		t.Errorf("bot id from READY: %q", botID)
	}
	if !b.Health().Connected {
		t.Error("not healthy")
	}
}

func TestNewChecksConfig(t *testing.T) {
	t.Parallel()
	table := commands.Table{{Name: "x"}}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Table: table}, "no token"},
		{Config{Token: "Bot ", Table: table}, "no token"},
		{Config{Token: "t"}, "empty command table"},
		{Config{Token: "t", Table: table, APIURL: "discord.com"}, "not an http(s) origin"},
		{Config{Token: "t", Table: table, APIURL: "ftp://x"}, "not an http(s) origin"},
	} {
		if _, err := New(tc.cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
	unauthorized := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message":"401: Unauthorized","code":0}`)
	}))
	t.Cleanup(unauthorized.Close)
	b, err := New(Config{Token: "Bot abc", Table: table, APIURL: unauthorized.URL + "/"})
	if err != nil || b.sess.Token != "Bot abc" || b.sess.Identify.Intents != intents || b.sess.ShouldReconnectOnError {
		t.Fatalf("New: %v", err)
	}
	if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "token was rejected") {
		t.Errorf("Run with a rejected token: %v", err)
	}
	if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("second Run: %v", err)
	}
}
