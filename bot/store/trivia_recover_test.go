package store_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

var recoverFS = fstest.MapFS{
	"sources/a.txt": {Data: []byte("Jeon Jong-seo plays Ok-ju. It runs 93 minutes and streams on Netflix.")},
	"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: The Test Gazette, kind: review}\n")},
	"people.yaml":   {Data: []byte("- {id: okju, name: Ok-ju, kind: character, aliases: [Ok-joo], description: Lead., cites: [{source: art, evidence: plays Ok-ju}]}\n")},
	"facts.yaml": {Data: []byte(`
- {id: runtime, topic: release, text: The film runs 93 minutes., cites: [{source: art, evidence: "It runs 93 minutes"}]}
- {id: netflix, topic: release, text: The film streams on Netflix., cites: [{source: art, evidence: "streams on Netflix"}]}
`)},
	"quotes.yaml": {Data: []byte("[]\n")},
	"trivia.yaml": {Data: []byte(`
- {id: q-runtime, question: "How long is the film?", answer: 93 minutes, wrong: [80 minutes, 100 minutes, 120 minutes], fact: runtime, difficulty: easy}
- {id: q-netflix, question: "Where does it stream?", answer: Netflix, wrong: [Hulu, Max, Peacock], fact: netflix, difficulty: medium}
`)},
}

// process is one run of the bot: a Trivia over the database at path.
type process struct {
	db    *store.DB
	tr    *trivia.Games
	clock *commandstest.Clock
	msgr  *commandstest.Messenger
	table commands.Table
}

func startProcess(t *testing.T, path string, seed uint64, now time.Time) *process {
	t.Helper()
	fs, err := facts.Load(recoverFS)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	p := &process{db: db, clock: commandstest.NewClock(now), msgr: &commandstest.Messenger{}}
	p.tr = &trivia.Games{Store: fs, Matcher: facts.NewMatcher(fs), Clock: p.clock, Intn: rand.New(rand.NewPCG(seed, 0)).IntN,
		Scores: db.Trivia(), Messenger: p.msgr}
	p.table = commands.Table{p.tr.Command()}
	return p
}

func (p *process) do(t *testing.T, req commands.Request) commands.Response {
	t.Helper()
	resp, err := p.table.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func text(r commands.Response) string {
	if r.Card == nil {
		return r.Content
	}
	s := r.Card.Title + "\n" + r.Card.Description + "\n" + r.Card.Footer
	for _, f := range r.Card.Fields {
		s += "\n" + f.Name + ": " + f.Value
	}
	return s
}

func TestTriviaRecoversUnfinishedGameAfterRestart(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		t0 := time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)
		alice := commands.User{ID: "100", Name: "Alice"}
		req := func(u commands.User, kind commands.Kind, sub, customID string) commands.Request {
			return commands.Request{Kind: kind, Command: "trivia", Subcommand: sub, CustomID: customID, User: u, GuildID: "g1", ChannelID: "c1"}
		}

		// Run 1: a game starts; Alice answers round 1, which is revealed; round 2
		// opens and the process dies.
		p1 := startProcess(t, path, 1, t0)
		p1.do(t, req(alice, commands.KindCommand, "start", ""))
		p1.clock.Advance(3 * time.Second)
		round := p1.msgr.Messages()[0].Response
		answer := "Netflix"
		if strings.HasPrefix(round.Card.Description, "How long") {
			answer = "93 minutes"
		}
		var correct string
		for _, b := range round.Buttons {
			if strings.Contains(round.Card.Description, "**"+b.Label+".** "+answer+"\n") {
				correct = b.CustomID
			}
		}
		if correct == "" {
			t.Fatalf("cannot find the right button in %q", round.Card.Description)
		}
		if resp := p1.do(t, req(alice, commands.KindComponent, "", correct)); !strings.Contains(resp.Content, "Locked in") {
			t.Fatalf("answer = %+v", resp)
		}
		p1.clock.Advance(20 * time.Second) // reveal
		explain := p1.msgr.Messages()[1].Response.Buttons[0].CustomID
		p1.clock.Advance(5 * time.Second) // round 2 opens
		p1.db.Close()                     // crash: no reveal, no FinishGame

		// Run 2: a new Trivia over the same file announces the game as ended.
		p2 := startProcess(t, path, 2, t0.Add(time.Hour))
		defer p2.db.Close()
		if err := p2.tr.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}
		sent := p2.msgr.Messages()
		if len(sent) != 1 || sent[0].ChannelID != "c1" {
			t.Fatalf("recovery posted %+v", sent)
		}
		for _, want := range []string{"Trivia ended", "cut short when I restarted", "1. Alice — 150 pts (1/1 right)"} {
			if !strings.Contains(text(sent[0].Response), want) {
				t.Errorf("recovery notice lacks %q:\n%s", want, text(sent[0].Response))
			}
		}
		if err := p2.tr.Recover(context.Background()); err != nil || len(p2.msgr.Messages()) != 1 {
			t.Errorf("the game was announced twice (err %v)", err)
		}

		// The scores so far stay; old buttons answer clearly; Explain still works.
		if got := text(p2.do(t, req(alice, commands.KindCommand, "leaderboard", ""))); !strings.Contains(got, "1. Alice — 150 pts") || !strings.Contains(got, "You: #1 with 150 points.") {
			t.Errorf("leaderboard after the restart:\n%s", got)
		}
		if got := p2.do(t, req(alice, commands.KindComponent, "", correct)); !got.Ephemeral || !strings.Contains(got.Content, "That trivia game is over") {
			t.Errorf("old button = %+v", got)
		}
		if got := p2.do(t, req(alice, commands.KindComponent, "", explain)); got.Card == nil || !strings.Contains(got.Card.Footer, "The Test Gazette") {
			t.Errorf("explain after the restart = %+v", got)
		}
		if got := p2.do(t, req(alice, commands.KindCommand, "start", "")); got.Ephemeral {
			t.Errorf("cannot start in the channel after recovery: %+v", got)
		}
		if games, err := p2.db.Trivia().UnfinishedGames(context.Background()); err != nil || len(games) != 1 {
			t.Errorf("unfinished games = %+v, %v; want only the new one", games, err)
		}
	})
}
