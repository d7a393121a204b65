package fakediscord_test

import (
	"context"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// ownGoroutines returns the stacks of goroutines running code of package
// fakediscord itself (test code lives in fakediscord_test and is excluded).
func ownGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "ballerina/bot/fakediscord.") {
			out = append(out, g)
		}
	}
	return out
}

// Not parallel: it compares goroutine counts, which the parallel tests
// (paused until the sequential ones are done) cannot disturb.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	srv, err := fakediscord.NewServer(fastOpts())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL = %s", srv.URL())
	}

	// An identified gateway client...
	ws, _, err := websocket.DefaultDialer.Dial(srv.GatewayURL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	_ = ws.SetReadDeadline(time.Now().Add(testTimeout))
	_ = ws.ReadJSON(&struct{}{}) // HELLO
	_ = ws.WriteJSON(map[string]any{"op": 2, "d": map[string]any{"token": srv.Token(), "intents": 1}})
	srv.Await(t, "READY", func() bool { return srv.SessionID() != "" })

	// ...a REST request stuck in an injected delay, and an idle keep-alive.
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	get := func(path string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL()+path, nil)
		req.Header.Set("Authorization", "Bot "+srv.Token())
		return client.Do(req)
	}
	resp, err := get("/api/v9/users/@me")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET @me: %v %v", resp, err)
	}
	resp.Body.Close()
	srv.DelayNext("GET /users/@me", time.Minute, 1)
	stuck := make(chan error, 1)
	go func() {
		resp, err := get("/api/v9/users/@me")
		if err == nil {
			resp.Body.Close()
		}
		stuck <- err
	}()
	srv.Await(t, "the delayed request", func() bool { return srv.PendingFaults() == 0 })

	start := time.Now()
	srv.Close()
	srv.Close() // idempotent
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	// Close waits for every handler; a handler goroutine may still be
	// between its last deferred call and its exit, and a loaded machine can
	// leave it there a while. A leak stays; that one goes.
	g := ownGoroutines()
	for wait := time.Now().Add(testTimeout); len(g) > 0 && time.Now().Before(wait); g = ownGoroutines() {
		time.Sleep(10 * time.Millisecond)
	}
	if len(g) > 0 {
		t.Fatalf("goroutines of the fake still running after Close:\n%s", strings.Join(g, "\n\n"))
	}
	recv(t, stuck, "the delayed request to end")
	for i := 0; ; i++ { // READY and GUILD_CREATE are still buffered, then EOF
		if _, _, err := ws.ReadMessage(); err != nil {
			break
		}
		if i > 2 {
			t.Fatal("gateway socket still open after Close")
		}
	}
	tr.CloseIdleConnections()
	deadline := time.Now().Add(testTimeout)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // net/http's connection goroutines exit asynchronously
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines: %d before, %d after Close\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}
