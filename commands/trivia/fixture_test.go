package trivia_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
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

// The trivia tests run over this small store, not the shipped one (whose
// questions curators change), and a fake Store with the SQLite store's
// semantics.

const triviaSourceText = `Jeon Jong-seo plays Ok-ju, a former bodyguard. Jun Jong-seo trained for months.
Ok-ju avenges her friend Min-hee. The villain is Choi Pro, played by Kim Ji-hoon.
Lee Chung-hyun wrote and directed the film. It runs 93 minutes and streams on Netflix.`

var triviaFixtureFS = fstest.MapFS{
	"sources/a.txt": {Data: []byte(triviaSourceText)},
	"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: The Test Gazette, kind: review}\n")},
	"people.yaml": {Data: []byte(`
- {id: jeon-jong-seo, name: Jeon Jong-seo, kind: person, aliases: [Jun Jong-seo], plays: [ok-ju], description: Actor., cites: [{source: art, evidence: "Jeon Jong-seo plays Ok-ju"}]}
- {id: ok-ju, name: Ok-ju, kind: character, aliases: [Ok-joo], played_by: [jeon-jong-seo], description: A former bodyguard., cites: [{source: art, evidence: "Jeon Jong-seo plays Ok-ju"}]}
- {id: min-hee, name: Min-hee, kind: character, aliases: [Minhee], description: Her friend., cites: [{source: art, evidence: "her friend Min-hee"}]}
- {id: choi-pro, name: Choi Pro, kind: character, aliases: [Choi], played_by: [kim-ji-hoon], description: The villain., spoiler: true, cites: [{source: art, evidence: "The villain is Choi Pro"}]}
- {id: kim-ji-hoon, name: Kim Ji-hoon, kind: person, plays: [choi-pro], description: Actor., cites: [{source: art, evidence: "played by Kim Ji-hoon"}]}
- {id: lee-chung-hyun, name: Lee Chung-hyun, kind: person, aliases: [Lee Chung-hyeon], description: Director., cites: [{source: art, evidence: "Lee Chung-hyun wrote and directed"}]}
`)},
	"facts.yaml": {Data: []byte(`
- {id: lead, topic: cast, text: Jeon Jong-seo plays Ok-ju., people: [jeon-jong-seo, ok-ju], cites: [{source: art, evidence: "Jeon Jong-seo plays Ok-ju"}]}
- {id: job, topic: premise, text: Ok-ju is a former bodyguard., people: [ok-ju], cites: [{source: art, evidence: "a former bodyguard"}]}
- {id: friend, topic: plot, text: Ok-ju avenges her friend Min-hee., spoiler: true, people: [ok-ju, min-hee], cites: [{source: art, evidence: "Ok-ju avenges her friend Min-hee"}]}
- {id: villain, topic: cast, text: The villain Choi Pro is played by Kim Ji-hoon., spoiler: true, people: [choi-pro, kim-ji-hoon], cites: [{source: art, evidence: "The villain is Choi Pro, played by Kim Ji-hoon"}]}
- {id: director, topic: crew, text: Lee Chung-hyun wrote and directed the film., people: [lee-chung-hyun], cites: [{source: art, evidence: "Lee Chung-hyun wrote and directed the film"}]}
- {id: runtime, topic: release, text: The film runs 93 minutes., cites: [{source: art, evidence: "It runs 93 minutes"}]}
- {id: netflix, topic: release, text: The film streams on Netflix., cites: [{source: art, evidence: "streams on Netflix"}]}
- {id: uncited, topic: release, text: A fact nobody cites.}
`)},
	"quotes.yaml": {Data: []byte("[]\n")},
	"trivia.yaml": {Data: []byte(`
- {id: q-lead, question: "Who plays Ok-ju?", answer: Jeon Jong-seo, wrong: [Kim Ji-hoon, Park Yu-rim, Kim Mu-yeol], fact: lead, difficulty: easy}
- {id: q-name, question: "What is the heroine called?", answer: Ok-ju, wrong: [Min-hee, Jang-mi, Choi Pro], fact: lead, difficulty: easy}
- {id: q-job, question: "What was Ok-ju's job?", answer: Bodyguard, accept: [a bodyguard, former bodyguard], wrong: [Ballerina, Detective, Nurse], fact: job, difficulty: medium}
- {id: q-friend, question: "Whom does Ok-ju avenge?", answer: Min-hee, wrong: [Ok-ju, Jang-mi, Choi Pro], fact: friend, difficulty: medium}
- {id: q-villain, question: "Who is the villain?", answer: Choi Pro, wrong: [Min-hee, Ok-ju, Lee Chung-hyun], fact: villain, difficulty: hard}
- {id: q-director, question: "Who directed the film?", answer: Lee Chung-hyun, wrong: [Jeon Jong-seo, Kim Ji-hoon, Park Chan-wook], fact: director, difficulty: easy}
- {id: q-runtime, question: "How long is the film?", answer: 93 minutes, accept: ["93"], wrong: [80 minutes, 100 minutes, 120 minutes], fact: runtime, difficulty: hard}
- {id: q-netflix, question: "Where does it stream?", answer: Netflix, wrong: [Disney+, Apple TV+, Prime Video], fact: netflix, difficulty: medium}
- {id: q-netflix-again, question: "Where does it stream?", answer: Netflix, wrong: [Hulu, Max, Peacock], fact: netflix, difficulty: easy}
- {id: q-uncited, question: "Uncited?", answer: Yes, wrong: [No, Maybe, Never], fact: uncited, difficulty: easy}
- {id: q-missing, question: "Missing fact?", answer: Yes, wrong: [No, Maybe, Never], fact: nope, difficulty: easy}
`)},
}

