package trivia_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// playOneRound starts a one-round game in channel and has the users answer
// (right or wrong) at once.
func playOneRound(t *testing.T, r *triviaRig, guild, channel string, answers map[commands.User]bool) {
	t.Helper()
	start := cmdReq(alice, channel, "start", "rounds:1")
	start.GuildID = guild
	r.do(t, start)
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, channel)
	right, wrong := rd.letters(t, r.Store)
	for u, ok := range answers {
		letter := wrong
		if ok {
			letter = right
		}
		click := clickReq(u, channel, rd.button(t, letter))
		click.GuildID = guild
		r.do(t, click)
	}
	r.clock.Advance(20 * time.Second)
}

func TestTriviaLeaderboardAndStats(t *testing.T) {
	r := newTriviaRig(t, 10)
	playOneRound(t, r, "g1", "c1", map[commands.User]bool{alice: true, bob: false})
	playOneRound(t, r, "g1", "c2", map[commands.User]bool{alice: true, bob: true})

	board := r.do(t, cmdReq(bob, "c1", "leaderboard"))
	for _, want := range []string{"Trivia leaderboard: this server", "1. Alice — 300 pts (2/2 right)\n2. Bob — 150 pts (1/2 right)", "You: #2 with 150 points."} {
		if !strings.Contains(triviaText(board), want) {
			t.Errorf("leaderboard lacks %q:\n%s", want, triviaText(board))
		}
	}
	if board.Ephemeral {
		t.Error("the leaderboard is ephemeral")
	}
	if got := triviaText(r.do(t, cmdReq(carol, "c1", "leaderboard"))); !strings.Contains(got, "You have not played here yet.") {
		t.Errorf("carol's leaderboard:\n%s", got)
	}
	other := cmdReq(alice, "c1", "leaderboard")
	other.GuildID = "g2"
	if got := triviaText(r.do(t, other)); !strings.Contains(got, "Nobody has played trivia here yet") {
		t.Errorf("another server's board:\n%s", got)
	}

	stats := r.do(t, cmdReq(alice, "c1", "stats"))
	for _, want := range []string{"Games: 2", "Right answers: 2 of 2", "Points: 300", "Best streak: 1", "Fastest right answer: 0.0 s"} {
		if !strings.Contains(triviaText(stats), want) {
			t.Errorf("stats lack %q:\n%s", want, triviaText(stats))
		}
	}
	if !stats.Ephemeral {
		t.Error("stats are not ephemeral")
	}
	wantEphemeral(t, r.do(t, cmdReq(carol, "c1", "stats")), "You have not played trivia in this server yet")
}

// In direct messages scores count per DM channel.
func TestTriviaDirectMessagesScorePerChannel(t *testing.T) {
	r := newTriviaRig(t, 11)
	playOneRound(t, r, "", "dm1", map[commands.User]bool{alice: true})
	dm := func(channel string) commands.Request {
		req := cmdReq(alice, channel, "leaderboard")
		req.GuildID = ""
		return req
	}
	if got := triviaText(r.do(t, dm("dm1"))); !strings.Contains(got, "this chat") || !strings.Contains(got, "1. Alice") {
		t.Errorf("DM board:\n%s", got)
	}
	if got := triviaText(r.do(t, dm("dm2"))); !strings.Contains(got, "Nobody has played") {
		t.Errorf("another DM's board:\n%s", got)
	}
	if got := triviaText(r.do(t, cmdReq(alice, "dm1", "leaderboard"))); !strings.Contains(got, "Nobody has played") {
		t.Errorf("a server sees DM scores:\n%s", got)
	}
}

func TestTriviaRecoverAnnouncesUnfinishedGames(t *testing.T) {
	before := newTriviaRig(t, 12)
	before.do(t, cmdReq(alice, "c1", "start", "rounds:5"))
	before.clock.Advance(3 * time.Second)
	rd := before.round(t, "c1")
	right, _ := rd.letters(t, before.Store)
	before.do(t, clickReq(bob, "c1", rd.button(t, right)))

	// A process started while the game's lease is live leaves it alone.
	live := newTriviaRig(t, 13)
	live.clock.Set(triviaEpoch.Add(10 * time.Second))
	live.scores, live.Games.Scores = before.scores, before.scores
	if err := live.Recover(context.Background()); err != nil || len(live.msgr.Messages()) != 0 || len(live.scores.finished()) != 0 {
		t.Fatalf("recovery of a live game: err %v, posts %v, finished %v", err, triviaTitles(live.msgr.Messages()), live.scores.finished())
	}
	before.Halt() // the process dies here: no reveal, no FinishGame

	// An hour later its lease has long lapsed, and its players are gone.
	after := newTriviaRig(t, 13)
	after.clock.Set(triviaEpoch.Add(time.Hour))
	after.scores = before.scores
	after.Games.Scores = before.scores
	if err := after.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := after.msgr.Messages()
	if len(msgs) != 1 || msgs[0].ChannelID != "c1" || msgs[0].Nonce == "" {
		t.Fatalf("recovery posts = %+v", msgs)
	}
	for _, want := range []string{"cut short when I restarted", "Alice", "1. Bob — 150 pts (1/1 right)"} {
		if !strings.Contains(triviaText(msgs[0].Response), want) {
			t.Errorf("recovery notice lacks %q:\n%s", want, triviaText(msgs[0].Response))
		}
	}
	if reason := after.scores.finished()[gameOf(rd.button(t, "A"))]; reason != "restart" {
		t.Errorf("end reason %q", reason)
	}
	if err := after.Recover(context.Background()); err != nil || len(after.msgr.Messages()) != 1 {
		t.Errorf("a second Recover posted again (err %v)", err)
	}
	if resp := after.do(t, cmdReq(alice, "c1", "start")); resp.Ephemeral {
		t.Errorf("cannot start after recovery: %+v", resp)
	}
}

