package fakediscord_test

import (
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// The tests in this file reproduce the discordgo v0.29.0 hazards listed in
// docs/ARCHITECTURE.md. Some leave discordgo goroutines deadlocked or reconnecting
// forever, and they take several seconds, so they only run with
//
//	FAKEDISCORD_HAZARDS=1 go test -race -run Hazard -v ./bot/fakediscord/
//
// They document discordgo, not the fake: the bot must defend against each.
func hazards(t *testing.T) {
	t.Helper()
	if os.Getenv("FAKEDISCORD_HAZARDS") == "" {
		t.Skip("set FAKEDISCORD_HAZARDS=1 to reproduce discordgo's hazards")
	}
	t.Parallel()
}

// watchConnections counts the gateway connections opened during d.
func watchConnections(srv *fakediscord.Server, d time.Duration) int {
	before := len(srv.Connections())
	time.Sleep(d) // observing a rate needs wall time
	return len(srv.Connections()) - before
}

// Hazard 1: connections dropped right after RESUMED. discordgo's old
// heartbeat goroutine can close the new connection, reconnect loops pile
// up, and they go on after Close().
func TestHazard1DropAfterResumeStorm(t *testing.T) {
	hazards(t)
	srv, sess, _ := openSession(t, fastOpts())
	srv.FaultNextConnections(-1, fakediscord.GatewayFault{DropAfterResume: true})
	srv.DropConnections()
	n := watchConnections(srv, 5*time.Second)
	t.Logf("connections in 5s while every RESUME is dropped: %d (resumes %d, identifies %d)",
		n, srv.ResumeCount(), srv.IdentifyCount())
	_ = sess.Close()
	after := watchConnections(srv, 4*time.Second)
	t.Logf("connections in the 4s after sess.Close(): %d", after)
}

// Hazard 4: op 7 before READY deadlocks Open (onEvent calls CloseWithCode,
// which needs the session lock that Open holds).
func TestHazard4ReconnectBeforeReadyDeadlocksOpen(t *testing.T) {
	hazards(t)
	srv := fakediscord.Start(t, fastOpts())
	srv.FaultNextConnections(1, fakediscord.GatewayFault{ReconnectOnHandshake: true})
	sess, err := discordgo.New("Bot " + srv.Token()) // not NewSession: its cleanup would block on the lock
	if err != nil {
		t.Fatal(err)
	}
	sess.Client = fakediscord.NewSession(t, srv).Client
	err = openWithin(sess, 3*time.Second)
	t.Logf("Open after op 7 before READY: %v (the goroutine stays deadlocked)", err)
	if err != errOpenHung {
		t.Errorf("Open returned %v", err)
	}
}

// Hazard 5: fatal close codes are retried forever, with backoff 1s, 2s, 4s…
func TestHazard5FatalCloseRetried(t *testing.T) {
	hazards(t)
	for _, code := range []int{4004, 4014} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			srv, _, _ := openSession(t, fastOpts())
			srv.FaultNextConnections(-1, fakediscord.GatewayFault{CloseOnHandshake: code})
			srv.CloseConnections(code, "")
			n := watchConnections(srv, 6*time.Second)
			t.Logf("close %d: %d reconnection attempts in 6s", code, n)
			if n < 2 {
				t.Errorf("discordgo stopped retrying after close %d", code)
			}
		})
	}
}

// Hazard 6: one rate-limit bucket per interaction token, never freed.
func TestHazard6BucketPerInteraction(t *testing.T) {
	hazards(t)
	srv, sess, ev := openSession(t, fastOpts())
	const n = 20
	for range n {
		if _, err := srv.DispatchInteraction(fakediscord.SlashCommand("quote")); err != nil {
			t.Fatal(err)
		}
		i := recv(t, ev.interactions, "interaction")
		if err := sess.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: 4,
			Data: &discordgo.InteractionResponseData{Content: "q"}}); err != nil {
			t.Fatal(err)
		}
	}
	sess.Ratelimiter.Lock()
	buckets := reflect.ValueOf(sess.Ratelimiter).Elem().FieldByName("buckets").Len()
	sess.Ratelimiter.Unlock()
	t.Logf("rate-limit buckets after %d interactions: %d", n, buckets)
	if buckets < n {
		t.Errorf("buckets = %d", buckets)
	}
}

// Hazard 7: a panic in a handler kills the process (handlers run in bare
// goroutines). Run in a child process.
func TestHazard7HandlerPanicKillsProcess(t *testing.T) {
	if os.Getenv("FAKEDISCORD_PANIC_CHILD") == "1" {
		srv, sess, _ := openSession(t, fastOpts())
		sess.AddHandler(func(*discordgo.Session, *discordgo.InteractionCreate) { panic("handler bug") })
		_, _ = srv.DispatchInteraction(fakediscord.SlashCommand("plot"))
		time.Sleep(2 * time.Second)
		return
	}
	hazards(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHazard7HandlerPanicKillsProcess$")
	cmd.Env = append(os.Environ(), "FAKEDISCORD_PANIC_CHILD=1")
	out, err := cmd.CombinedOutput()
	t.Logf("child process: %v", err)
	if err == nil || !strings.Contains(string(out), "panic: handler bug") {
		t.Errorf("the process survived a handler panic (%v):\n%s", err, out)
	}
}
