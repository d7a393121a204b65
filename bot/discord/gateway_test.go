package discord

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands"
)

func TestResumeAnswersInteractionsSentWhileAway(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	r.srv.DropConnections()
	r.srv.Await(t, "the socket to close", func() bool { return r.srv.OpenConnections() == 0 })
	// Sent while the bot is away: the fake logs them and replays them on RESUME.
	a := r.dispatch(fakediscord.SlashCommand("ask", fakediscord.Str("question", "still there?")))
	b := r.dispatch(fakediscord.Button("trivia:answer:3"))
	for _, ix := range []fakediscord.Interaction{a, b} {
		if cb := r.srv.AwaitCallback(t, ix.ID); cb.Type != cbMessage && cb.Type != cbUpdate {
			t.Errorf("callback type %d", cb.Type)
		}
	}
	resumes := r.srv.Resumes()
	if len(resumes) != 1 || !resumes[0].Accepted || resumes[0].Replayed != 2 {
		t.Errorf("resumes %+v", resumes)
	}
	if n := r.srv.IdentifyCount(); n != 1 {
		t.Errorf("%d identifies, want 1 (the session resumed)", n)
	}
	r.srv.Await(t, "the reconnect metric", func() bool { return r.bot.Metrics().Reconnects() == 1 })
}

func TestDropRightAfterResumeKeepsOneConnection(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	// The next two sockets resume and are dropped at once, the pattern
	// that sends discordgo's own reconnect logic into a storm.
	r.srv.FaultNextConnections(2, fakediscord.GatewayFault{DropAfterResume: true})
	r.srv.DropConnections()
	r.srv.Await(t, "three resumes", func() bool { return r.srv.ResumeCount() >= 3 && r.srv.Connected() })
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)

	// Settled: exactly one live socket, which lives on through three more
	// heartbeats (the old sockets' heartbeat goroutines wake in that time:
	// a storm would show as new sockets).
	conns := r.srv.Connections()
	n, live, beats := len(conns), conns[len(conns)-1].ID, conns[len(conns)-1].Heartbeats
	r.srv.Await(t, "three heartbeats on one socket, or a new socket", func() bool {
		cs := r.srv.Connections()
		last := cs[len(cs)-1]
		return len(cs) != n || last.Heartbeats >= beats+3
	})
	if open, total := r.srv.OpenConnections(), r.srv.Connections(); open != 1 || len(total) != n || total[n-1].ID != live {
		t.Fatalf("open %d, connections %d → %d", open, n, len(total))
	}
	if n > 5 {
		t.Errorf("%d connections for 3 drops", n)
	}
	took, err := r.stop()
	if err != nil || took > 5*time.Second {
		t.Fatalf("Run returned %v after %v", err, took)
	}
	r.srv.Await(t, "no open socket", func() bool { return r.srv.OpenConnections() == 0 })
	after := len(r.srv.Connections())
	time.Sleep(1200 * time.Millisecond)
	if got := len(r.srv.Connections()); got != after || r.srv.OpenConnections() != 0 {
		t.Errorf("connections after shutdown: %d → %d, %d open", after, got, r.srv.OpenConnections())
	}
}

func TestNoHelloDoesNotHang(t *testing.T) {
	t.Parallel()
	start := time.Now()
	r := startRig(t, fakeOpts(), func(c *Config) { c.HandshakeTimeout = 300 * time.Millisecond },
		func(s *fakediscord.Server) { s.FaultNextConnections(1, fakediscord.GatewayFault{NoHello: true}) })
	r.connected()
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("connected after %v", took)
	}
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	if n := len(r.srv.Connections()); n != 2 {
		t.Errorf("%d connections, want 2", n)
	}
	if !strings.Contains(r.logs.String(), "no HELLO/READY within 300ms") {
		t.Errorf("the log does not say why:\n%s", r.logs.String())
	}
}

func TestReconnectBeforeReadyDoesNotHang(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil,
		func(s *fakediscord.Server) {
			s.FaultNextConnections(1, fakediscord.GatewayFault{ReconnectOnHandshake: true})
		})
	r.connected()
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	// Again on a RESUME after a drop.
	r.srv.FaultNextConnections(1, fakediscord.GatewayFault{ReconnectOnHandshake: true})
	r.srv.DropConnections()
	r.srv.Await(t, "an accepted resume", func() bool {
		for _, res := range r.srv.Resumes() {
			if res.Accepted {
				return r.srv.Connected()
			}
		}
		return false
	})
	ix = r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
	if !strings.Contains(r.logs.String(), "op 7 (reconnect) arrived before READY") {
		t.Errorf("the log does not say why:\n%s", r.logs.String())
	}
}

