package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// node is one bot process of several sharing a database and a clock (the
// machines' clocks agree).
type node struct {
	tr    *trivia.Games
	msgr  *commandstest.Messenger
	table commands.Table
}

func newNode(t testing.TB, db *store.DB, clock *commandstest.Clock, instance string, seed uint64) *node {
	t.Helper()
	fs, err := facts.Load(recoverFS)
	if err != nil {
		t.Fatal(err)
	}
	n := &node{msgr: &commandstest.Messenger{}}
	n.tr = &trivia.Games{Store: fs, Matcher: facts.NewMatcher(fs), Clock: clock, Intn: rand.New(rand.NewPCG(seed, 0)).IntN,
		Scores: db.Trivia(), Messenger: n.msgr, Instance: instance, Lease: 30 * time.Second, SweepEvery: 10 * time.Second}
	n.table = commands.Table{n.tr.Command()}
	return n
}

func (n *node) do(t testing.TB, req commands.Request) commands.Response {
	t.Helper()
	resp, err := n.table.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// lastQuestion is the latest question a node posted, and the custom ids of
// its right and wrong choices.
func (n *node) lastQuestion(t testing.TB) (title, right, wrong string) {
	t.Helper()
	msgs := n.msgr.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		r := msgs[i].Response
		if r.Card == nil || !strings.HasPrefix(r.Card.Title, "Question ") || strings.Contains(r.Card.Title, "answer is") {
			continue
		}
		answer := "Netflix"
		if strings.HasPrefix(r.Card.Description, "How long") {
			answer = "93 minutes"
		}
		for _, b := range r.Buttons {
			if strings.Contains(r.Card.Description, "**"+b.Label+".** "+answer+"\n") {
				right = b.CustomID
			} else if wrong == "" {
				wrong = b.CustomID
			}
		}
		return r.Card.Title, right, wrong
	}
	t.Fatalf("no question posted; sent %d messages", len(msgs))
	return "", "", ""
}

func click(u commands.User, customID string) commands.Request {
	return commands.Request{Kind: commands.KindComponent, CustomID: customID, User: u, GuildID: "g1", ChannelID: "c1"}
}

func titles(msgs []commands.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, text(m.Response))
	}
	return out
}

