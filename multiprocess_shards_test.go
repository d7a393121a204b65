package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
)

// TestMultiProcessShards runs the real binary as a sharded deployment: four
// shards, 100 guilds, one fresh PostgreSQL database, the fake Discord in this
// process on real sockets.
//
//   - Processes A (SHARD_IDS=0-1) and B (2-3) start; only A registers the
//     commands, and every guild's /qotd set is answered by exactly one of
//     them: the owner of its shard.
//   - A trivia leaderboard seeded in the database reads the same from A and,
//     later, from C.
//   - C (SHARD_IDS=1-2) starts, overlapping both. A is SIGKILLed before the
//     quote of the day is due, and restarted after: the quote goes out
//     exactly once per guild — B and C compete for shard 2, C posts shard 1
//     for the dead A, and A's catch-up posts shard 0 and nothing else.
//
// The processes agree on a clock shifted by BALLERINA_TEST_CLOCK_OFFSET
// (clock.go) so that the posting time, a whole minute, is lead seconds
// after they start. Every wait is on a condition of the fake's records.
func TestMultiProcessShards(t *testing.T) {
	if os.Getenv(storetest.EnvURL) == "" {
		t.Skipf("the multi-process test needs PostgreSQL: set %s to an admin URL, such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable", storetest.EnvURL)
	}
	dbURL := storetest.Target(t, "postgres")
	guilds := fakediscord.GuildIDs(100, 4)
	srv := fakediscord.Start(t, fakediscord.Options{
		HeartbeatInterval: time.Second, GuildIDs: guilds, Shards: 4,
		// Four buckets: the four shards identify at once; C's two wait for
		// the buckets' leases A and B took in the database.
		SessionStartLimit: fakediscord.SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: 24 * time.Hour, MaxConcurrency: 4},
		IdentifyInterval:  5 * time.Second,
	})
	channel := func(i int) string { return strconv.Itoa(1300000000000100000 + i) }
	for i, g := range guilds {
		srv.AddChannel(fakediscord.Channel{ID: channel(i), GuildID: g, Name: "quotes"})
	}

	// The processes' clock: the quote of the day is due at the next whole
	// minute at least lead after now.
	const lead = 25 * time.Second
	now := time.Now()
	due := now.Add(lead).Truncate(time.Minute).Add(time.Minute)
	offset := due.Sub(now) - lead // process time = real time + offset: due comes lead from now
	env := func(name, shards string) []string {
		return []string{"DISCORD_TOKEN=" + srv.Token(), "DISCORD_API_URL=" + srv.URL(), "DATABASE_URL=" + dbURL,
			"SHARD_COUNT=4", "SHARD_IDS=" + shards, "INSTANCE_ID=" + name, "METRICS_ADDR=127.0.0.1:0",
			"LOG_LEVEL=debug", clockOffsetVar + "=" + offset.String()}
	}
	dir := t.TempDir()
	a := startProcess(t, "A", "discord", dir, env("A", "0-1"))
	b := startProcess(t, "B", "discord", dir, env("B", "2-3"))
	awaitShards(t, srv, "A and B connected", 0, 1, 2, 3)
	a.awaitLog(t, srv, `msg="discord: gateway connected" shard=1`)
	b.awaitLog(t, srv, `msg="discord: gateway connected" shard=3`)
	if n := len(srv.RequestsTo("PUT /applications/*/commands")); n != 1 {
		t.Errorf("commands registered %d times, want once (by A, which runs shard 0)", n)
	}

	// Every guild's /qotd set, at the due time in UTC, answered once.
	hhmm := due.UTC().Format("15:04")
	var wg sync.WaitGroup
	ixs := make([]fakediscord.Interaction, len(guilds))
	for i, g := range guilds {
		spec := fakediscord.SlashCommand("qotd", fakediscord.Sub("set", fakediscord.ChannelOpt("channel", channel(i)),
			fakediscord.Str("time", hhmm), fakediscord.Str("timezone", "UTC"))).InGuild(g, channel(i)).WithPermissions("8")
		ix, err := srv.DispatchInteraction(spec)
		if err != nil {
			t.Fatal(err)
		}
		ixs[i] = ix
		wg.Add(1)
		go func() { defer wg.Done(); srv.AwaitCallback(t, ix.ID) }()
	}
	wg.Wait()
	for i, ix := range ixs {
		got, _ := srv.Interaction(ix.ID)
		if got.Rejected != 0 || !strings.Contains(string(got.Callback.Data), "Quote of the day is set") {
			t.Fatalf("guild %d: /qotd set answered %s (%d refused)", i, got.Callback.Data, got.Rejected)
		}
	}
	// Each process counts an answer once Discord accepted it.
	var na, nb int
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	_ = srv.WaitFor(ctx, func() bool {
		na, nb = a.interactions(t, "qotd"), b.interactions(t, "qotd")
		return na+nb >= 100
	})
	cancel()
	if na != 50 || nb != 50 {
		t.Errorf("/qotd set answered by A %d times and by B %d, want 50 each (each its shards' guilds)", na, nb)
	}

	// A leaderboard of a guild on shard 1, in the shared database, read by A.
	lbGuild, lbChannel := guilds[1], channel(1)
	seedLeaderboard(t, dbURL, lbGuild, 12, 4)
	fromA := askLeaderboard(t, srv, lbGuild, lbChannel)

	// C overlaps A on shard 1 and B on shard 2.
	c := startProcess(t, "C", "discord", dir, env("C", "1-2"))
	c.awaitLog(t, srv, `msg="qotd: scheduler started"`)
	awaitShardConns(t, srv, "C connected", map[int]int{0: 1, 1: 2, 2: 2, 3: 1})
	if v := srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("the processes over-identified: %v", v)
	}

	// A dies before the quote of the day is due.
	if n := len(srv.RequestsTo("POST /channels/*/messages")); n != 0 {
		t.Fatalf("%d posts before A was killed: the setup took longer than the lead (%v); the machine is too slow for this test", n, lead)
	}
	a.kill(t)
	srv.Await(t, "A's sockets to close", func() bool { return srv.ConnectedShards()[0] == 0 })
	fromC := askLeaderboard(t, srv, lbGuild, lbChannel) // shard 1: only C runs it now
	if fromA != fromC {
		t.Errorf("the leaderboard reads differently from C than from A:\nA: %s\nC: %s", fromA, fromC)
	}

	// B and C post shards 1 to 3 when it is due; shard 0 waits for A.
	posted := func(i int) int { return len(srv.RequestsTo("POST /channels/" + channel(i) + "/messages")) }
	awaitCount := func(what string, want func(i int) bool) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), lead+20*time.Second)
		defer cancel()
		if err := srv.WaitFor(ctx, func() bool {
			for i := range guilds {
				if !want(i) {
					return false
				}
			}
			return true
		}); err != nil {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
	awaitCount("the posts of shards 1 to 3", func(i int) bool { return i%4 == 0 || posted(i) >= 1 })
	if n := len(srv.RequestsTo("POST /channels/*/messages")); n != 75 {
		t.Errorf("%d posts while A was down, want 75 (shards 1-3)", n)
	}

	// A comes back after the due time: its catch-up posts shard 0.
	a2 := startProcess(t, "A again", "discord", dir, env("A", "0-1"))
	a2.awaitLog(t, srv, `msg="qotd: scheduler started"`)
	awaitCount("every guild's post", func(i int) bool { return posted(i) >= 1 })

	// Stop everything (SIGTERM: in-flight posts finish), then count.
	for _, p := range []*process{a2, b, c} {
		p.terminate(t)
	}
	for i := range guilds {
		if n := posted(i); n != 1 {
			t.Errorf("guild %d (shard %d): the quote of the day was sent %d times", i, i%4, n)
		}
		posts := 0
		for _, m := range srv.Messages(channel(i)) {
			if m.InteractionID == "" && len(m.Embeds) == 1 && strings.Contains(string(m.Embeds[0]), "Quote of the day") {
				posts++
			}
		}
		if posts != 1 {
			t.Errorf("guild %d: %d quotes of the day in its channel", i, posts)
		}
	}
	if n := len(srv.RequestsTo("PUT /applications/*/commands")); n != 2 {
		t.Errorf("commands registered %d times, want twice (A's two starts; B and C never)", n)
	}
}

