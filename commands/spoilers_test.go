package commands_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

// spoilerRig is the whole command table over the shipped store, with the
// features' state in a temporary SQLite database, a manual clock and a
// Messenger that records every post. Every reply, post and edit goes
// through check.
type spoilerRig struct {
	t       *testing.T
	s       *facts.Store
	table   commands.Table
	clock   *commandstest.Clock
	msgr    *commandstest.Messenger
	db      *store.DB
	daily   *qotd.Scheduler
	checked int             // posts and edits already checked
	spoiled int             // spoilers seen in all replies
	covered map[string]bool // "trivia start", "ask": what the test exercised
}

func newSpoilerRig(t *testing.T) *spoilerRig {
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	m := facts.NewMatcher(s)
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r := &spoilerRig{
		t: t, s: s, db: db, clock: commandstest.NewClock(time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)),
		msgr: &commandstest.Messenger{}, covered: map[string]bool{},
	}
	rng := rand.New(rand.NewPCG(11, 12))
	games := &trivia.Games{Store: s, Matcher: m, Clock: r.clock, Intn: rng.IntN, Scores: db.Trivia(), Messenger: r.msgr}
	r.daily = &qotd.Scheduler{Store: s, Clock: r.clock, Schedules: db.QOTD(), Messenger: r.msgr, Channels: qotd.AllowAllChannels{}}
	r.table = commands.New(commands.Config{
		Store: s, Matcher: m, Version: "test", Intn: func(n int) int { return n / 2 },
		Extra: []commands.Command{games.Command(), r.daily.Command()},
	})
	return r
}

// do dispatches req as user u and checks the reply.
func (r *spoilerRig) do(u commands.User, req commands.Request) commands.Response {
	r.t.Helper()
	req.User, req.GuildID, req.ChannelID = u, "g1", "c1"
	req.CanManageMessages, req.CanManageServer = true, true
	if req.Kind == commands.KindCommand || req.Kind == commands.KindAutocomplete {
		r.covered[strings.TrimSpace(req.Command+" "+req.Subcommand)] = true
	}
	resp, err := r.table.Dispatch(context.Background(), req)
	if err != nil {
		r.t.Fatalf("%+v: %v", req, err)
	}
	r.spoiled += commandstest.CheckSpoilers(r.t, fmt.Sprintf("reply to %s %s %v %s", req.Command, req.Subcommand, req.Options, req.CustomID), resp)
	return resp
}

// checkPosts checks what was posted and edited since it last ran.
func (r *spoilerRig) checkPosts() {
	r.t.Helper()
	msgs, edits := r.msgr.Messages(), r.msgr.EditList()
	all := make([]commands.Response, 0, len(msgs)+len(edits))
	for _, m := range msgs {
		all = append(all, m.Response)
	}
	for _, e := range edits {
		all = append(all, e.Response)
	}
	for _, resp := range all[min(r.checked, len(all)):] {
		r.spoiled += commandstest.CheckSpoilers(r.t, "post", resp)
	}
	r.checked = len(all)
}

func command(name, sub string, opts ...string) commands.Request {
	req := commands.Request{Kind: commands.KindCommand, Command: name, Subcommand: sub, Options: map[string]string{}}
	for i := 0; i+1 < len(opts); i += 2 {
		req.Options[opts[i]] = opts[i+1]
	}
	return req
}

func typing(name, sub, option, text string) commands.Request {
	req := command(name, sub, option, text)
	req.Kind, req.Focused = commands.KindAutocomplete, option
	return req
}

func click(customID string) commands.Request {
	return commands.Request{Kind: commands.KindComponent, CustomID: customID}
}

var players = []commands.User{{ID: "1", Name: "Ana"}, {ID: "2", Name: "Bo || ||the end"}, {ID: "3", Name: "Cy"}, {ID: "4", Name: "Di"}}

