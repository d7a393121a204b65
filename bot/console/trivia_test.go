package console

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	botstore "github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

var triviaFS = fstest.MapFS{
	"sources/a.txt": {Data: []byte("Jeon Jong-seo plays Ok-ju. It runs 93 minutes and streams on Netflix.")},
	"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: The Test Gazette, kind: review}\n")},
	"people.yaml": {Data: []byte(`
- {id: jeon, name: Jeon Jong-seo, kind: person, aliases: [Jun Jong-seo], description: Actor., cites: [{source: art, evidence: Jeon Jong-seo plays}]}
- {id: okju, name: Ok-ju, kind: character, aliases: [Ok-joo], description: Lead., cites: [{source: art, evidence: plays Ok-ju}]}
`)},
	"facts.yaml": {Data: []byte(`
- {id: lead, topic: cast, text: Jeon Jong-seo plays Ok-ju., cites: [{source: art, evidence: "Jeon Jong-seo plays Ok-ju"}]}
- {id: runtime, topic: release, text: The film runs 93 minutes., cites: [{source: art, evidence: "It runs 93 minutes"}]}
- {id: netflix, topic: release, text: The film streams on Netflix., cites: [{source: art, evidence: "streams on Netflix"}]}
`)},
	"quotes.yaml": {Data: []byte("[]\n")},
	"trivia.yaml": {Data: []byte(`
- {id: q-lead, question: "Who plays Ok-ju?", answer: Jeon Jong-seo, wrong: [Kim Ji-hoon, Park Yu-rim, Kim Mu-yeol], fact: lead, difficulty: easy}
- {id: q-runtime, question: "How long is the film?", answer: 93 minutes, wrong: [80 minutes, 100 minutes, 120 minutes], fact: runtime, difficulty: medium}
- {id: q-netflix, question: "Where does it stream?", answer: Netflix, wrong: [Hulu, Max, Peacock], fact: netflix, difficulty: hard}
`)},
}

// script feeds the console one line per Read, first moving the manual clock
// so the rounds the timers post appear between lines, as they would live.
type script struct {
	clock *commandstest.Clock
	steps []step
	buf   []byte
}

type step struct {
	wait time.Duration
	line func() string
}