func TestInvalidSessionIdentifiesAgain(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	first := r.srv.SessionID()
	r.srv.SendInvalidSession(false)
	r.srv.Await(t, "a fresh IDENTIFY", func() bool { return r.srv.IdentifyCount() == 2 && r.srv.SessionID() != first && r.srv.Connected() })
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
}

func TestZombieConnectionResumes(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakediscord.Options{HeartbeatInterval: 100 * time.Millisecond}, nil, nil)
	r.connected()
	// The next socket never acknowledges heartbeats.
	r.srv.FaultNextConnections(1, fakediscord.GatewayFault{NoHeartbeatAck: true})
	r.srv.DropConnections()
	r.srv.Await(t, "a second resume", func() bool { return r.srv.ResumeCount() >= 2 && r.srv.Connected() })
	conns := r.srv.Connections()
	if zombie := conns[1]; zombie.ClientCloseCode == 1000 {
		t.Errorf("the zombie socket was closed with 1000, which ends the session")
	}
	for _, res := range r.srv.Resumes() {
		if !res.Accepted {
			t.Errorf("resume refused: %+v", res)
		}
	}
	if r.srv.IdentifyCount() != 1 {
		t.Errorf("%d identifies", r.srv.IdentifyCount())
	}
	if !strings.Contains(r.logs.String(), "no heartbeat ACK") {
		t.Errorf("the log does not say why:\n%s", r.logs.String())
	}
}

func TestFatalCloseCodesEndRun(t *testing.T) {
	t.Parallel()
	t.Run("4004 on reconnect", func(t *testing.T) {
		t.Parallel()
		r := startRig(t, fakeOpts(), nil, nil)
		r.connected()
		r.srv.FaultNextConnections(1, fakediscord.GatewayFault{CloseOnHandshake: 4004})
		r.srv.DropConnections()
		err, took := r.waitRun(15 * time.Second)
		if err == nil || !strings.Contains(err.Error(), "4004") || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
			t.Fatalf("Run returned %v", err)
		}
		if took > 5*time.Second {
			t.Errorf("Run took %v to give up", took)
		}
		n := len(r.srv.Connections())
		time.Sleep(500 * time.Millisecond)
		if len(r.srv.Connections()) != n || r.srv.OpenConnections() != 0 {
			t.Errorf("reconnected after a fatal close")
		}
	})
	t.Run("4014 while connected", func(t *testing.T) {
		t.Parallel()
		r := startRig(t, fakeOpts(), nil, nil)
		r.connected()
		r.srv.CloseConnections(4014, "")
		err, took := r.waitRun(15 * time.Second)
		if err == nil || !strings.Contains(err.Error(), "4014") || !strings.Contains(err.Error(), "developer portal") {
			t.Fatalf("Run returned %v", err)
		}
		if took > 5*time.Second {
			t.Errorf("Run took %v to give up", took)
		}
	})
	t.Run("bad token", func(t *testing.T) {
		t.Parallel()
		r := startRig(t, fakeOpts(), func(c *Config) { c.Token = "wrong" }, nil)
		err, _ := r.waitRun(10 * time.Second)
		if err == nil || !strings.Contains(err.Error(), "token was rejected") {
			t.Fatalf("Run returned %v", err)
		}
		if len(r.srv.Connections()) != 0 {
			t.Error("the gateway was opened with a rejected token")
		}
	})
}

func TestGlobalRateLimitHoldsOtherRoutes(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	r.srv.RateLimitNext("POST /interactions/*/*/callback", time.Second, true)
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	var limited fakediscord.Request
	r.srv.Await(t, "the 429", func() bool {
		for _, req := range r.srv.RequestsTo("POST /interactions/*/*/callback") {
			if req.Status == 429 {
				limited = req
				return true
			}
		}
		return false
	})
	// Another route, another bucket: held back until retry_after passed
	// (once the bot has read the 429, which the fake records first).
	r.srv.Await(t, "the bot to see the 429", func() bool { return r.bot.Metrics().RateLimited("global") == 1 })
	if _, err := r.bot.Messenger().Send(context.Background(), commands.Message{ChannelID: fakediscord.DefaultChannelID, Response: commands.Response{Content: "later"}}); err != nil {
		t.Fatal(err)
	}
	post := r.srv.AwaitRequest(t, "POST /channels/*/messages")
	if gap := post.Time.Sub(limited.Time); gap < 900*time.Millisecond {
		t.Errorf("the channel post went out %v after a global 429 with retry_after 1s", gap)
	}
	// The limited callback was retried once the limit passed.
	cb := r.srv.AwaitCallback(t, ix.ID)
	if cb.Type != cbMessage || cb.At.Sub(limited.Time) < 900*time.Millisecond {
		t.Errorf("callback %d at +%v", cb.Type, cb.At.Sub(limited.Time))
	}
	if n := r.bot.Metrics().RateLimited("global"); n != 1 {
		t.Errorf("%d global 429s counted", n)
	}
}

