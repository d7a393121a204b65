package trivia_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// kindsFixtureFS is the small store with a question of every kind and every
// topic: the fixture of the game options.
var kindsFixtureFS = func() fstest.MapFS {
	fs := fstest.MapFS{}
	for k, v := range triviaFixtureFS {
		fs[k] = v
	}
	fs["sources/a.txt"] = &fstest.MapFile{Data: []byte(triviaSourceText + `
The crew filmed in Seoul. A pulsing electronic score drives the fights.
Ok-ju tells the villain: "You should have left her alone."`)}
	fs["facts.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, triviaFixtureFS["facts.yaml"].Data...), []byte(`
- {id: shot, topic: production, text: The crew filmed in Seoul., cites: [{source: art, evidence: "The crew filmed in Seoul"}]}
- {id: score, topic: music, text: A pulsing electronic score drives the fights., cites: [{source: art, evidence: "A pulsing electronic score drives the fights"}]}
- {id: warning, topic: plot, text: Ok-ju warns the villain he should have left her friend alone., people: [ok-ju], cites: [{source: art, evidence: "You should have left her alone"}]}
`)...)}
	fs["quotes.yaml"] = &fstest.MapFile{Data: []byte(`
- {id: alone, speaker: ok-ju, text: "You should have left her alone.", context: To the villain., source: art}
`)}
	fs["trivia.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, triviaFixtureFS["trivia.yaml"].Data...), []byte(`
- {id: q-tf-runtime, kind: truefalse, question: "True or false: the film runs 93 minutes.", answer: "True", fact: runtime, difficulty: easy}
- {id: q-blank-director, kind: blank, question: "___ wrote and directed the film.", answer: Lee Chung-hyun, fact: director, difficulty: medium}
- {id: q-blank-job, kind: blank, question: "Ok-ju is a former ___.", answer: bodyguard, wrong: [ballerina, detective, nurse], fact: job, difficulty: hard}
- {id: q-speaker, kind: speaker, question: "Who said it?", quote: alone, answer: Ok-ju, wrong: [Min-hee, Choi Pro, Jang-mi], fact: warning, difficulty: medium}
- {id: q-source, kind: source, question: "Which article says the crew filmed in Seoul?", answer: The Test Gazette, wrong: [The Daily Dance, Film Weekly, Screen Seoul], fact: shot, difficulty: hard}
- {id: q-shot, question: "Where did the crew film?", answer: Seoul, wrong: [Busan, Tokyo, Incheon], fact: shot, difficulty: medium}
- {id: q-score, question: "What kind of score drives the fights?", answer: An electronic score, accept: [electronic], wrong: [An orchestral score, A jazz score, A piano score], fact: score, difficulty: hard}
`)...)}
	return fs
}()

var (
	kindsOnce  sync.Once
	kindsStore *facts.Store
	kindsErr   error
)

func kindsFixture(t testing.TB) *facts.Store {
	t.Helper()
	kindsOnce.Do(func() {
		if kindsStore, kindsErr = facts.Load(kindsFixtureFS); kindsErr == nil {
			for _, p := range kindsStore.Lint() {
				if strings.HasPrefix(p.Entry, "q-") && !strings.Contains("q-uncited q-missing q-netflix-again", p.Entry) {
					kindsErr = fmt.Errorf("fixture: %+v", p)
				}
			}
		}
	})
	if kindsErr != nil {
		t.Fatal(kindsErr)
	}
	return kindsStore
}

func newKindsRig(t testing.TB, seed uint64) *triviaRig {
	s := kindsFixture(t)
	r := &triviaRig{clock: commandstest.NewClock(triviaEpoch), msgr: &commandstest.Messenger{}, scores: newFakeScores()}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	r.Games = &trivia.Games{Store: s, Matcher: facts.NewMatcher(s), Clock: r.clock, Intn: rng.IntN, Scores: r.scores, Messenger: r.msgr}
	return r
}

// played is what one game through the table showed.
type played struct {
	asked []*facts.Trivia
	cards []commands.Response // every question, edit and reveal
	final commands.Message    // the last reveal
}

// playToEnd starts a game with opts and plays it to its end: Alice answers
// every question right after answerAt, Bob wrong at once.
func (r *triviaRig) playToEnd(t *testing.T, ch string, answerAt time.Duration, opts ...string) played {
	t.Helper()
	start := r.do(t, cmdReq(alice, ch, "start", opts...))
	if start.Ephemeral || start.Card == nil {
		t.Fatalf("start %v = %+v", opts, start)
	}
	typed := strings.Contains(triviaText(start), "click **Answer**")
	seconds := 20
	for _, o := range opts {
		fmt.Sscanf(o, "seconds:%d", &seconds)
	}
	var p played
	r.clock.Advance(3 * time.Second)
	for round := 1; round <= 20; round++ {
		rd := r.round(t, ch)
		if !strings.HasPrefix(rd.msg.Response.Card.Title, fmt.Sprintf("Question %d of", round)) {
			t.Fatalf("round %d shows %q", round, rd.msg.Response.Card.Title)
		}
		q := questionOf(t, r.Store, rd.msg.Response.Card.Description)
		p.asked = append(p.asked, q)
		p.cards = append(p.cards, rd.msg.Response)
		r.clock.Advance(answerAt)
		if typed {
			open := r.do(t, clickReq(alice, ch, rd.button(t, "Answer")))
			r.do(t, commands.Request{Kind: commands.KindModal, CustomID: open.Modal.CustomID, User: alice, GuildID: "g1", ChannelID: ch,
				Fields: map[string]string{"answer": q.Answer}})
		} else {
			right, wrong := rd.letters(t, r.Store)
			wantEphemeral(t, r.do(t, clickReq(alice, ch, rd.button(t, right))), "Locked in: "+right)
			r.do(t, clickReq(bob, ch, rd.button(t, wrong)))
		}
		before := len(r.msgr.Messages())
		r.clock.Advance(time.Duration(seconds)*time.Second - answerAt)
		for _, e := range r.msgr.EditList() {
			p.cards = append(p.cards, e.Response)
		}
		if len(r.msgr.Messages()) != before+1 {
			t.Fatalf("round %d: %d posts at the reveal", round, len(r.msgr.Messages())-before)
		}
		p.final = r.lastSent(t)
		p.cards = append(p.cards, p.final.Response)
		if r.clock.Pending() == 0 {
			return p
		}
		r.clock.Advance(5 * time.Second)
	}
	t.Fatal("the game did not end after 20 rounds")
	return p
}

// Each difficulty, topic and spoiler setting plays a game to its end through
// the command table; every question asked fits the choice, and a game of
// rounds:20 asks the whole pool of that choice.
func TestTriviaOptionsPlayToTheEnd(t *testing.T) {
	s := kindsFixture(t)
	tests := []struct {
		name string
		opts []string
		fits func(q *facts.Trivia) bool
	}{
		{"easy", []string{"difficulty:easy"}, func(q *facts.Trivia) bool { return q.Difficulty == "easy" }},
		{"medium", []string{"difficulty:medium"}, func(q *facts.Trivia) bool { return q.Difficulty == "medium" }},
		{"hard", []string{"difficulty:hard"}, func(q *facts.Trivia) bool { return q.Difficulty == "hard" }},
		{"mixed", []string{"difficulty:mixed"}, func(q *facts.Trivia) bool { return true }},
		{"cast", []string{"topic:cast"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "cast" }},
		{"story", []string{"topic:story"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "story" }},
		{"making", []string{"topic:making"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "making" }},
		{"reception", []string{"topic:reception"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "reception" }},
		{"music", []string{"topic:music"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "music" }},
		{"story with spoilers", []string{"topic:story", "spoilers:true"}, func(q *facts.Trivia) bool { return s.TriviaTopic(q) == "story" }},
		{"hard cast with spoilers, typed", []string{"difficulty:hard", "topic:cast", "spoilers:true", "mode:typed"}, func(q *facts.Trivia) bool {
			return q.Difficulty == "hard" && s.TriviaTopic(q) == "cast"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newKindsRig(t, 21)
			spoilers := strings.Contains(strings.Join(tc.opts, " "), "spoilers:true")
			typed := strings.Contains(strings.Join(tc.opts, " "), "mode:typed")
			want := 0
			for i := range s.Trivia {
				q := &s.Trivia[i]
				if tc.fits(q) && (spoilers || !s.TriviaSpoiler(q)) && (typed || !q.Typed()) && playableInFixture(q) {
					want++
				}
			}
			p := r.playToEnd(t, "c1", 2*time.Second, append([]string{"rounds:20", "seconds:10"}, tc.opts...)...)
			ids := map[string]bool{}
			sawSpoiler := false
			for _, q := range p.asked {
				if !tc.fits(q) {
					t.Errorf("asked %s (%s, %s), which does not fit", q.ID, q.Difficulty, s.TriviaTopic(q))
				}
				if ids[q.ID] {
					t.Errorf("asked %s twice", q.ID)
				}
				ids[q.ID] = true
				sawSpoiler = sawSpoiler || s.TriviaSpoiler(q)
			}
			if len(p.asked) != want {
				t.Errorf("asked %d questions, want the whole pool of %d", len(p.asked), want)
			}
			if sawSpoiler != spoilers && tc.name != "hard cast with spoilers, typed" {
				t.Errorf("spoiler question asked: %v, want %v", sawSpoiler, spoilers)
			}
			if !spoilers {
				for _, c := range p.cards {
					if strings.Contains(triviaText(c), "||") {
						t.Errorf("a game without spoilers showed one:\n%s", triviaText(c))
					}
				}
			}
			final := triviaText(p.final.Response)
			if !strings.Contains(final, "game over") || !strings.Contains(final, fmt.Sprintf("1. Alice — %d pts (%d/%d right)", alicePoints(len(p.asked), typed), len(p.asked), len(p.asked))) {
				t.Errorf("final scoreboard:\n%s", final)
			}
			again := p.final.Response.Buttons[len(p.final.Response.Buttons)-1]
			if again.Label != "Play again" {
				t.Fatalf("final buttons %+v", p.final.Response.Buttons)
			}
		})
	}
}

// alicePoints is what Alice scores answering n questions right after 2 of
// 10 seconds: 100, 40 for speed, 25 a step of streak up to 100.
func alicePoints(n int, typed bool) int {
	total := 0
	for i := range n {
		total += 140 + min(25*i, 100)
	}
	return total
}

// playableInFixture leaves out the fixture questions no game may ask.
func playableInFixture(q *facts.Trivia) bool {
	return q.ID != "q-uncited" && q.ID != "q-missing" && q.ID != "q-netflix-again"
}

// Every kind shows as players expect: true/false has two buttons, True then
// False; "who said it?" shows the quote; a typed-only blank never comes up
// in a buttons game and is answered by typing in a typed one.
func TestTriviaKindsShowAsExpected(t *testing.T) {
	r := newKindsRig(t, 22)
	p := r.playToEnd(t, "c1", time.Second, "rounds:20", "seconds:10", "spoilers:true")
	kinds := map[string]bool{}
	for i, q := range p.asked {
		kinds[q.TriviaKind()] = true
		card := p.cards[0]
		for _, c := range p.cards {
			if c.Card != nil && strings.HasPrefix(c.Card.Title, fmt.Sprintf("Question %d of", i+1)) {
				card = c
				break
			}
		}
		switch q.TriviaKind() {
		case facts.KindTrueFalse:
			if len(card.Buttons) != 2 || !strings.Contains(card.Card.Description, "**A.** True\n**B.** False") {
				t.Errorf("true/false card: %+v", card)
			}
		case facts.KindSpeaker:
			if !strings.Contains(card.Card.Description, "> “You should have left her alone.”") {
				t.Errorf("who said it? shows no quote:\n%s", card.Card.Description)
			}
			fallthrough
		default:
			if len(card.Buttons) != 4 {
				t.Errorf("%s has %d buttons", q.ID, len(card.Buttons))
			}
		}
		if q.Typed() {
			t.Errorf("a buttons game asked the typed-only %s", q.ID)
		}
	}
	for _, k := range []string{facts.KindChoice, facts.KindTrueFalse, facts.KindSource, facts.KindBlank, facts.KindSpeaker} {
		if !kinds[k] {
			t.Errorf("no %s question asked", k)
		}
	}
	typed := newKindsRig(t, 23).playToEnd(t, "c1", time.Second, "rounds:20", "seconds:10", "difficulty:medium", "topic:cast", "mode:typed")
	if len(typed.asked) != 1 || typed.asked[0].ID != "q-blank-director" {
		t.Errorf("typed medium cast game asked %v, want the blank", typed.asked)
	}
}

// A choice that leaves nothing to ask says so and starts nothing.
func TestTriviaNoQuestionForTheChoice(t *testing.T) {
	r := newKindsRig(t, 24)
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", "difficulty:easy", "topic:making")),
		"I have no easy multiple-choice questions about Making of without spoilers. Try")
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", "topic:drama")), "topic must be one of")
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", "difficulty:brutal")), "difficulty must be easy, medium, hard or mixed")
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", "spoilers:maybe")), "spoilers must be true or false")
	wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", "target:99")), "target must be a whole number from 100 to 10000")
	if r.clock.Pending() != 0 || len(r.scores.games()) != 0 {
		t.Error("a game started anyway")
	}
}

// First to the target ends the game, with the winner named, before the
// rounds run out.
func TestTriviaTargetEndsTheGame(t *testing.T) {
	r := newKindsRig(t, 25)
	// Alice scores 140, 165, then 190: past 400 in the third round.
	p := r.playToEnd(t, "c1", 2*time.Second, "rounds:10", "seconds:10", "target:400")
	if len(p.asked) != 3 {
		t.Errorf("the game asked %d questions, want 3", len(p.asked))
	}
	final := triviaText(p.final.Response)
	for _, want := range []string{"Alice reached 400 points and wins: game over.", "Final scores: 1. Alice — 495 pts (3/3 right)"} {
		if !strings.Contains(final, want) {
			t.Errorf("final reveal lacks %q:\n%s", want, final)
		}
	}
	for id, reason := range r.scores.finished() {
		if reason != "target" {
			t.Errorf("game %s ended %q", id, reason)
		}
	}
}

// Typed mode gives the first letter at half time; a right answer after it
// scores half.
func TestTriviaTypedHint(t *testing.T) {
	r := newKindsRig(t, 26)
	r.do(t, cmdReq(alice, "c1", "start", "rounds:2", "seconds:20", "mode:typed", "topic:music"))
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, "c1")
	if strings.Contains(rd.msg.Response.Card.Description, "Hint") {
		t.Fatalf("hint before half time:\n%s", rd.msg.Response.Card.Description)
	}
	submit := func(u commands.User, text string) {
		open := r.do(t, clickReq(u, "c1", rd.button(t, "Answer")))
		wantEphemeral(t, r.do(t, commands.Request{Kind: commands.KindModal, CustomID: open.Modal.CustomID, User: u, GuildID: "g1", ChannelID: "c1",
			Fields: map[string]string{"answer": text}}), "Locked in")
	}
	r.clock.Advance(4 * time.Second)
	submit(bob, "electronic") // before the hint: 100 + 40
	r.clock.Advance(6 * time.Second)
	edits := r.msgr.EditList()
	if len(edits) != 1 || edits[0].MessageID != rd.id || !strings.Contains(edits[0].Response.Card.Description, "Hint: it starts with **A**. A right answer now scores half.") {
		t.Fatalf("edits at half time: %+v", edits)
	}
	submit(alice, "An electronic score") // after: (100 + 25) / 2
	r.clock.Advance(10 * time.Second)
	got := triviaText(r.lastSent(t).Response)
	for _, want := range []string{"Bob +140 (4.0 s)", "Alice +62 (10.0 s), with the hint"} {
		if !strings.Contains(got, want) {
			t.Errorf("reveal lacks %q:\n%s", want, got)
		}
	}
}

// Play again starts a new game with the same options; buttons of the old
// game answer clearly.
func TestTriviaPlayAgain(t *testing.T) {
	r := newKindsRig(t, 27)
	p := r.playToEnd(t, "c1", time.Second, "rounds:2", "seconds:10", "difficulty:hard", "spoilers:true", "target:5000")
	again := p.final.Response.Buttons[len(p.final.Response.Buttons)-1].CustomID
	old := p.cards[0].Buttons[0].CustomID
	wantEphemeral(t, r.do(t, clickReq(carol, "c2", again)), "another channel")
	resp := r.do(t, clickReq(carol, "c1", again))
	if resp.Ephemeral || !strings.Contains(triviaText(resp), "2 questions, 10 seconds each") ||
		!strings.Contains(triviaText(resp), "Started by Carol") || !strings.Contains(triviaText(resp), "hard questions · every topic · spoilers allowed; first to 5000 points wins.") {
		t.Fatalf("play again = %s", triviaText(resp))
	}
	wantEphemeral(t, r.do(t, clickReq(bob, "c1", again)), "A trivia game is already running here (started by Carol)")
	wantEphemeral(t, r.do(t, clickReq(bob, "c1", old)), "That trivia game is over")
	second := r.playToEnd
	_ = second
	r.clock.Advance(3 * time.Second)
	for _, q := range []*facts.Trivia{questionOf(t, r.Store, r.round(t, "c1").msg.Response.Card.Description)} {
		if q.Difficulty != "hard" {
			t.Errorf("the new game asked %s (%s)", q.ID, q.Difficulty)
		}
	}
	var games []trivia.Game
	for _, g := range r.scores.games() {
		games = append(games, g)
	}
	if len(games) != 2 || games[0].Difficulty != games[1].Difficulty || games[0].Target != 5000 || games[1].Target != 5000 || !games[0].Spoilers || !games[1].Spoilers {
		t.Errorf("stored games %+v", games)
	}
	// A game stopped midway offers Play again too.
	stop := r.do(t, cmdReq(carol, "c1", "stop"))
	if len(stop.Buttons) != 1 || stop.Buttons[0].Label != "Play again" {
		t.Errorf("stop buttons %+v", stop.Buttons)
	}
}

// No question comes back before the server has seen the whole pool for
// that choice; another server has its own pool.
func TestTriviaNoRepeatsUntilThePoolIsUsedUp(t *testing.T) {
	r := newKindsRig(t, 28)
	seen := map[string]int{}
	var order []string
	for game := 0; game < 4; game++ {
		p := r.playToEnd(t, "c1", time.Second, "rounds:2", "seconds:10", "difficulty:medium")
		for _, q := range p.asked {
			seen[q.ID]++
			order = append(order, q.ID)
		}
		r.clock.Advance(time.Minute)
	}
	// The medium pool without spoilers: q-job, q-netflix, q-speaker, q-shot.
	for _, id := range []string{"q-job", "q-netflix", "q-speaker", "q-shot"} {
		if seen[id] != 2 {
			t.Errorf("%s asked %d times in 8 questions from a pool of 4: %v", id, seen[id], order)
		}
	}
	first := map[string]bool{}
	for _, id := range order[:4] {
		if first[id] {
			t.Errorf("%s came back before the pool was used up: %v", id, order)
		}
		first[id] = true
	}
}
