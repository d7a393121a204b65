package discord

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
)

func TestShardOf(t *testing.T) {
	t.Parallel()
	// 175928847299117063 >> 22 = 41944705796 (Discord's documented example
	// id); 41944705796 % 4 = 0, % 16 = 4, % 3 = 2.
	const id = "175928847299117063"
	for _, tc := range []struct {
		guild string
		count int
		want  int
	}{
		{id, 4, 0}, {id, 16, 4}, {id, 3, 2}, {id, 1, 0}, {id, 0, 0},
		{"", 4, 0}, // a DM belongs to shard 0
		{"not-a-snowflake", 4, 0},
	} {
		if got := ShardOf(tc.guild, tc.count); got != tc.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", tc.guild, tc.count, got, tc.want)
		}
	}
	// The fake's guild ids land where it says, by the adapter's rule too.
	for i, g := range fakediscord.GuildIDs(12, 4) {
		if ShardOf(g, 4) != i%4 {
			t.Errorf("guild %d (%s) is on shard %d", i, g, ShardOf(g, 4))
		}
	}
}

// shardClock is the manual clock both the bot's identify pacer and the
// fake's pacing check read: IDENTIFYs wait only when the test moves it.
func shardClock() *commandstest.Clock {
	return commandstest.NewClock(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC))
}

// shardedRig runs one bot on a fake that recommends 4 shards, identifies
// at Discord's real pace (5 s per bucket, on the manual clock) with
// max_concurrency 2, and fails the test on any IDENTIFY that breaks it.
func shardedRig(t *testing.T, clock *commandstest.Clock, guilds []string, tweak func(*Config)) *rig {
	opts := fakeOpts()
	opts.Shards, opts.GuildIDs = 4, guilds
	opts.SessionStartLimit = fakediscord.SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: 24 * time.Hour, MaxConcurrency: 2}
	opts.IdentifyInterval, opts.Now = 5*time.Second, clock.Now
	return startRig(t, opts, func(c *Config) {
		c.Clock, c.IdentifyInterval, c.GuildID = clock, 5*time.Second, "" // global commands: the guilds are the fake's many
		if tweak != nil {
			tweak(c)
		}
	}, nil)
}

// identifiedShards lists the shard of each IDENTIFY the fake received.
func identifiedShards(srv *fakediscord.Server) []int {
	var out []int
	for _, id := range srv.Identifies() {
		if id.Shard == nil {
			out = append(out, -1)
			continue
		}
		out = append(out, id.Shard[0])
	}
	return out
}

// shardOfSession maps gateway session ids to the shard their socket said.
func shardOfSession(srv *fakediscord.Server) map[string]int {
	out := map[string]int{}
	for _, c := range srv.Connections() {
		if c.SessionID != "" {
			out[c.SessionID] = c.Shard
		}
	}
	return out
}

