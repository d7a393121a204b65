package fakediscord_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

const testTimeout = 5 * time.Second

// fastOpts are options for tests about heartbeats: one every 100ms, so
// discordgo notices a missing ACK after 500ms.
func fastOpts() fakediscord.Options {
	return fakediscord.Options{HeartbeatInterval: 100 * time.Millisecond}
}

// quietOpts are the options of every other test: discordgo sends its first
// heartbeat at once and the next one only after 5s, i.e. never during a
// test. This keeps discordgo's heartbeat goroutine parked, out of hazard 1
// of docs/ARCHITECTURE.md (see steady), when a test breaks the connection.
func quietOpts() fakediscord.Options {
	return fakediscord.Options{HeartbeatInterval: 5 * time.Second}
}

// events collects what a discordgo session receives, on buffered channels.
type events struct {
	ready        chan *discordgo.Ready
	resumed      chan *discordgo.Resumed
	interactions chan *discordgo.InteractionCreate
	messages     chan *discordgo.MessageCreate
}

func collect(sess *discordgo.Session) *events {
	ev := &events{
		ready:        make(chan *discordgo.Ready, 16),
		resumed:      make(chan *discordgo.Resumed, 16),
		interactions: make(chan *discordgo.InteractionCreate, 64),
		messages:     make(chan *discordgo.MessageCreate, 64),
	}
	sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { ev.ready <- r })
	sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Resumed) { ev.resumed <- r })
	sess.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { ev.interactions <- i })
	sess.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { ev.messages <- m })
	return ev
}

// recv returns the next value from ch or fails the test after testTimeout.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(testTimeout):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

// openSession starts a server, opens a real discordgo session on it and
// waits for READY.
func openSession(t *testing.T, opts fakediscord.Options) (*fakediscord.Server, *discordgo.Session, *events) {
	t.Helper()
	srv := fakediscord.Start(t, opts)
	sess := fakediscord.NewSession(t, srv)
	ev := collect(sess)
	mustOpen(t, sess)
	recv(t, ev.ready, "READY")
	steady(t, srv)
	return srv, sess, ev
}

// steady waits until the newest gateway connection has received a
// heartbeat, i.e. discordgo's heartbeat goroutine is running. Breaking the
// connection earlier hits hazard 1 of docs/ARCHITECTURE.md: the heartbeat goroutine,
// blocked on the session lock during Close, wakes up later, fails to write
// on the old socket and closes whatever connection is current, racing the
// reconnect that listen() started.
func steady(t *testing.T, srv *fakediscord.Server) {
	t.Helper()
	srv.Await(t, "a heartbeat", func() bool {
		cs := srv.Connections()
		return len(cs) > 0 && cs[len(cs)-1].Heartbeats > 0
	})
}

// mustOpen calls sess.Open with a bound: Open itself has none.
func mustOpen(t *testing.T, sess *discordgo.Session) {
	t.Helper()
	if err := openWithin(sess, testTimeout); err != nil {
		t.Fatalf("Open: %v", err)
	}
}

var errOpenHung = errors.New("Open did not return")

func openWithin(sess *discordgo.Session, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- sess.Open() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return errOpenHung
	}
}

// restStatus extracts the HTTP status and Discord code of a discordgo error.
func restStatus(t *testing.T, err error) (int, int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("want a *discordgo.RESTError, got %T: %v", err, err)
	}
	code := -1
	if re.Message != nil {
		code = re.Message.Code
	}
	return re.Response.StatusCode, code
}

func countStatus(reqs []fakediscord.Request, status int) int {
	n := 0
	for _, r := range reqs {
		if r.Status == status {
			n++
		}
	}
	return n
}

var _ = http.StatusOK

// call sends one authorised REST request to the fake and returns the status
// and the JSON answer.
func call(t *testing.T, srv *fakediscord.Server, method, path, body string) (int, json.RawMessage) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL()+"/api/v9"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bot "+srv.Token())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	return resp.StatusCode, raw
}
