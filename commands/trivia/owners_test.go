package trivia_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// newProcess is one bot process of several sharing a store and a clock.
func newProcess(t *testing.T, shared trivia.Store, clock *commandstest.Clock, instance string, seed uint64) (*trivia.Games, *commandstest.Messenger) {
	s, m := triviaFixture(t)
	msgr := &commandstest.Messenger{}
	return &trivia.Games{Store: s, Matcher: m, Clock: clock, Intn: rand.New(rand.NewPCG(seed, 1)).IntN, Scores: shared,
		Messenger: msgr, Instance: instance, Lease: 15 * time.Second, SweepEvery: 5 * time.Second}, msgr
}

func do(t *testing.T, g *trivia.Games, req commands.Request) commands.Response {
	t.Helper()
	resp, err := commands.Table{g.Command()}.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// A successor that takes a game over mid-game reveals the open round at
// once and then keeps the game's pace: the next question 5 s after its
// reveal, its reveal when its seconds are up.
func TestTriviaSuccessorKeepsThePace(t *testing.T) {
	shared, clock := newFakeScores(), commandstest.NewClock(triviaEpoch)
	a, aMsgs := newProcess(t, shared, clock, "A", 1)
	b, bMsgs := newProcess(t, shared, clock, "B", 2)
	defer b.Halt()
	do(t, a, cmdReq(alice, "c1", "start", "rounds:3", "seconds:10"))
	b.StartSweeping()
	clock.Advance(3 * time.Second) // round 1 opens on A
	if n := len(aMsgs.Messages()); n != 1 {
		t.Fatalf("A posted %d messages", n)
	}
	a.Halt() // A dies at 3 s; its lease runs to 18 s
	for _, step := range []struct {
		at   time.Duration // since the start
		want []string      // B's posts so far
	}{
		{17 * time.Second, nil},
		{20 * time.Second, []string{"Question 1: the answer is"}},                                                 // the sweep at 20 s
		{25 * time.Second, []string{"Question 1: the answer is", "Question 2 of 3"}},                              // 5 s after the reveal
		{34 * time.Second, []string{"Question 1: the answer is", "Question 2 of 3"}},                              // still open
		{35 * time.Second, []string{"Question 1: the answer is", "Question 2 of 3", "Question 2: the answer is"}}, // on time
	} {
		clock.Set(triviaEpoch.Add(step.at))
		got := triviaTitles(bMsgs.Messages())
		if len(got) != len(step.want) {
			t.Fatalf("at %v B posted %q, want %q", step.at, got, step.want)
		}
		for i, w := range step.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("at %v post %d is %q, want %q", step.at, i+1, got[i], w)
			}
		}
	}
	if n := len(aMsgs.Messages()); n != 1 {
		t.Errorf("dead A posted %d messages", n)
	}
}

// Any process serves /trivia stop for a game another owns: it ends the game
// in the store, closes the open question and shows the final scores; the
// owner notices at its next step and posts nothing more.
func TestTriviaStopOnAnotherProcess(t *testing.T) {
	shared, clock := newFakeScores(), commandstest.NewClock(triviaEpoch)
	a, aMsgs := newProcess(t, shared, clock, "A", 3)
	b, bMsgs := newProcess(t, shared, clock, "B", 4)
	do(t, a, cmdReq(alice, "c1", "start", "rounds:3", "seconds:10"))
	clock.Advance(3 * time.Second)
	rd := (&triviaRig{msgr: aMsgs}).round(t, "c1")
	right, _ := rd.letters(t, a.Store)
	wantEphemeral(t, do(t, b, clickReq(bob, "c1", rd.button(t, right))), "Locked in: "+right)
	wantEphemeral(t, do(t, b, cmdReq(bob, "c1", "stop")), "Only Alice, who started this game")
	stop := do(t, b, cmdReq(alice, "c1", "stop"))
	if got := triviaText(stop); !strings.Contains(got, "Trivia stopped by Alice.") || !strings.Contains(got, "1. Bob — 150 pts (1/1 right)") {
		t.Errorf("stop on B:\n%s", got)
	}
	edits := bMsgs.EditList()
	if len(edits) != 1 || edits[0].MessageID != rd.id || !edits[0].Response.Buttons[0].Disabled {
		t.Errorf("B's edits %+v, want A's question closed", edits)
	}
	clock.Advance(time.Minute)
	if n := len(aMsgs.Messages()); n != 1 {
		t.Errorf("A posted %q after the stop", triviaTitles(aMsgs.Messages()[1:]))
	}
	if clock.Pending() != 0 {
		t.Errorf("%d timers pending after the stop", clock.Pending())
	}
	if got := shared.finished(); len(got) != 1 || got[gameOf(rd.button(t, "A"))] != "stopped" {
		t.Errorf("finished games %v", got)
	}
	wantEphemeral(t, do(t, a, clickReq(carol, "c1", rd.button(t, right))), "That trivia game is over")
}

// hookedScores runs a hook the first time a round's answers are read: what
// arrives while the owner reveals.
type hookedScores struct {
	*fakeScores
	once sync.Once
	hook func()
}

func (h *hookedScores) RoundAnswers(ctx context.Context, gameID string, n int) ([]trivia.Answer, error) {
	h.once.Do(h.hook)
	return h.fakeScores.RoundAnswers(ctx, gameID, n)
}

// A stop that lands while the owner reveals a round that is not the last:
// the reveal announces no next question, and nothing follows it.
func TestTriviaStopDuringAReveal(t *testing.T) {
	clock := commandstest.NewClock(triviaEpoch)
	shared := &hookedScores{fakeScores: newFakeScores()}
	a, aMsgs := newProcess(t, shared, clock, "A", 5)
	b, _ := newProcess(t, shared, clock, "B", 6)
	var stop commands.Response
	shared.hook = func() { stop = do(t, b, cmdReq(alice, "c1", "stop")) }
	do(t, a, cmdReq(alice, "c1", "start", "rounds:3", "seconds:10"))
	clock.Advance(13 * time.Second) // round 1 opens, then closes
	if got := triviaText(stop); !strings.Contains(got, "Trivia stopped by Alice.") {
		t.Errorf("stop = %s", got)
	}
	reveal := triviaText(aMsgs.Messages()[len(aMsgs.Messages())-1].Response)
	if !strings.Contains(reveal, "The game was stopped.") || strings.Contains(reveal, "Next question") {
		t.Errorf("reveal after the stop:\n%s", reveal)
	}
	clock.Advance(time.Minute)
	if n := len(aMsgs.Messages()); n != 2 || clock.Pending() != 0 {
		t.Errorf("%d posts and %d timers after the stop: %q", n, clock.Pending(), triviaTitles(aMsgs.Messages()))
	}
}