// Two processes on one database: a game started on A takes answers through
// A and B, once per player; A reveals on time. Then A dies (its timers stop,
// its lease is not given up); B's sweep takes the game over once the lease
// lapses, reveals the open round and finishes the game on time with every
// answer counted. A third process started while A was alive left A's game
// alone.
func TestTriviaGameOutlivesItsOwner(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)
		clock := commandstest.NewClock(t0)
		a, b := newNode(t, db, clock, "A", 1), newNode(t, db, clock, "B", 2)
		defer a.tr.Halt()
		defer b.tr.Halt()
		alice, bob := commands.User{ID: "100", Name: "Alice"}, commands.User{ID: "200", Name: "Bob"}

		start := commands.Request{Kind: commands.KindCommand, Command: "trivia", Subcommand: "start", User: alice, GuildID: "g1", ChannelID: "c1",
			Options: map[string]string{"rounds": "2", "seconds": "20"}}
		if resp := a.do(t, start); resp.Ephemeral {
			t.Fatalf("start = %s", text(resp))
		}
		if resp := b.do(t, start); !strings.Contains(resp.Content, "already running here (started by Alice)") {
			t.Errorf("a second start on B = %s", text(resp))
		}
		b.tr.StartSweeping()

		// A process started now leaves the live game alone.
		c := newNode(t, db, clock, "C", 3)
		if err := c.tr.Recover(ctx); err != nil || len(c.msgr.Messages()) != 0 {
			t.Fatalf("C's recovery: %v, posted %q", err, titles(c.msgr.Messages()))
		}

		// Round 1, on A: Alice answers through B, Bob through A; each second
		// answer, on the other process, is refused.
		clock.Advance(3 * time.Second)
		title, right, wrong := a.lastQuestion(t)
		if title != "Question 1 of 2 · easy" && title != "Question 1 of 2 · medium" {
			t.Fatalf("round 1 is %q", title)
		}
		clock.Advance(2 * time.Second)
		for _, tc := range []struct {
			on   *node
			u    commands.User
			id   string
			want string
		}{
			{b, alice, right, "Locked in: "},
			{a, alice, wrong, "You already locked in "},
			{a, bob, wrong, "Locked in: "},
			{b, bob, right, "You already locked in "},
		} {
			if got := tc.on.do(t, click(tc.u, tc.id)); !got.Ephemeral || !strings.Contains(got.Content, tc.want) {
				t.Errorf("%s: %q, want %q", tc.u.Name, got.Content, tc.want)
			}
		}
		clock.Advance(18 * time.Second) // A reveals on time
		reveal := text(a.msgr.Messages()[len(a.msgr.Messages())-1].Response)
		for _, want := range []string{"Got it: Alice +145 (2.0 s)", "Wrong: 1."} {
			if !strings.Contains(reveal, want) {
				t.Errorf("A's reveal lacks %q:\n%s", want, reveal)
			}
		}
		if len(b.msgr.Messages()) != 0 {
			t.Errorf("B posted %q while A owned the game", titles(b.msgr.Messages()))
		}

		// Round 2 opens on A; Alice answers right after 1 s; then A dies.
		clock.Advance(5 * time.Second)
		_, right, _ = a.lastQuestion(t)
		clock.Advance(time.Second)
		a.do(t, click(alice, right))
		a.tr.Halt()
		posted := len(a.msgr.Messages())
		// Bob answers through B: the round is open in the database.
		clock.Advance(time.Second)
		if got := b.do(t, click(bob, right)); !strings.Contains(got.Content, "Locked in: ") {
			t.Errorf("Bob through B while A is dead: %q", got.Content)
		}

		// A's lease (30 s from its last step) lapses; B's next sweep takes over
		// and reveals round 2, whose deadline has passed, and ends the game.
		clock.Advance(40 * time.Second)
		if len(a.msgr.Messages()) != posted {
			t.Errorf("dead A posted %q", titles(a.msgr.Messages()[posted:]))
		}
		sent := b.msgr.Messages()
		if len(sent) != 1 {
			t.Fatalf("B posted %q, want the last reveal", titles(sent))
		}
		final := text(sent[0].Response)
		for _, want := range []string{"Got it: Alice +172 (1.0 s), streak 2 · Bob +145 (2.0 s)", "That was the last question: game over.",
			"Final scores: 1. Alice — 317 pts (2/2 right)\n2. Bob — 145 pts (1/2 right)"} {
			if !strings.Contains(final, want) {
				t.Errorf("B's last reveal lacks %q:\n%s", want, final)
			}
		}
		g, _, err := db.Trivia().Game(ctx, gameIDOf(t, right))
		if err != nil || !g.Finished || g.EndReason != "finished" || g.Owner != "B" {
			t.Errorf("the game after the takeover: %+v, %v", g, err)
		}
		if len(c.msgr.Messages()) != 0 {
			t.Errorf("C posted %q", titles(c.msgr.Messages()))
		}
	})
}

// A process takes over only the games of guilds it Owns.
func TestTriviaTakesOverOnlyOwnedGuilds(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := commandstest.NewClock(time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC))
		a := newNode(t, db, clock, "A", 1)
		a.do(t, commands.Request{Kind: commands.KindCommand, Command: "trivia", Subcommand: "start", User: commands.User{ID: "1", Name: "Ann"},
			GuildID: "g1", ChannelID: "c1", Options: map[string]string{"rounds": "1"}})
		a.tr.Halt()
		for _, tc := range []struct {
			owns   func(string) bool
			claims bool
		}{
			{func(g string) bool { return g == "g2" }, false},
			{func(g string) bool { return g == "g1" }, true},
		} {
			n := newNode(t, db, clock, fmt.Sprintf("N%v", tc.claims), 5)
			n.tr.Owns = tc.owns
			clock.Advance(time.Minute)
			if err := n.tr.Recover(ctx); err != nil {
				t.Fatal(err)
			}
			games, _ := db.Trivia().UnfinishedGames(ctx)
			if claimed := len(games) == 0 || games[0].Owner == n.tr.Instance; claimed != tc.claims {
				t.Errorf("owns g1 %v: claimed %v (games %+v)", tc.claims, claimed, games)
			}
			n.tr.Halt()
		}
	})
}

func gameIDOf(t *testing.T, customID string) string {
	t.Helper()
	parts := strings.Split(customID, ":")
	if len(parts) < 3 {
		t.Fatalf("custom id %q", customID)
	}
	return parts[2]
}
