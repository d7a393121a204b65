package trivia_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/trivia"
	"github.com/ballerina-bot/ballerina/facts"
)

func gameOf(customID string) string { return strings.Split(customID, ":")[2] }

func wantEphemeral(t *testing.T, r commands.Response, substr string) {
	t.Helper()
	if !r.Ephemeral || !strings.Contains(r.Content, substr) {
		t.Errorf("got %+v, want an ephemeral answer containing %q", r, substr)
	}
}

func triviaText(r commands.Response) string {
	if r.Card == nil {
		return r.Content
	}
	var fields []string
	for _, f := range r.Card.Fields {
		fields = append(fields, f.Name+": "+f.Value)
	}
	return r.Card.Title + "\n" + r.Card.Description + "\n" + strings.Join(fields, "\n") + "\n" + r.Card.Footer
}

func TestTriviaButtonsGame(t *testing.T) {
	r := newTriviaRig(t, 1)
	const ch = "c1"
	start := r.do(t, cmdReq(alice, ch, "start", "rounds:3", "seconds:10"))
	first := triviaEpoch.Add(3 * time.Second)
	if start.Ephemeral || !strings.Contains(triviaText(start), "3 questions, 10 seconds each") || !strings.Contains(triviaText(start), fmt.Sprintf("<t:%d:R>", first.Unix())) {
		t.Fatalf("start = %s", triviaText(start))
	}
	if n := len(r.msgr.Messages()); n != 0 {
		t.Fatalf("%d posts before the lead-in is over", n)
	}

	// Round 1: Alice right after 2 s, Bob wrong; Alice's second click changes nothing.
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, ch)
	var labels []string
	for _, b := range rd.msg.Response.Buttons {
		labels = append(labels, b.Label)
	}
	if diff := cmp.Diff([]string{"A", "B", "C", "D"}, labels); diff != "" {
		t.Errorf("buttons (-want +got):\n%s", diff)
	}
	if want := fmt.Sprintf("<t:%d:R>", first.Add(10*time.Second).Unix()); !strings.Contains(rd.msg.Response.Card.Description, want) {
		t.Errorf("question has no countdown %s:\n%s", want, rd.msg.Response.Card.Description)
	}
	gid := gameOf(rd.button(t, "A"))
	right, wrong := rd.letters(t, r.Store)
	r.clock.Advance(2 * time.Second)
	wantEphemeral(t, r.do(t, clickReq(alice, ch, rd.button(t, right))), "Locked in: "+right)
	wantEphemeral(t, r.do(t, clickReq(alice, ch, rd.button(t, wrong))), "You already locked in "+right)
	wantEphemeral(t, r.do(t, clickReq(bob, ch, rd.button(t, wrong))), "Locked in: "+wrong)
	r.clock.Advance(8 * time.Second)

	edits := r.msgr.EditList()
	if len(edits) != 1 || edits[0].MessageID != rd.id || edits[0].ChannelID != ch {
		t.Fatalf("edits = %+v, want one of message %s", edits, rd.id)
	}
	for _, b := range edits[0].Response.Buttons {
		if !b.Disabled {
			t.Errorf("button %s still enabled after the reveal", b.Label)
		}
	}
	if !strings.Contains(edits[0].Response.Card.Description, "✅") {
		t.Errorf("closed question does not mark the answer:\n%s", edits[0].Response.Card.Description)
	}
	reveal := r.lastSent(t).Response
	for _, want := range []string{"the answer is " + right + ".", "Got it: Alice +140 (2.0 s)", "Wrong: 1.", "1. Alice — 140 pts (1/1 right)", "Sources: The Test Gazette"} {
		if !strings.Contains(triviaText(reveal), want) {
			t.Errorf("reveal lacks %q:\n%s", want, triviaText(reveal))
		}
	}
	if len(reveal.Buttons) != 1 || reveal.Buttons[0].Label != "Explain" {
		t.Fatalf("reveal buttons = %+v", reveal.Buttons)
	}
	explainID := reveal.Buttons[0].CustomID
	explainFact := questionOf(t, r.Store, rd.msg.Response.Card.Description).Fact
	checkExplain(t, r, ch, explainID, explainFact)
	wantEphemeral(t, r.do(t, clickReq(carol, ch, rd.button(t, right))), "Too late: question 1 is closed")

	// Round 2: Alice right again after 5 s: 100 + 25 for speed + 25 for the streak.
	r.clock.Advance(5 * time.Second)
	rd = r.round(t, ch)
	right, wrong = rd.letters(t, r.Store)
	r.clock.Advance(5 * time.Second)
	r.do(t, clickReq(alice, ch, rd.button(t, right)))
	r.clock.Advance(5 * time.Second)
	if got := triviaText(r.lastSent(t).Response); !strings.Contains(got, "Got it: Alice +150 (5.0 s), streak 2") {
		t.Errorf("round 2 reveal:\n%s", got)
	}

	// Round 3, the last: Alice wrong (streak over), Bob right at once.
	r.clock.Advance(5 * time.Second)
	rd = r.round(t, ch)
	right, wrong = rd.letters(t, r.Store)
	r.do(t, clickReq(bob, ch, rd.button(t, right)))
	r.do(t, clickReq(alice, ch, rd.button(t, wrong)))
	r.clock.Advance(10 * time.Second)
	final := triviaText(r.lastSent(t).Response)
	for _, want := range []string{"Got it: Bob +150 (0.0 s)", "game over", "Final scores: 1. Alice — 290 pts (2/3 right)\n2. Bob — 150 pts (1/2 right)"} {
		if !strings.Contains(final, want) {
			t.Errorf("last reveal lacks %q:\n%s", want, final)
		}
	}
	if n := r.clock.Pending(); n != 0 {
		t.Errorf("%d timers pending after the last round", n)
	}
	if got := r.scores.finished()[gid]; got != "finished" {
		t.Errorf("game end = %q, want finished", got)
	}
	var points, streaks []int
	for _, a := range r.scores.answersOf(gid) {
		if a.User.ID == alice.ID {
			points, streaks = append(points, a.Points), append(streaks, a.Streak)
		}
	}
	if diff := cmp.Diff([]int{140, 150, 0}, points); diff != "" {
		t.Errorf("Alice's stored points (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 0}, streaks); diff != "" {
		t.Errorf("Alice's stored streaks (-want +got):\n%s", diff)
	}

	// After the game: Explain still works (from the store), answers do not,
	// and the channel is free for a new game.
	checkExplain(t, r, ch, explainID, explainFact)
	wantEphemeral(t, r.do(t, clickReq(alice, ch, rd.button(t, right))), "That trivia game is over")
	if again := r.do(t, cmdReq(bob, ch, "start")); again.Ephemeral {
		t.Errorf("cannot start a new game after the last one ended: %+v", again)
	}
}

