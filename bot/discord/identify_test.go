package discord

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

func TestIdentifyWaitsForTheSessionStartReset(t *testing.T) {
	t.Parallel()
	clock := shardClock()
	opts := fakeOpts()
	opts.Shards, opts.GuildIDs = 2, fakediscord.GuildIDs(2, 2)
	// One start left of today's budget; two buckets, so only the budget
	// holds shard 1 back.
	opts.SessionStartLimit = fakediscord.SessionStartLimit{Total: 1000, Remaining: 1, ResetAfter: time.Hour, MaxConcurrency: 2}
	opts.IdentifyInterval, opts.Now = 5*time.Second, clock.Now
	r := startRig(t, opts, func(c *Config) {
		c.Clock, c.IdentifyInterval, c.GuildID = clock, 5*time.Second, ""
	}, nil)
	r.srv.Await(t, "one IDENTIFY and a wait for the reset", func() bool {
		return r.srv.IdentifyCount() == 1 && clock.Pending() == 1 && strings.Contains(r.logs.String(), "session start limit is used up")
	})
	if !strings.Contains(r.logs.String(), "reset_in=1h0m0s") {
		t.Errorf("the log does not say when the limit resets:\n%s", r.logs)
	}
	clock.Advance(time.Hour)
	r.srv.Await(t, "both shards connected", func() bool {
		return r.srv.IdentifyCount() == 2 && len(r.srv.ConnectedShards()) == 2 && r.bot.Health().Connected
	})
	if v := r.srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("identify limits broken: %v", v)
	}
	// The bot asked Discord again for the new budget after the reset.
	if n := len(r.srv.RequestsTo("GET /gateway/bot")); n != 2 {
		t.Errorf("GET /gateway/bot %d times, want 2 (start, after the reset)", n)
	}
}

// memLeases is the shared database of two processes, as far as IDENTIFY
// pacing needs one: leases that expire on the manual clock.
type memLeases struct {
	clock *commandstest.Clock
	mu    sync.Mutex
	until map[string]time.Time
	tries int
}

func (l *memLeases) AcquireLease(_ context.Context, name, _ string, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tries++
	now := l.clock.Now()
	if now.Before(l.until[name]) {
		return false, nil
	}
	l.until[name] = now.Add(ttl)
	return true, nil
}

func (l *memLeases) attempts() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tries
}

