package fakediscord_test

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

// shardSession opens a raw discordgo session as shard [id, count].
func shardSession(t *testing.T, srv *fakediscord.Server, id, count int) (*discordgo.Session, *events) {
	t.Helper()
	sess := fakediscord.NewSession(t, srv)
	sess.ShardID, sess.ShardCount = id, count
	sess.StateEnabled = false // discordgo's state would edit the READY the test reads
	ev := collect(sess)
	mustOpen(t, sess)
	return sess, ev
}

func TestGatewayBotAdvertisesShardsAndLimits(t *testing.T) {
	t.Parallel()
	srv := fakediscord.Start(t, fakediscord.Options{Shards: 4,
		SessionStartLimit: fakediscord.SessionStartLimit{Total: 1000, Remaining: 7, ResetAfter: time.Hour, MaxConcurrency: 16}})
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/api/v10/gateway/bot", nil)
	req.Header.Set("Authorization", "Bot "+srv.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var got struct {
		Shards int            `json:"shards"`
		Limit  map[string]int `json:"session_start_limit"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	want := map[string]int{"total": 1000, "remaining": 7, "reset_after": 3_600_000, "max_concurrency": 16}
	if got.Shards != 4 || !maps.Equal(got.Limit, want) {
		t.Errorf("GET /gateway/bot = %s", body)
	}
}

func TestShardsGetTheirOwnGuilds(t *testing.T) {
	t.Parallel()
	guilds := fakediscord.GuildIDs(4, 2)
	srv := fakediscord.Start(t, fakediscord.Options{HeartbeatInterval: 5 * time.Second, GuildIDs: guilds, IgnoreIntents: true})
	_, ev0 := shardSession(t, srv, 0, 2)
	r0 := recv(t, ev0.ready, "shard 0's READY")
	_, ev1 := shardSession(t, srv, 1, 2)
	r1 := recv(t, ev1.ready, "shard 1's READY")
	ids := func(r *discordgo.Ready) []string {
		var out []string
		for _, g := range r.Guilds {
			out = append(out, g.ID)
		}
		return out
	}
	if got := ids(r0); strings.Join(got, ",") != guilds[0]+","+guilds[2] {
		t.Errorf("shard 0's READY lists %v", got)
	}
	if got := ids(r1); strings.Join(got, ",") != guilds[1]+","+guilds[3] {
		t.Errorf("shard 1's READY lists %v", got)
	}
	for _, id := range srv.Identifies() {
		if id.Shard == nil || id.Shard[1] != 2 {
			t.Errorf("recorded IDENTIFY shard %v", id.Shard)
		}
	}
	// A guild's interaction reaches its shard's session only; a DM, shard 0.
	for i, g := range guilds {
		ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("ask").InGuild(g, "1300000000000000009"))
		if err != nil {
			t.Fatal(err)
		}
		want, other := ev0, ev1
		if i%2 == 1 {
			want, other = ev1, ev0
		}
		if got := recv(t, want.interactions, "the interaction"); got.ID != ix.ID || got.GuildID != g {
			t.Errorf("guild %d: got interaction %s of guild %s", i, got.ID, got.GuildID)
		}
		if len(ix.Sessions) != 1 {
			t.Errorf("guild %d: dispatched to %d sessions", i, len(ix.Sessions))
		}
		select {
		case got := <-other.interactions:
			t.Errorf("guild %d's interaction %s also reached the other shard", i, got.ID)
		default:
		}
	}
	if _, err := srv.DispatchMessage(fakediscord.Mention("hello").InDM()); err != nil {
		t.Fatal(err)
	}
	recv(t, ev0.messages, "the DM on shard 0")
	if got := srv.ConnectedShards(); got[0] != 1 || got[1] != 1 {
		t.Errorf("connected shards %v", got)
	}
}

// Two sessions of one shard (two processes with overlapping SHARD_IDS)
// both receive its guilds' events, as on Discord.
func TestDuplicateShardSessionsBothReceive(t *testing.T) {
	t.Parallel()
	guilds := fakediscord.GuildIDs(2, 2)
	srv := fakediscord.Start(t, fakediscord.Options{HeartbeatInterval: 5 * time.Second, GuildIDs: guilds})
	_, a := shardSession(t, srv, 1, 2)
	_, b := shardSession(t, srv, 1, 2)
	ix, err := srv.DispatchInteraction(fakediscord.SlashCommand("ask").InGuild(guilds[1], "1300000000000000009"))
	if err != nil {
		t.Fatal(err)
	}
	recv(t, a.interactions, "the interaction on the first session")
	recv(t, b.interactions, "the interaction on the second session")
	if len(ix.Sessions) != 2 {
		t.Errorf("dispatched to %v", ix.Sessions)
	}
	// Nobody runs shard 0: its guild's events have nowhere to go.
	if _, err := srv.DispatchInteraction(fakediscord.SlashCommand("ask").InGuild(guilds[0], "1300000000000000009")); err != fakediscord.ErrNoSession {
		t.Errorf("an event of an unserved shard: %v, want ErrNoSession", err)
	}
}

// The pacing check is not a rubber stamp: two IDENTIFYs of one bucket
// within the interval are a violation, answered with op 9; another bucket
// is free.
func TestIdentifyPacingViolations(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	srv, err := fakediscord.NewServer(fakediscord.Options{HeartbeatInterval: 5 * time.Second, IdentifyInterval: 5 * time.Second,
		Now:               func() time.Time { return now }, // frozen: every IDENTIFY comes at once
		SessionStartLimit: fakediscord.SessionStartLimit{Total: 1000, Remaining: 1000, ResetAfter: time.Hour, MaxConcurrency: 2}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	shardSession(t, srv, 0, 4)
	shardSession(t, srv, 1, 4) // bucket 1: allowed
	if v := srv.IdentifyViolations(); len(v) != 0 {
		t.Fatalf("violations %v", v)
	}
	sess := fakediscord.NewSession(t, srv)
	sess.ShardID, sess.ShardCount = 2, 4 // bucket 0 again, 0 s later
	_ = openWithin(sess, testTimeout)
	srv.Await(t, "the violation", func() bool { return len(srv.IdentifyViolations()) > 0 })
	if v := srv.IdentifyViolations()[0]; !strings.Contains(v, "shard 2 only 0s after the previous one of bucket 0") {
		t.Errorf("violation %q", v)
	}
}

func TestSessionStartLimitRunsOut(t *testing.T) {
	t.Parallel()
	srv, err := fakediscord.NewServer(fakediscord.Options{HeartbeatInterval: 5 * time.Second,
		SessionStartLimit: fakediscord.SessionStartLimit{Total: 1000, Remaining: 1, ResetAfter: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	shardSession(t, srv, 0, 2)
	sess := fakediscord.NewSession(t, srv)
	sess.ShardID, sess.ShardCount = 1, 2
	_ = openWithin(sess, testTimeout)
	srv.Await(t, "the violation", func() bool { return len(srv.IdentifyViolations()) > 0 })
	if v := srv.IdentifyViolations()[0]; !strings.Contains(v, "past the session start limit") {
		t.Errorf("violation %q", v)
	}
}