// TestTriviaEmbeddedStore plays over the shipped questions: each is usable,
// its own answer passes the typed checker and no wrong choice does.
func TestTriviaEmbeddedStore(t *testing.T) {
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Skipf("the embedded store does not load yet (trivia.yaml is being written): %v", err)
	}
	if len(s.Trivia) == 0 {
		t.Skip("the embedded store has no trivia yet")
	}
	m := facts.NewMatcher(s)
	rng := rand.New(rand.NewPCG(1, 2))
	clock := commandstest.NewClock(triviaEpoch)
	tr := &trivia.Games{Store: s, Matcher: m, Clock: clock, Intn: rng.IntN, Messenger: &commandstest.Messenger{}}
	qs := trivia.PickQuestions(tr, len(s.Trivia))
	if len(qs) < len(s.Trivia)*9/10 {
		t.Errorf("only %d of %d shipped questions are usable", len(qs), len(s.Trivia))
	}
	for _, q := range qs {
		for _, ok := range append([]string{q.Answer}, q.Accept...) {
			if !trivia.CheckTyped(m, q, ok) {
				t.Errorf("%s: typed %q is rejected", q.ID, ok)
			}
		}
		for _, w := range q.Wrong {
			if trivia.CheckTyped(m, q, w) {
				t.Errorf("%s: the wrong choice %q is accepted as a typed answer to %q", q.ID, w, q.Answer)
			}
		}
	}
	r := &triviaRig{Games: tr, clock: clock, msgr: tr.Messenger.(*commandstest.Messenger), scores: newFakeScores()}
	tr.Scores = r.scores
	r.do(t, cmdReq(alice, "c1", "start", "rounds:20", "seconds:10"))
	for i := 0; i < 20 && clock.Pending() > 0; i++ {
		clock.Advance(3 * time.Second)
		rd := r.round(t, "c1")
		right, _ := rd.letters(t, s)
		r.do(t, clickReq(alice, "c1", rd.button(t, right)))
		clock.Advance(12 * time.Second)
	}
	if got := triviaText(r.lastSent(t).Response); !strings.Contains(got, "game over") {
		t.Errorf("last post:\n%s", got)
	}
}

// Leaderboards by period count answers from Monday 00:00 UTC (week) or the
// first of the month 00:00 UTC (month).
func TestTriviaLeaderboardPeriods(t *testing.T) {
	r := newTriviaRig(t, 16)
	playOneRound(t, r, "g1", "c1", map[commands.User]bool{alice: true}) // Friday 1 March 2024
	r.clock.Set(time.Date(2024, 3, 4, 0, 0, 30, 0, time.UTC))           // Monday, just after midnight
	playOneRound(t, r, "g1", "c1", map[commands.User]bool{bob: true})
	board := func(period string) string {
		return triviaText(r.do(t, cmdReq(alice, "c1", "leaderboard", "period:"+period)))
	}
	tests := []struct {
		period   string
		want     []string
		wantNone []string
	}{
		{"week", []string{"this week (since Monday 4 Mar, 00:00 UTC)", "1. Bob — 150 pts", "You have not played here this week."}, []string{"Alice —"}},
		{"month", []string{"this month (since 1 Mar, 00:00 UTC)", "1. Alice — 150 pts (1/1 right)\n1. Bob — 150 pts (1/1 right)", "You: #1 with 150 points."}, nil},
		{"all", []string{"all time", "Alice —", "Bob —"}, nil},
		{"", []string{"all time", "Alice —", "Bob —"}, nil},
	}
	for _, tc := range tests {
		got := board(tc.period)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("period %q lacks %q:\n%s", tc.period, w, got)
			}
		}
		for _, w := range tc.wantNone {
			if strings.Contains(got, w) {
				t.Errorf("period %q shows %q:\n%s", tc.period, w, got)
			}
		}
	}
	r.clock.Set(time.Date(2024, 4, 2, 12, 0, 0, 0, time.UTC))
	if got := board("month"); !strings.Contains(got, "Nobody has played trivia here this month") {
		t.Errorf("a new month:\n%s", got)
	}
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "leaderboard", "period:year")), "period must be week, month or all")
}

// /trivia stats user: shows another player's numbers, found by id (Discord)
// or by name (the console).
func TestTriviaStatsOfAnotherPlayer(t *testing.T) {
	r := newTriviaRig(t, 17)
	playOneRound(t, r, "g1", "c1", map[commands.User]bool{alice: true, bob: false})
	for _, who := range []string{bob.ID, "Bob", "bob"} {
		got := r.do(t, cmdReq(alice, "c1", "stats", "user:"+who))
		if !got.Ephemeral || !strings.Contains(triviaText(got), "Bob's trivia in this server") || !strings.Contains(triviaText(got), "Right answers: 0 of 1") {
			t.Errorf("stats user:%s = %s", who, triviaText(got))
		}
	}
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "stats", "user:"+carol.ID)), "300 has not played trivia in this server")
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "stats", "user:@everyone")), "@\u200beveryone has not played") // defused
	if got := triviaText(r.do(t, cmdReq(bob, "c1", "stats", "user:"+alice.ID))); !strings.Contains(got, "Alice's trivia") || !strings.Contains(got, "Points: 150") {
		t.Errorf("Alice's stats:\n%s", got)
	}
}