func (s *script) Read(p []byte) (int, error) {
	if len(s.buf) == 0 {
		if len(s.steps) == 0 {
			return 0, io.EOF
		}
		st := s.steps[0]
		s.steps = s.steps[1:]
		s.clock.Advance(st.wait)
		s.buf = []byte(st.line() + "\n")
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func say(s string) func() string { return func() string { return s } }

// letterOf reads the latest question the console printed and returns the
// letter of its right (or a wrong) choice.
func letterOf(out *bytes.Buffer, store *facts.Store, right bool) func() string {
	return func() string {
		text := out.String()
		text = text[strings.LastIndex(text, "== Question "):]
		answer := answerOf(store, text)
		for _, line := range strings.Split(text, "\n") {
			if len(line) > 6 && strings.HasPrefix(line, "**") && (strings.TrimSpace(line[6:]) == answer) == right {
				return line[2:3]
			}
		}
		return "?"
	}
}

func answerOf(store *facts.Store, text string) string {
	for _, q := range store.Trivia {
		if strings.Contains(text, q.Question) {
			return q.Answer
		}
	}
	return "?"
}

func TestConsolePlaysTrivia(t *testing.T) {
	r := newTriviaRig(t, 7)
	store, out := r.store, r.out
	r.in.steps = []step{
		{0, say("/trivia start rounds:2 seconds:10")},
		{3 * time.Second, letterOf(out, store, true)}, // round 1 is up: click the right letter
		{0, say("A")},                                  // a second click changes nothing
		{10 * time.Second, say("Explain")},             // the reveal is out
		{5 * time.Second, letterOf(out, store, false)}, // round 2: a wrong letter
		{10 * time.Second, say("/trivia leaderboard")}, // game over
		{0, say("/trivia stats")},
		{0, say("/trivia start rounds:1 seconds:10 mode:typed")},
		{3 * time.Second, say("Answer")},
		{0, func() string {
			return strings.ToLower(answerOf(store, out.String()[strings.LastIndex(out.String(), "== Question "):])) + "!"
		}},
		{10 * time.Second, say("/trivia leaderboard")},
		{0, say("/trivia stop")},
	}
	r.run(t, []string{
		"== Ballerina (2023) trivia ==",
		"== Question 1 of 2 · easy ==",
		"[1] A  [2] B  [3] C  [4] D",
		"Locked in: ",
		"You already locked in",
		"Got it: you +150 (0.0 s)",
		"[1] Explain",
		"== Why: ",
		"Sources: The Test Gazette",
		"== Question 2 of 2 · medium ==",
		"Nobody got it.",
		"That was the last question: game over.",
		"1. you — 150 pts (1/2 right)",
		"You: #1 with 150 points.",
		"Right answers: 1 of 2",
		"click **Answer** and type it",
		"Question 1 — Your answer: ",
		"Locked in: “",
		"1. you — 300 pts (2/3 right)",
		"No trivia game is running in this channel.",
	})
}

// TestConsolePlaysTriviaWithOptions plays a typed game of hard questions
// with spoilers allowed and a target: the hint at half time, Play again,
// the week's leaderboard and another player's stats by name.
func TestConsolePlaysTriviaWithOptions(t *testing.T) {
	r := newTriviaRig(t, 8)
	r.in.steps = []step{
		{0, say("/trivia start rounds:3 seconds:10 mode:typed difficulty:hard topic:reception spoilers:yes target:100")},
		{3 * time.Second, say("/trivia start difficulty:brutal")}, // refused; the game goes on
		{6 * time.Second, say("Answer")},                          // after the hint
		{0, say("netflix")},
		{4 * time.Second, say("Play again")}, // the only hard question was the last: game over
		{4 * time.Second, say("Answer")},     // the new game's question, before the hint
		{0, say("Netflix")},
		{9 * time.Second, say("/trivia leaderboard period:week")},
		{0, say("/trivia stats user:you")},
		{0, say("/trivia start spoilers:perhaps")},
	}
	r.run(t, []string{
		"1 question, 10 seconds each: click **Answer** and type it",
		"(I have only 1 such questions, so that is the whole game.)",
		"hard questions · Reception · spoilers allowed; first to 100 points wins.",
		"difficulty must be one of: easy, medium, hard, mixed",
		"Hint: it starts with **N**. A right answer now scores half.",
		"Got it: you +60 (6.0 s), with the hint",
		"That was the last question: game over.",
		"[1] Explain  [2] Play again",
		"Got it: you +145 (1.0 s)",
		"you reached 100 points and wins: game over.",
		"Trivia leaderboard: this chat, this week (since Monday 26 Feb, 00:00 UTC)",
		"1. you — 205 pts (2/2 right)",
		"== Your trivia in this chat ==\nGames: 2\nRight answers: 2 of 2",
		"spoilers must be true or false",
	})
}

// triviaRig is a console over a trivia game on a test store, a database in
// a temporary directory and a manual clock, driven by a script.
type triviaRig struct {
	store *facts.Store
	clock *commandstest.Clock
	in    *script
	out   *bytes.Buffer
	c     *Console
}

func newTriviaRig(t *testing.T, seed uint64) *triviaRig {
	t.Helper()
	store, err := facts.Load(triviaFS)
	if err != nil {
		t.Fatal(err)
	}
	db, err := botstore.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := commandstest.NewClock(time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC))
	tr := &trivia.Games{Store: store, Matcher: facts.NewMatcher(store), Clock: clock, Intn: rand.New(rand.NewPCG(seed, seed)).IntN, Scores: db.Trivia()}
	r := &triviaRig{store: store, clock: clock, in: &script{clock: clock}, out: &bytes.Buffer{}}
	r.c = &Console{
		Table: commands.Table{tr.Command()}, In: r.in, Out: r.out, Log: slog.New(slog.DiscardHandler),
		User: commands.User{ID: "console", Name: "you"}, ChannelID: "console",
	}
	tr.Messenger = r.c
	return r
}

// run plays the script and checks that the output holds every wanted line
// and that no timer is left.
func (r *triviaRig) run(t *testing.T, wants []string) {
	t.Helper()
	if err := r.c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := r.out.String()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("console output lacks %q", want)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("console output:\n%s", got)
	}
	if n := r.clock.Pending(); n != 0 {
		t.Errorf("%d timers pending after the games", n)
	}
}