// Two processes split two shards that share one identify bucket
// (max_concurrency 1): the second waits for the first one's lease, only
// the process with shard 0 registers the commands, and each answers the
// guilds of its own shard.
func TestTwoProcessesShareTheIdentifyBucket(t *testing.T) {
	t.Parallel()
	clock := shardClock()
	guilds := fakediscord.GuildIDs(4, 2)
	opts := fakeOpts()
	opts.Shards, opts.GuildIDs = 2, guilds
	opts.SessionStartLimit = fakediscord.SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: 24 * time.Hour, MaxConcurrency: 1}
	opts.IdentifyInterval, opts.Now = 5*time.Second, clock.Now
	srv := fakediscord.Start(t, opts)
	leases := &memLeases{clock: clock, until: map[string]time.Time{}}
	start := func(id int) (*Bot, *logSink) {
		logs := &logSink{}
		cfg := testConfig(srv, &fixture{}, logs)
		cfg.GuildID, cfg.Clock, cfg.IdentifyInterval = "", clock, 5*time.Second
		cfg.ShardCount, cfg.ShardIDs, cfg.IdentifyLeases, cfg.Instance = 2, []int{id}, leases, fmt.Sprint("process-", id)
		b, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.Run(ctx) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("process %d: Run: %v", id, err)
			}
			if t.Failed() {
				t.Logf("process %d log:\n%s", id, logs)
			}
		})
		return b, logs
	}
	a, _ := start(0)
	srv.Await(t, "process 0 to identify", func() bool { return srv.IdentifyCount() == 1 && srv.ShardConnected(0) })
	b, _ := start(1)
	// Process 1 finds the bucket's lease taken and polls it each second.
	srv.Await(t, "process 1 to wait for the lease", func() bool { return leases.attempts() == 2 && clock.Pending() == 1 })
	for step := 1; srv.IdentifyCount() < 2; step++ {
		if step > 10 {
			t.Fatalf("process 1 never identified; %d lease attempts", leases.attempts())
		}
		tries := leases.attempts()
		clock.Advance(time.Second)
		srv.Await(t, "process 1 to try again or identify", func() bool {
			return srv.IdentifyCount() == 2 || leases.attempts() > tries && clock.Pending() == 1
		})
	}
	ids := srv.Identifies()
	if gap := ids[1].At.Sub(ids[0].At); gap < 5*time.Second || gap > 7*time.Second {
		t.Errorf("the second process identified %v after the first, want 5–7 s (the lease and its slack)", gap)
	}
	srv.Await(t, "both processes connected", func() bool {
		return a.Health().Connected && b.Health().Connected && len(srv.ConnectedShards()) == 2
	})
	if v := srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("identify pacing broken: %v", v)
	}
	if n := len(srv.RequestsTo("PUT *")); n != 1 {
		t.Errorf("commands registered %d times, want once (by the process with shard 0)", n)
	}
	for i, g := range guilds {
		owner := map[bool]*Bot{true: a, false: b}[i%2 == 0]
		if !owner.Owns(g) || map[bool]*Bot{true: b, false: a}[i%2 == 0].Owns(g) {
			t.Errorf("guild %d: Owns disagrees with its shard %d", i, i%2)
		}
		ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("echo").InGuild(g, fmt.Sprint(1300000000000000300+i)))
		if err != nil {
			t.Fatal(err)
		}
		srv.AwaitCallback(t, ix.ID)
		// The metric counts after Discord accepted the callback.
		srv.Await(t, fmt.Sprintf("guild %d's answer from the process of shard %d", i, i%2), func() bool {
			return owner.Metrics().Interactions("echo", OutcomeOK) == uint64(i/2+1)
		})
	}
	if na, nb := a.Metrics().Interactions("echo", OutcomeOK), b.Metrics().Interactions("echo", OutcomeOK); na != 2 || nb != 2 {
		t.Errorf("answers: process 0 %d, process 1 %d, want 2 each", na, nb)
	}
	if !a.Owns("") || b.Owns("") {
		t.Error("a DM belongs to the process with shard 0")
	}
}

// An invalid session (op 9) makes discordgo identify again on the same
// socket as soon as it reads it: the frame waits for the shard's bucket, so
// a session invalidated right after its IDENTIFY does not identify twice
// within five seconds.
func TestInvalidSessionWaitsForTheBucket(t *testing.T) {
	t.Parallel()
	clock := shardClock()
	opts := fakeOpts()
	opts.IdentifyInterval, opts.Now = 5*time.Second, clock.Now
	r := startRig(t, opts, func(c *Config) { c.Clock, c.IdentifyInterval = clock, 5*time.Second }, nil)
	r.connected()
	r.srv.SendInvalidSession(false)
	r.srv.Await(t, "the op 9 to wait for the bucket", func() bool { return clock.Pending() == 1 })
	if n := r.srv.IdentifyCount(); n != 1 {
		t.Fatalf("%d identifies before the bucket's 5 s passed", n)
	}
	clock.Advance(5 * time.Second)
	r.srv.Await(t, "a fresh IDENTIFY and READY", func() bool { return r.srv.IdentifyCount() == 2 && r.srv.Connected() && r.bot.Health().Connected })
	if v := r.srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("identify pacing broken: %v", v)
	}
	ix := r.dispatch(fakediscord.SlashCommand("echo"))
	r.srv.AwaitCallback(t, ix.ID)
}