// TestNoReplyLeavesASpoilerOpen runs every fact and quote of the shipped
// store through every command of the table (each subcommand, representative
// options, autocomplete, buttons, a trivia game to its end in each mode, the
// quote of the day) and checks every line of every reply and post for an
// unpaired "||".
func TestNoReplyLeavesASpoilerOpen(t *testing.T) {
	r := newSpoilerRig(t)
	ana := players[0]

	for i := range r.s.Facts {
		f := &r.s.Facts[i]
		r.do(ana, command("ask", "", "question", f.Text))
		r.do(ana, command("ask", "", "question", strings.Join(f.Keywords, " ")))
		r.do(ana, command("ask", "", "question", "squid game budget "+f.Text)) // "I don't know", with this fact near
	}
	for _, q := range []string{"", "||who dies||", "what is the budget", strings.Repeat("why ", 200)} {
		r.do(ana, command("ask", "", "question", q))
	}
	for i := range r.s.People {
		p := &r.s.People[i]
		for _, name := range append([]string{p.ID, p.Name, ""}, p.Aliases...) {
			r.do(ana, command("cast", "", "name", name))
			r.do(ana, typing("cast", "", "name", name[:min(len(name), 3)]))
		}
	}
	for _, part := range []string{"", "premise", "full", "||ending||"} {
		r.do(ana, command("plot", "", "part", part))
	}
	for page := 0; page <= 3; page++ {
		r.do(ana, click(fmt.Sprintf("plot:page:%d", page)))
	}
	for i := range r.s.Quotes {
		q := &r.s.Quotes[i]
		r.do(ana, click("quote:another:"+q.ID))
		r.do(ana, command("quote", "", "search", q.ID))
		r.do(ana, command("quote", "", "search", q.Text))
		for _, w := range strings.Fields(q.Text) {
			r.do(ana, typing("quote", "", "search", w))
		}
	}
	r.do(ana, command("quote", ""))
	r.do(ana, command("about", ""))
	r.do(ana, command("help", ""))

	r.playTrivia("buttons")
	r.playTrivia("typed")
	r.do(ana, command("trivia", "leaderboard"))
	r.do(ana, command("trivia", "stats"))
	r.do(players[1], command("trivia", "stats"))

	r.quoteOfTheDay()
	r.checkPosts()

	for _, c := range r.table {
		if len(c.Subcommands) == 0 && !r.covered[c.Name] {
			t.Errorf("/%s was not exercised", c.Name)
		}
		for _, sub := range c.Subcommands {
			if !r.covered[c.Name+" "+sub.Name] {
				t.Errorf("/%s %s was not exercised", c.Name, sub.Name)
			}
		}
	}
	if r.spoiled < 100 {
		t.Errorf("only %d spoilers in all replies: the test checks little", r.spoiled)
	}
}

// TestDontKnowSuggestsEveryFactSafely lists every fact, alone and in
// threes, as the suggestions of an "I don't know".
func TestDontKnowSuggestsEveryFactSafely(t *testing.T) {
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	k := &commands.Knowledge{Store: s, Matcher: facts.NewMatcher(s)}
	seen := 0
	for i := range s.Facts {
		near := []*facts.Fact{&s.Facts[i], &s.Facts[(i+1)%len(s.Facts)], &s.Facts[(i+7)%len(s.Facts)]}
		seen += commandstest.CheckSpoilers(t, "don't know "+s.Facts[i].ID, k.DontKnow("||the end||", near[:1]))
		seen += commandstest.CheckSpoilers(t, "don't know "+s.Facts[i].ID, k.DontKnow("why", near))
	}
	if seen == 0 {
		t.Error("no spoiler among the suggestions: the test checks nothing")
	}
}

// playTrivia plays games in mode until every question the deck plays has
// been asked, answered by every player, revealed and explained.
func (r *spoilerRig) playTrivia(mode string) {
	r.t.Helper()
	asked := map[string]bool{}
	// The deck plays the questions with three wrong choices; the other kinds
	// (true/false, typed-only blanks) join when the deck learns them.
	playable := 0
	for _, q := range r.s.Trivia {
		if len(q.Wrong) == 3 {
			playable++
		}
	}
	// Drawing 20 of ~150 questions a game, every one is asked within some
	// 35–60 games; the bound only stops a deck that never asks some.
	for game := 0; len(asked) < playable && game < 200; game++ {
		start := r.do(players[0], command("trivia", "start", "rounds", "20", "seconds", "10", "mode", mode))
		if start.Ephemeral {
			r.t.Fatalf("trivia did not start: %s", start.Content)
		}
		r.do(players[0], command("trivia", "start", "mode", mode)) // already running
		r.clock.Advance(3 * time.Second)
		for round := 1; ; round++ {
			q, ok := r.lastQuestion(round)
			if !ok {
				break // the game is over
			}
			desc := q.Response.Card.Description
			for _, t := range r.s.Trivia {
				if strings.HasPrefix(desc, t.Question+"\n") {
					asked[t.ID] = true
				}
			}
			for i, b := range q.Response.Buttons {
				u := players[i%len(players)]
				resp := r.do(u, click(b.CustomID))
				if resp.Modal != nil {
					for j, p := range players {
						typed := []string{"Ok-joo", "||the end||", "93", "Choi Pro or Min-hee"}[j]
						r.do(p, commands.Request{Kind: commands.KindModal, CustomID: resp.Modal.CustomID, Fields: map[string]string{resp.Modal.Inputs[0].CustomID: typed}})
					}
				}
			}
			r.clock.Advance(10 * time.Second)
			reveal := r.lastSent()
			for _, b := range reveal.Response.Buttons {
				r.do(players[2], click(b.CustomID))
			}
			r.clock.Advance(5 * time.Second)
		}
		if game == 1 {
			r.do(players[0], command("trivia", "stop")) // no game running
		}
	}
	r.checkPosts()
	// A game stopped midway.
	r.do(players[0], command("trivia", "start", "rounds", "3", "mode", mode))
	r.clock.Advance(3 * time.Second)
	r.do(players[3], command("trivia", "stop"))
	if len(asked) < playable {
		r.t.Errorf("%s: %d of %d questions asked", mode, len(asked), playable)
	}
}