func TestRateLimitBucketsStayFlat(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	run := func(n int) {
		var wg sync.WaitGroup
		for i := range n {
			spec := fakediscord.SlashCommand("echo")
			if i%3 == 1 {
				spec = fakediscord.SlashCommand("fail")
			}
			ix := r.dispatch(spec)
			wg.Add(1)
			go func() { defer wg.Done(); r.srv.AwaitCallback(t, ix.ID) }()
		}
		wg.Wait()
	}
	run(40)
	after40 := bucketCount(r.bot)
	run(160)
	after200 := bucketCount(r.bot)
	// discordgo alone keeps one bucket per interaction token (200+ here).
	// Ours: the fixed shards of callbacks and webhooks, plus a few routes
	// (application, registration, gateway discovery), whatever the traffic.
	if bound := 2*interactionBuckets + 4; after40 > bound || after200 > bound {
		t.Errorf("buckets: %d after 40 interactions, %d after 200; want at most %d", after40, after200, bound)
	}
	t.Logf("rate-limit buckets: %d after 40 interactions, %d after 200", after40, after200)
}

func TestShutdownWithinFiveSeconds(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), func(c *Config) { c.DeferAfter = 100 * time.Millisecond }, nil)
	r.fx.slowDelay.Store(int64(time.Minute)) // honours its context
	r.connected()
	slow := r.dispatch(fakediscord.SlashCommand("slow"))
	r.srv.Await(t, "the slow handler to start", func() bool { return r.fx.slowSeen.Load() == 1 })
	if cb := r.srv.AwaitCallback(t, slow.ID); cb.Type != cbDeferMessage {
		t.Fatalf("slow callback %d", cb.Type)
	}
	stopped := make(chan time.Duration, 1)
	go func() { took, _ := r.stop(); stopped <- took }()
	r.srv.Await(t, "shutdown to begin", func() bool { return r.bot.Health().Stopping })
	// Work arriving during the drain is turned away politely.
	late := r.dispatch(fakediscord.SlashCommand("echo"))
	msg := callbackMessage(t, r.srv.AwaitCallback(t, late.ID))
	if msg["content"] != restartingText || msg["flags"].(float64) != flagEphemeral {
		t.Errorf("late interaction answered %v", msg)
	}
	var took time.Duration
	select {
	case took = <-stopped:
	case <-time.After(8 * time.Second):
		t.Fatal("Run did not return")
	}
	if took > 5*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	// The slow handler's context was cancelled at the end of the drain, and
	// its user got an answer instead of an eternal "thinking…".
	if m, ok := r.srv.Original(slow.ID); !ok || m.Flags&(1<<7) != 0 {
		t.Errorf("the deferred message is still loading: %+v", m)
	}
	r.srv.Await(t, "no open socket", func() bool { return r.srv.OpenConnections() == 0 })
	t.Logf("shutdown with a handler in flight took %v", took)
}

func TestReconnectRequestResumes(t *testing.T) {
	t.Parallel()
	r := startRig(t, fakeOpts(), nil, nil)
	r.connected()
	r.srv.SendReconnect() // op 7 on a live session: close (not 1000) and RESUME
	r.srv.Await(t, "a resume", func() bool { return r.srv.ResumeCount() == 1 && r.srv.Connected() })
	if res := r.srv.Resumes()[0]; !res.Accepted || r.srv.IdentifyCount() != 1 {
		t.Errorf("resume %+v, identifies %d", res, r.srv.IdentifyCount())
	}
	if code := r.srv.Connections()[0].ClientCloseCode; code == 1000 || code == 1001 {
		t.Errorf("closed with %d, which ends the session", code)
	}
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
}