// checkExplain clicks Explain and checks it shows the fact, wrapped in a
// spoiler when it is one, and its source.
func checkExplain(t *testing.T, r *triviaRig, ch, customID, factID string) {
	t.Helper()
	resp := r.do(t, clickReq(carol, ch, customID))
	if !resp.Ephemeral || resp.Card == nil || !strings.Contains(resp.Card.Footer, "The Test Gazette") {
		t.Fatalf("explain = %+v", resp)
	}
	f, ok := r.Store.Fact(factID)
	if !ok {
		t.Fatalf("no fact %s", factID)
	}
	want := f.Text
	if f.Spoiler {
		want = "||" + f.Text + "||"
	}
	if resp.Card.Description != want {
		t.Errorf("explain shows %q, want %q", resp.Card.Description, want)
	}
}

func TestTriviaTypedGame(t *testing.T) {
	r := newTriviaRig(t, 2)
	const ch = "c1"
	r.do(t, cmdReq(alice, ch, "start", "rounds:2", "seconds:20", "mode:typed"))
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, ch)
	if len(rd.msg.Response.Buttons) != 1 {
		t.Fatalf("typed mode buttons = %+v, want one Answer button", rd.msg.Response.Buttons)
	}
	if strings.Contains(rd.msg.Response.Card.Description, "**A.**") {
		t.Errorf("typed mode shows the choices:\n%s", rd.msg.Response.Card.Description)
	}
	q := questionOf(t, r.Store, rd.msg.Response.Card.Description)
	open := r.do(t, clickReq(alice, ch, rd.button(t, "Answer")))
	if open.Modal == nil || len(open.Modal.Inputs) != 1 || open.Modal.Inputs[0].MaxLength != 100 {
		t.Fatalf("Answer opened %+v, want a modal with one input", open)
	}
	submit := func(u commands.User, text string) commands.Response {
		return r.do(t, commands.Request{Kind: commands.KindModal, CustomID: open.Modal.CustomID, User: u, GuildID: "g1", ChannelID: ch,
			Fields: map[string]string{open.Modal.Inputs[0].CustomID: text}})
	}
	r.clock.Advance(4 * time.Second)
	wantEphemeral(t, submit(alice, "   "), "You sent no answer")
	wantEphemeral(t, submit(alice, strings.Repeat("é", 101)), "at most 100 characters; yours has 101")
	wantEphemeral(t, submit(alice, "  "+strings.ToUpper(q.Answer)+"!! "), "Locked in")
	wantEphemeral(t, submit(alice, q.Answer), "You already locked in")
	wantEphemeral(t, r.do(t, clickReq(alice, ch, rd.button(t, "Answer"))), "You already locked in")
	wantEphemeral(t, submit(bob, q.Answer+" or "+q.Wrong[0]), "Locked in")
	buttonsID := strings.Replace(rd.button(t, "Answer"), ":a:", ":c:", 1) + ":A"
	wantEphemeral(t, r.do(t, clickReq(carol, ch, buttonsID)), "another kind of game")
	r.clock.Advance(16 * time.Second)
	wantEphemeral(t, submit(carol, q.Answer), "Too late")
	got := triviaText(r.lastSent(t).Response)
	for _, want := range []string{"the answer is " + q.Answer, "Got it: Alice +140 (4.0 s)", "Wrong: 1."} {
		if !strings.Contains(got, want) {
			t.Errorf("reveal lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Bob +") {
		t.Errorf("a shotgun answer scored:\n%s", got)
	}
}

func TestTriviaIdleRoundsEndTheGame(t *testing.T) {
	for _, tc := range []struct {
		name      string
		answerIn  int // the round someone answers in; 0 for none
		wantPosts int // questions and reveals
	}{
		{"two silent rounds", 0, 4},
		{"an answer resets the count", 1, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTriviaRig(t, 3)
			r.do(t, cmdReq(alice, "c1", "start", "rounds:10", "seconds:10"))
			r.clock.Advance(3 * time.Second)
			for round := 1; round <= 10 && r.clock.Pending() > 0; round++ {
				if round == tc.answerIn {
					r.do(t, clickReq(bob, "c1", r.round(t, "c1").button(t, "A")))
				}
				r.clock.Advance(15 * time.Second)
			}
			if n := len(r.msgr.Messages()); n != tc.wantPosts {
				t.Errorf("%d posts, want %d: %q", n, tc.wantPosts, triviaTitles(r.msgr.Messages()))
			}
			if got := triviaText(r.lastSent(t).Response); !strings.Contains(got, "No answers for two questions in a row") {
				t.Errorf("last post:\n%s", got)
			}
			if r.clock.Pending() != 0 {
				t.Errorf("timers pending after the game")
			}
			for id, reason := range r.scores.finished() {
				if reason != "idle" {
					t.Errorf("game %s ended %q, want idle", id, reason)
				}
			}
		})
	}
}