func TestFourShardsOneProcess(t *testing.T) {
	t.Parallel()
	clock := shardClock()
	guilds := fakediscord.GuildIDs(8, 4)
	r := shardedRig(t, clock, guilds, nil)

	// Buckets 0 (shards 0, 2) and 1 (shards 1, 3) each let one shard
	// identify at once, whichever queued first; the other waits five
	// seconds of the clock.
	r.srv.Await(t, "one shard per bucket to identify and the others to wait", func() bool {
		return r.srv.IdentifyCount() == 2 && clock.Pending() == 2
	})
	if got := identifiedShards(r.srv); len(got) != 2 || got[0]%2 == got[1]%2 {
		t.Fatalf("first identifies %v, want one shard of each bucket", got)
	}
	clock.Advance(5 * time.Second)
	r.srv.Await(t, "four connected shards", func() bool {
		return r.srv.IdentifyCount() == 4 && r.bot.Health().Connected && len(r.srv.ConnectedShards()) == 4
	})
	for _, id := range r.srv.Identifies() {
		if id.Shard == nil || id.Shard[1] != 4 {
			t.Errorf("IDENTIFY carries shard %v, want [id, 4]", id.Shard)
		}
	}
	if v := r.srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("identify pacing broken: %v", v)
	}
	if n := len(r.srv.RequestsTo("PUT *")); n != 1 {
		t.Errorf("commands registered %d times, want once", n)
	}

	// Every guild's command reaches the session of its own shard and is
	// answered; a DM goes to shard 0.
	sessions := shardOfSession(r.srv)
	answer := func(spec fakediscord.InteractionSpec, wantShard int) {
		t.Helper()
		ix := r.dispatch(spec)
		if cb := r.srv.AwaitCallback(t, ix.ID); cb.Type != cbMessage {
			t.Errorf("callback type %d", cb.Type)
		}
		if len(ix.Sessions) != 1 || sessions[ix.Sessions[0]] != wantShard {
			t.Errorf("guild %q: dispatched to sessions %v, want shard %d's", ix.GuildID, ix.Sessions, wantShard)
		}
	}
	for i, g := range guilds {
		answer(fakediscord.SlashCommand("echo").InGuild(g, fmt.Sprint(1300000000000000100+i)), i%4)
	}
	answer(fakediscord.SlashCommand("echo").InDM(), 0)

	// Health and metrics, shard by shard.
	h := r.bot.Health()
	if h.ShardCount != 4 || len(h.Shards) != 4 || !h.Healthy() {
		t.Fatalf("health %+v", h)
	}
	for i, s := range h.Shards {
		if s.ID != i || !s.Connected || s.Guilds != 2 {
			t.Errorf("shard health %+v, want shard %d connected with 2 guilds", s, i)
		}
	}
	rec := httptest.NewRecorder()
	r.bot.HealthHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"shard_count":4`) || strings.Count(rec.Body.String(), `"connected":true`) != 4 {
		t.Errorf("healthz %d %s", rec.Code, rec.Body)
	}
	body := scrape(t, r.bot.Metrics())
	for i := range 4 {
		for _, want := range []string{
			fmt.Sprintf(`ballerina_discord_gateway_connected{shard="%d"} 1`, i),
			fmt.Sprintf(`ballerina_discord_gateway_guilds{shard="%d"} 2`, i),
			fmt.Sprintf(`ballerina_discord_gateway_reconnects_total{shard="%d"} 0`, i),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("metrics lack %q", want)
			}
		}
	}

	// Shard 2 loses its socket: it resumes on its own; the other shards
	// keep their sockets and answer meanwhile.
	before := map[int]int{} // shard → live connection id
	for _, c := range r.srv.Connections() {
		if c.Open() {
			before[c.Shard] = c.ID
		}
	}
	if r.srv.DropShard(2) != 1 {
		t.Fatal("shard 2 had no socket to drop")
	}
	answer(fakediscord.SlashCommand("echo").InGuild(guilds[1], "1300000000000000201"), 1)
	r.srv.Await(t, "shard 2 to resume", func() bool {
		res := r.srv.Resumes()
		return len(res) == 1 && res[0].Accepted && r.srv.ShardConnected(2) && r.bot.Health().Connected
	})
	answer(fakediscord.SlashCommand("echo").InGuild(guilds[2], "1300000000000000202"), 2)
	for _, c := range r.srv.Connections() {
		if c.Open() && c.Shard != 2 && before[c.Shard] != c.ID {
			t.Errorf("shard %d changed sockets (%d → %d) when shard 2 dropped", c.Shard, before[c.Shard], c.ID)
		}
	}
	if n := r.srv.IdentifyCount(); n != 4 {
		t.Errorf("%d identifies after a resume, want 4", n)
	}
	m := r.bot.Metrics()
	r.srv.Await(t, "shard 2's reconnect metric", func() bool { return m.ShardReconnects(2) == 1 })
	if m.Reconnects() != 1 {
		t.Errorf("%d reconnects in all, want shard 2's only", m.Reconnects())
	}
}

func TestShardHealthRule(t *testing.T) {
	t.Parallel()
	grace := 40 * time.Second
	for _, tc := range []struct {
		name string
		s    ShardHealth
		want bool
	}{
		{"connected, fresh ACK", ShardHealth{Connected: true, HeartbeatInterval: time.Second, AckAge: 2 * time.Second}, true},
		{"connected, three intervals without ACK", ShardHealth{Connected: true, HeartbeatInterval: time.Second, AckAge: 3*time.Second + 1}, false},
		{"connected before HELLO's interval is known", ShardHealth{Connected: true}, true},
		{"reconnecting within the grace", ShardHealth{DownFor: 10 * time.Second}, true},
		{"reconnecting past the grace", ShardHealth{DownFor: grace + time.Second}, false},
		{"never connected", ShardHealth{}, false},
	} {
		if got := tc.s.healthy(grace); got != tc.want {
			t.Errorf("%s: healthy = %v, want %v", tc.name, got, tc.want)
		}
		h := Health{Grace: grace, Shards: []ShardHealth{{Connected: true}, tc.s}}
		if h.Healthy() != tc.want {
			t.Errorf("%s: the process is healthy = %v, want %v (one shard decides)", tc.name, h.Healthy(), tc.want)
		}
	}
	if (Health{Grace: grace}).Healthy() || (Health{Grace: grace, Stopping: true, Shards: []ShardHealth{{Connected: true}}}).Healthy() {
		t.Error("no shard, or stopping, is not healthy")
	}
}

func TestNewChecksShards(t *testing.T) {
	t.Parallel()
	table := (&fixture{}).table()
	for _, tc := range []struct {
		count int
		ids   []int
		want  string
	}{
		{4, []int{1, 4}, "shard 4 does not exist"},
		{-1, nil, "the count must be between 1 and 4096"},
		{5000, nil, "the count must be between 1 and 4096"},
	} {
		_, err := New(Config{Token: "t", Table: table, ShardCount: tc.count, ShardIDs: tc.ids})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(count %d, ids %v) = %v, want %q", tc.count, tc.ids, err, tc.want)
		}
	}
	b, err := New(Config{Token: "t", Table: table, ShardCount: 4, ShardIDs: []int{1, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if b.shardIDs() != "1,3" || b.shards().runs(0) || !b.shards().runs(3) {
		t.Errorf("shards %s", b.shardIDs())
	}
	for _, sh := range b.shards().shards {
		if got := *sh.sess.Identify.Shard; got != [2]int{sh.id, 4} {
			t.Errorf("shard %d identifies as %v", sh.id, got)
		}
	}
}