// lastQuestion is the question message of round n, if it is the latest post.
func (r *spoilerRig) lastQuestion(n int) (commands.Message, bool) {
	m := r.lastSent()
	if m.Response.Card == nil || !strings.HasPrefix(m.Response.Card.Title, fmt.Sprintf("Question %d of", n)) {
		return commands.Message{}, false
	}
	return m, true
}

func (r *spoilerRig) lastSent() commands.Message {
	m, _ := r.msgr.Last()
	return m
}

// quoteOfTheDay sets up the quote of the day, records every quote as the
// last post in turn (so /qotd status shows each, cut to its length), and has
// the scheduler post one.
func (r *spoilerRig) quoteOfTheDay() {
	r.t.Helper()
	admin := players[0]
	for _, zone := range []string{"Seoul", "UTC+9", "||x||", "Mars/Base"} {
		r.do(admin, typing("qotd", "set", "timezone", zone))
		r.do(admin, command("qotd", "set", "channel", "c9", "time", "09:00", "timezone", zone))
	}
	r.do(admin, command("qotd", "set", "channel", "c9", "time", "||9||", "timezone", "Asia/Seoul"))
	ctx := context.Background()
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range r.s.Quotes {
		date := day.AddDate(0, 0, i).Format("2006-01-02")
		if _, err := r.db.QOTD().RecordPost(ctx, qotd.Post{GuildID: "g1", Date: date, ChannelID: "c9", MessageID: "m" + date,
			QuoteID: r.s.Quotes[i].ID, PostedAt: day.AddDate(0, 0, i)}); err != nil {
			r.t.Fatal(err)
		}
		r.do(admin, command("qotd", "status"))
		r.do(admin, command("qotd", "preview"))
	}
	for _, sub := range []string{"pause", "pause", "status", "resume", "resume", "off", "status"} {
		r.do(admin, command("qotd", sub))
	}

	// The scheduler posts today's quote at once: its time has passed.
	r.do(admin, command("qotd", "set", "channel", "c9", "time", "00:00", "timezone", "UTC"))
	if err := r.db.QOTD().SaveSchedule(ctx, qotd.Schedule{GuildID: "g1", ChannelID: "c9", Hour: 0, Minute: 0, Zone: "UTC"}); err != nil {
		r.t.Fatal(err)
	}
	posted := make(chan struct{}, 1)
	waiting := &notifyMessenger{Messenger: r.msgr, sent: posted}
	r.daily.Messenger = waiting
	if err := r.daily.Start(ctx); err != nil {
		r.t.Fatal(err)
	}
	defer r.daily.Stop()
	select {
	case <-posted:
	case <-time.After(10 * time.Second):
		r.t.Fatal("the quote of the day was not posted")
	}
	r.checkPosts()
	if !slices.ContainsFunc(r.msgr.Messages(), func(m commands.Message) bool { return m.ChannelID == "c9" }) {
		r.t.Error("no quote of the day in c9")
	}
}

// notifyMessenger signals each post, so the test waits on the event.
type notifyMessenger struct {
	*commandstest.Messenger
	sent chan struct{}
}

func (n *notifyMessenger) Send(ctx context.Context, m commands.Message) (string, error) {
	id, err := n.Messenger.Send(ctx, m)
	select {
	case n.sent <- struct{}{}:
	default:
	}
	return id, err
}
