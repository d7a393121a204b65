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
)

// A successor that takes a game over mid-game reveals the open round at
// once and then keeps the game's pace: the next question 5 s after its
// reveal, its reveal when its seconds are up.
func TestTriviaSuccessorKeepsThePace(t *testing.T) {
	shared := newFakeScores()
	clock := commandstest.NewClock(triviaEpoch)
	node := func(instance string, seed uint64) (*trivia.Games, *commandstest.Messenger) {
		s, m := triviaFixture(t)
		msgr := &commandstest.Messenger{}
		return &trivia.Games{Store: s, Matcher: m, Clock: clock, Intn: rand.New(rand.NewPCG(seed, 1)).IntN, Scores: shared,
			Messenger: msgr, Instance: instance, Lease: 15 * time.Second, SweepEvery: 5 * time.Second}, msgr
	}
	a, aMsgs := node("A", 1)
	b, bMsgs := node("B", 2)
	defer b.Halt()
	do := func(g *trivia.Games, req commands.Request) commands.Response {
		t.Helper()
		resp, err := commands.Table{g.Command()}.Dispatch(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	do(a, cmdReq(alice, "c1", "start", "rounds:3", "seconds:10"))
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
