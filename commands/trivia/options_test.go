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
Ok-ju tells the villain: "You should have left her alone."
Min-hee laughs: "Let's go dancing tonight." Choi Pro boasts: "Nobody will ever find her."
Lee Chung-hyun said: "I wanted a cathartic revenge."`)}
	// Four articles, so "which article says…?" has three wrong ones.
	fs["sources.yaml"] = &fstest.MapFile{Data: []byte(`
- {id: art, file: a.txt, label: The Test Gazette, kind: review}
- {id: dance, file: b.txt, label: The Daily Dance, kind: review}
- {id: weekly, file: c.txt, label: Film Weekly, kind: review}
- {id: screen, file: d.txt, label: Screen Seoul, kind: review}
`)}
	fs["sources/b.txt"] = &fstest.MapFile{Data: []byte("A review of dance films.")}
	fs["sources/c.txt"] = &fstest.MapFile{Data: []byte("A weekly round-up of films.")}
	fs["sources/d.txt"] = &fstest.MapFile{Data: []byte("Films shot in Seoul.")}
	fs["facts.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, triviaFixtureFS["facts.yaml"].Data...), []byte(`
- {id: shot, topic: production, text: The crew filmed in Seoul., cites: [{source: art, evidence: "The crew filmed in Seoul"}]}
- {id: score, topic: music, text: A pulsing electronic score drives the fights., cites: [{source: art, evidence: "A pulsing electronic score drives the fights"}]}
- {id: warning, topic: plot, text: Ok-ju warns the villain he should have left her friend alone., people: [ok-ju], cites: [{source: art, evidence: "You should have left her alone"}]}
`)...)}
	fs["quotes.yaml"] = &fstest.MapFile{Data: []byte(`
- {id: alone, speaker: ok-ju, text: "You should have left her alone.", context: To the villain., source: art}
- {id: dancing, speaker: min-hee, text: "Let's go dancing tonight.", context: To Ok-ju., source: art}
- {id: boast, speaker: choi-pro, text: "Nobody will ever find her.", context: To his men., source: art, spoiler: true}
- {id: catharsis, speaker: lee-chung-hyun, text: "I wanted a cathartic revenge.", context: In an interview., source: art}
`)}
	fs["trivia.yaml"] = &fstest.MapFile{Data: append(append([]byte{}, triviaFixtureFS["trivia.yaml"].Data...), []byte(`
- {id: q-tf-runtime, kind: truefalse, question: "True or false: the film runs 93 minutes.", answer: "True", fact: runtime, difficulty: easy}
- {id: q-blank-director, kind: blank, question: "___ wrote and directed the film.", answer: Lee Chung-hyun, fact: director, difficulty: medium}
- {id: q-blank-job, kind: blank, question: "Ok-ju is a former ___.", answer: bodyguard, wrong: [ballerina, detective, nurse], fact: job, difficulty: hard}
- {id: q-speaker, kind: speaker, question: "Who said it? “You should have left her alone.”", quote: alone, answer: Ok-ju, wrong: [Min-hee, Choi Pro, Lee Chung-hyun], fact: warning, difficulty: medium}
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