var interactionsLine = regexp.MustCompile(`(?m)^ballerina_discord_interactions_total\{command="([^"]*)",outcome="([^"]*)"\} (\d+)$`)

// interactions sums the process's answered interactions of a command.
func (p *process) interactions(t *testing.T, command string) int {
	t.Helper()
	m := servingAddr.FindStringSubmatch(p.stderr.String())
	if m == nil {
		t.Fatalf("process %s serves no metrics", p.name)
	}
	resp, err := http.Get("http://" + m[1] + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	n := 0
	for _, l := range interactionsLine.FindAllStringSubmatch(string(body), -1) {
		if l[1] == command || strings.HasPrefix(l[1], command+" ") {
			v, _ := strconv.Atoi(l[3])
			n += v
		}
	}
	return n
}

// awaitShards waits until each shard has an authenticated connection.
func awaitShards(t *testing.T, srv *fakediscord.Server, what string, ids ...int) {
	t.Helper()
	want := map[int]int{}
	for _, id := range ids {
		want[id] = 1
	}
	awaitShardConns(t, srv, what, want)
}

// awaitShardConns waits until the shards have these many connections.
func awaitShardConns(t *testing.T, srv *fakediscord.Server, what string, want map[int]int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, func() bool {
		got := srv.ConnectedShards()
		for id, n := range want {
			if got[id] != n {
				return false
			}
		}
		return true
	}); err != nil {
		t.Fatalf("timed out waiting for %s: connections per shard %v", what, srv.ConnectedShards())
	}
}

// askLeaderboard returns the text of /trivia leaderboard in a guild.
func askLeaderboard(t *testing.T, srv *fakediscord.Server, guild, channel string) string {
	t.Helper()
	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("trivia", fakediscord.Sub("leaderboard")).InGuild(guild, channel))
	if err != nil {
		t.Fatal(err)
	}
	cb := srv.AwaitCallback(t, ix.ID)
	if got, _ := srv.Interaction(ix.ID); got.Rejected != 0 || !strings.Contains(string(cb.Data), "player 0") {
		t.Fatalf("leaderboard answered %s (%d refused)", cb.Data, got.Rejected)
	}
	return string(cb.Data)
}