// triviaFixtureQuestions is how many fixture questions a game may use: the
// duplicate, the uncited and the unsupported ones are left out.
const triviaFixtureQuestions = 8

var (
	fixtureOnce    sync.Once
	fixtureStore   *facts.Store
	fixtureMatcher *facts.Matcher
	fixtureErr     error
)

func triviaFixture(t testing.TB) (*facts.Store, *facts.Matcher) {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureStore, fixtureErr = facts.Load(triviaFixtureFS)
		if fixtureErr == nil {
			fixtureMatcher = facts.NewMatcher(fixtureStore)
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureStore, fixtureMatcher
}

var triviaEpoch = time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)

// triviaRig is a Trivia with a manual clock, a recording Messenger and a
// fake store.
type triviaRig struct {
	*trivia.Games
	clock  *commandstest.Clock
	msgr   *commandstest.Messenger
	scores *fakeScores
}

func newTriviaRig(t testing.TB, seed uint64) *triviaRig {
	s, m := triviaFixture(t)
	r := &triviaRig{clock: commandstest.NewClock(triviaEpoch), msgr: &commandstest.Messenger{}, scores: newFakeScores()}
	rng := rand.New(rand.NewPCG(seed, seed+1))
	r.Games = &trivia.Games{Store: s, Matcher: m, Clock: r.clock, Intn: rng.IntN, Scores: r.scores, Messenger: r.msgr}
	return r
}

var (
	alice = commands.User{ID: "100", Name: "Alice"}
	bob   = commands.User{ID: "200", Name: "Bob"}
	carol = commands.User{ID: "300", Name: "Carol"}
)

func cmdReq(u commands.User, channel, sub string, opts ...string) commands.Request {
	r := commands.Request{Kind: commands.KindCommand, Command: "trivia", Subcommand: sub, Options: map[string]string{}, User: u, GuildID: "g1", ChannelID: channel}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, ":")
		r.Options[k] = v
	}
	return r
}

func clickReq(u commands.User, channel, customID string) commands.Request {
	return commands.Request{Kind: commands.KindComponent, CustomID: customID, User: u, GuildID: "g1", ChannelID: channel}
}

// do dispatches through the real table entry.
func (r *triviaRig) do(t testing.TB, req commands.Request) commands.Response {
	t.Helper()
	resp, err := commands.Table{r.Command()}.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatalf("dispatch %+v: %v", req, err)
	}
	return resp
}