func TestTriviaStop(t *testing.T) {
	tests := []struct {
		name    string
		by      commands.User
		manager bool
		stops   bool
	}{
		{"by the starter", alice, false, true},
		{"by another player", bob, false, false},
		{"by a manager", bob, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newTriviaRig(t, 4)
			r.do(t, cmdReq(alice, "c1", "start", "rounds:5"))
			r.clock.Advance(3 * time.Second)
			rd := r.round(t, "c1")
			r.do(t, clickReq(bob, "c1", rd.button(t, "B")))
			req := cmdReq(tc.by, "c1", "stop")
			req.CanManageMessages = tc.manager
			resp := r.do(t, req)
			if !tc.stops {
				wantEphemeral(t, resp, "Only Alice, who started this game, or someone with Manage Messages")
				if r.clock.Pending() == 0 {
					t.Error("refused stop stopped the timers")
				}
				wantEphemeral(t, r.do(t, clickReq(carol, "c1", rd.button(t, "A"))), "Locked in")
				return
			}
			if resp.Ephemeral || !strings.Contains(triviaText(resp), "Trivia stopped by "+tc.by.Name) || !strings.Contains(triviaText(resp), "Final scores") {
				t.Errorf("stop = %s", triviaText(resp))
			}
			if r.clock.Pending() != 0 {
				t.Errorf("%d timers still pending", r.clock.Pending())
			}
			edits := r.msgr.EditList()
			if len(edits) != 1 || !edits[0].Response.Buttons[0].Disabled {
				t.Errorf("the open question was not closed: %+v", edits)
			}
			wantEphemeral(t, r.do(t, clickReq(carol, "c1", rd.button(t, "A"))), "That trivia game is over")
			if reason := r.scores.finished()[gameOf(rd.button(t, "A"))]; reason != "stopped" {
				t.Errorf("end reason %q", reason)
			}
			r.clock.Advance(time.Minute)
			if n := len(r.msgr.Messages()); n != 1 {
				t.Errorf("%d posts after the stop, want just the question: %q", n, triviaTitles(r.msgr.Messages()))
			}
		})
	}
	t.Run("nothing to stop", func(t *testing.T) {
		r := newTriviaRig(t, 4)
		wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "stop")), "No trivia game is running in this channel")
	})
	t.Run("during the lead-in", func(t *testing.T) {
		r := newTriviaRig(t, 4)
		r.do(t, cmdReq(alice, "c1", "start"))
		if resp := r.do(t, cmdReq(alice, "c1", "stop")); !strings.Contains(triviaText(resp), "Nobody scored") {
			t.Errorf("stop = %s", triviaText(resp))
		}
		r.clock.Advance(time.Minute)
		if n := len(r.msgr.Messages()); n != 0 {
			t.Errorf("%d posts after a stop in the lead-in", n)
		}
	})
}