// round is the latest question message posted in channel.
func (r *triviaRig) round(t testing.TB, channel string) postedRound {
	t.Helper()
	msgs := r.msgr.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.ChannelID == channel && m.Response.Card != nil && strings.HasPrefix(m.Response.Card.Title, "Question ") && !strings.Contains(m.Response.Card.Title, "answer is") {
			return postedRound{msg: m, id: fmt.Sprint(i + 1)}
		}
	}
	t.Fatalf("no question posted in %s; sent: %v", channel, triviaTitles(msgs))
	return postedRound{}
}

type postedRound struct {
	msg commands.Message
	id  string // message id the recording Messenger gave it
}

// button returns the custom id of the button labelled label.
func (rd postedRound) button(t testing.TB, label string) string {
	t.Helper()
	for _, b := range rd.msg.Response.Buttons {
		if b.Label == label {
			return b.CustomID
		}
	}
	t.Fatalf("no button %q in %+v", label, rd.msg.Response.Buttons)
	return ""
}

// letters returns the right and a wrong letter of a buttons-mode question,
// read from the store's answer and the card's choice list.
func (rd postedRound) letters(t testing.TB, s *facts.Store) (right, wrong string) {
	t.Helper()
	q := questionOf(t, s, rd.msg.Response.Card.Description)
	for _, line := range strings.Split(rd.msg.Response.Card.Description, "\n") {
		if len(line) > 6 && strings.HasPrefix(line, "**") && line[3:6] == ".**" {
			if strings.TrimSpace(line[6:]) == q.Answer {
				right = line[2:3]
			} else if wrong == "" {
				wrong = line[2:3]
			}
		}
	}
	if right == "" || wrong == "" {
		t.Fatalf("cannot read the choices of %q", rd.msg.Response.Card.Description)
	}
	return right, wrong
}

func questionOf(t testing.TB, s *facts.Store, desc string) *facts.Trivia {
	t.Helper()
	first, _, _ := strings.Cut(desc, "\n")
	for i := range s.Trivia {
		if s.Trivia[i].Question == first {
			return &s.Trivia[i]
		}
	}
	t.Fatalf("no question %q in the store", first)
	return nil
}

func triviaTitles(msgs []commands.Message) []string {
	var out []string
	for _, m := range msgs {
		if m.Response.Card != nil {
			out = append(out, m.Response.Card.Title)
		} else {
			out = append(out, m.Response.Content)
		}
	}
	return out
}

// lastSent is the latest message posted.
func (r *triviaRig) lastSent(t testing.TB) commands.Message {
	t.Helper()
	msgs := r.msgr.Messages()
	if len(msgs) == 0 {
		t.Fatal("nothing sent")
	}
	return msgs[len(msgs)-1]
}

// fakeScores is the MemoryStore with a failure to inject and views the
// tests read.
type fakeScores struct {
	*trivia.MemoryStore
	fail error // StartGame fails with it when set
}

func newFakeScores() *fakeScores { return &fakeScores{MemoryStore: trivia.NewMemoryStore()} }

func (f *fakeScores) StartGame(ctx context.Context, g trivia.Game) error {
	if f.fail != nil {
		return f.fail
	}
	return f.MemoryStore.StartGame(ctx, g)
}

// games lists every game stored, oldest first.
func (f *fakeScores) games() []trivia.Game {
	var out []trivia.Game
	for _, id := range f.ids() {
		g, _, _ := f.Game(context.Background(), id)
		out = append(out, g)
	}
	return out
}

// ids are the stored games' ids.
func (f *fakeScores) ids() []string {
	ids, _ := f.GameIDs(context.Background())
	sort.Strings(ids)
	return ids
}

// finished maps each ended game to why it ended.
func (f *fakeScores) finished() map[string]string {
	out := map[string]string{}
	for _, g := range f.games() {
		if g.Finished {
			out[g.ID] = g.EndReason
		}
	}
	return out
}

// answersOf lists a game's answers, round by round.
func (f *fakeScores) answersOf(gameID string) []trivia.Answer {
	var out []trivia.Answer
	for n := 1; n <= 20; n++ {
		as, _ := f.RoundAnswers(context.Background(), gameID, n)
		out = append(out, as...)
	}
	return out
}