func TestTriviaOneGamePerChannel(t *testing.T) {
	r := newTriviaRig(t, 5)
	r.do(t, cmdReq(alice, "c1", "start"))
	wantEphemeral(t, r.do(t, cmdReq(bob, "c1", "start")), "A trivia game is already running here (started by Alice)")
	if resp := r.do(t, cmdReq(bob, "c2", "start", "rounds:1")); resp.Ephemeral {
		t.Fatalf("second channel refused: %+v", resp)
	}
	r.clock.Advance(3 * time.Second)
	c1, c2 := r.round(t, "c1"), r.round(t, "c2")
	if gameOf(c1.button(t, "A")) == gameOf(c2.button(t, "A")) {
		t.Error("two channels share a game id")
	}
	wantEphemeral(t, r.do(t, clickReq(carol, "c1", c2.button(t, "A"))), "another channel")
	r.clock.Advance(20 * time.Second) // c2's only round ends; c1 goes on
	if r.clock.Pending() != 1 {
		t.Errorf("pending timers = %d, want c1's next round", r.clock.Pending())
	}
}

func TestTriviaRevealNamesAtMost25(t *testing.T) {
	r := newTriviaRig(t, 15)
	r.do(t, cmdReq(alice, "c1", "start", "rounds:1"))
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, "c1")
	right, _ := rd.letters(t, r.Store)
	for i := range 30 {
		r.do(t, clickReq(commands.User{ID: fmt.Sprint(i), Name: fmt.Sprintf("P%02d", i)}, "c1", rd.button(t, right)))
	}
	r.clock.Advance(20 * time.Second)
	got := r.lastSent(t).Response.Card.Description
	if !strings.Contains(got, "P24 +150") || strings.Contains(got, "P25 +150") || !strings.Contains(got, " · and 5 more") {
		t.Errorf("reveal:\n%s", got)
	}
	if revealedAnswers(got) != 30 {
		t.Errorf("reveal counts %d answers, want 30", revealedAnswers(got))
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
