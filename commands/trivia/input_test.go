package trivia_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// Bad input of every kind gets a clear ephemeral answer, never an error or a
// panic, and never changes a game.
func TestTriviaRejectsBadComponents(t *testing.T) {
	r := newTriviaRig(t, 6)
	r.do(t, cmdReq(alice, "c1", "start", "rounds:3"))
	r.clock.Advance(3 * time.Second)
	rd := r.round(t, "c1")
	gid := gameOf(rd.button(t, "A"))
	notMine := "isn't one of this trivia game's"
	tests := []struct {
		name, id string
		kind     commands.Kind
		channel  string
		want     string
	}{
		{"oversized", "trivia:c:" + gid + ":1:A" + strings.Repeat("x", 100), commands.KindComponent, "c1", notMine},
		{"101 characters", "trivia:c:" + gid + ":1:" + strings.Repeat("A", 101-len("trivia:c:"+gid+":1:")), commands.KindComponent, "c1", notMine},
		{"no choice E", "trivia:c:" + gid + ":1:E", commands.KindComponent, "c1", notMine},
		{"lower-case choice", "trivia:c:" + gid + ":1:a", commands.KindComponent, "c1", notMine},
		{"leading zero", "trivia:c:" + gid + ":01:A", commands.KindComponent, "c1", notMine},
		{"round 0", "trivia:c:" + gid + ":0:A", commands.KindComponent, "c1", notMine},
		{"round 21", "trivia:c:" + gid + ":21:A", commands.KindComponent, "c1", notMine},
		{"negative round", "trivia:c:" + gid + ":-1:A", commands.KindComponent, "c1", notMine},
		{"missing choice", "trivia:c:" + gid + ":1", commands.KindComponent, "c1", notMine},
		{"extra part", "trivia:c:" + gid + ":1:A:B", commands.KindComponent, "c1", notMine},
		{"unknown action", "trivia:z:" + gid + ":1", commands.KindComponent, "c1", notMine},
		{"upper-case game", "trivia:c:" + strings.ToUpper(gid) + ":1:A", commands.KindComponent, "c1", notMine},
		{"short game id", "trivia:c:abc:1:A", commands.KindComponent, "c1", notMine},
		{"bare prefix", "trivia:", commands.KindComponent, "c1", notMine},
		{"unicode", "trivia:c:" + gid + ":１:A", commands.KindComponent, "c1", notMine},
		{"choice as a modal", rd.button(t, "A"), commands.KindModal, "c1", notMine},
		{"modal as a click", "trivia:t:" + gid + ":1", commands.KindComponent, "c1", notMine},
		{"unknown game", "trivia:c:000000000000:1:A", commands.KindComponent, "c1", "That trivia game is over"},
		{"future round", "trivia:c:" + gid + ":2:A", commands.KindComponent, "c1", "That question isn't open"},
		{"another channel", rd.button(t, "A"), commands.KindComponent, "c9", "another channel"},
		{"typed button in a buttons game", "trivia:a:" + gid + ":1", commands.KindComponent, "c1", "another kind of game"},
		{"explain before the reveal", "trivia:x:" + gid + ":1", commands.KindComponent, "c1", "The explanation comes with the answer"},
		{"explain of an unknown game", "trivia:x:000000000000:1", commands.KindComponent, "c1", "I no longer have that question"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := clickReq(carol, tc.channel, tc.id)
			req.Kind = tc.kind
			req.Fields = map[string]string{"answer": "x"}
			wantEphemeral(t, r.do(t, req), tc.want)
		})
	}
	if n := len(r.scores.answersOf(gid)); n != 0 {
		t.Errorf("bad input recorded %d answers", n)
	}
	wantEphemeral(t, r.do(t, clickReq(carol, "c1", rd.button(t, "A"))), "Locked in: A")
}

func TestTriviaRejectsBadOptions(t *testing.T) {
	tests := []struct {
		opt  string
		want string
	}{
		{"rounds:0", "rounds must be a whole number from 1 to 20"},
		{"rounds:21", "rounds must be a whole number from 1 to 20"},
		{"rounds:three", "rounds must be a whole number from 1 to 20"},
		{"seconds:9", "seconds must be a whole number from 10 to 60"},
		{"seconds:61", "seconds must be a whole number from 10 to 60"},
		{"mode:voice", "mode must be buttons or typed"},
	}
	for _, tc := range tests {
		t.Run(tc.opt, func(t *testing.T) {
			r := newTriviaRig(t, 7)
			wantEphemeral(t, r.do(t, cmdReq(alice, "c1", "start", tc.opt)), tc.want)
			if r.clock.Pending() != 0 || len(r.scores.games()) != 0 {
				t.Error("a game started anyway")
			}
		})
	}
	t.Run("no channel", func(t *testing.T) {
		r := newTriviaRig(t, 7)
		wantEphemeral(t, r.do(t, cmdReq(alice, "", "start")), "Trivia needs a channel")
	})
	t.Run("mode in capitals", func(t *testing.T) {
		r := newTriviaRig(t, 7)
		if resp := r.do(t, cmdReq(alice, "c1", "start", "mode:TYPED")); resp.Ephemeral || !strings.Contains(triviaText(resp), "click **Answer**") {
			t.Errorf("start = %+v", resp)
		}
	})
}

func TestTriviaCommandEntry(t *testing.T) {
	r := newTriviaRig(t, 8)
	c := r.Command()
	if c.Name != "trivia" || c.Component == nil || !c.DMs {
		t.Fatalf("command = %+v", c)
	}
	start, ok := c.Sub("start")
	if !ok {
		t.Fatal("no start subcommand")
	}
	want := map[string][2]int{"rounds": {1, 20}, "seconds": {10, 60}}
	for _, o := range start.Options {
		if r, ok := want[o.Name]; ok && (o.Type != commands.OptionInteger || o.Min != r[0] || o.Max != r[1]) {
			t.Errorf("option %s = %+v", o.Name, o)
		}
		if o.Name == "mode" && len(o.Choices) != 2 {
			t.Errorf("mode choices = %+v", o.Choices)
		}
	}
	for _, name := range []string{"stop", "leaderboard", "stats"} {
		if _, ok := c.Sub(name); !ok {
			t.Errorf("no %s subcommand", name)
		}
	}
}

func TestTriviaSurvivesBrokenStoreAndMessenger(t *testing.T) {
	t.Run("store fails at start", func(t *testing.T) {
		r := newTriviaRig(t, 9)
		r.scores.fail = errors.New("disk full")
		if _, err := (commands.Table{r.Command()}).Dispatch(t.Context(), cmdReq(alice, "c1", "start")); err == nil {
			t.Fatal("start succeeded without saving the game")
		}
		r.scores.fail = nil
		if resp := r.do(t, cmdReq(alice, "c1", "start")); resp.Ephemeral {
			t.Errorf("the failed start left the channel taken: %+v", resp)
		}
	})
	t.Run("messenger fails", func(t *testing.T) {
		r := newTriviaRig(t, 9)
		r.msgr.Fail = errors.New("discord is down")
		r.do(t, cmdReq(alice, "c1", "start"))
		r.clock.Advance(2 * 60 * time.Second)
		if r.clock.Pending() != 0 {
			t.Error("the game did not end")
		}
		for _, reason := range r.scores.finished() {
			if reason != "idle" {
				t.Errorf("ended %q", reason)
			}
		}
	})
	t.Run("no store at all", func(t *testing.T) {
		r := newTriviaRig(t, 9)
		r.Games.Scores = nil
		r.do(t, cmdReq(alice, "c1", "start", "rounds:1"))
		r.clock.Advance(3 * time.Second)
		r.do(t, clickReq(alice, "c1", r.round(t, "c1").button(t, "A")))
		r.clock.Advance(20 * time.Second)
		if !strings.Contains(triviaText(r.lastSent(t).Response), "Final scores") {
			t.Errorf("last post: %s", triviaText(r.lastSent(t).Response))
		}
		// The scores last as long as the process.
		if resp := r.do(t, cmdReq(alice, "c1", "leaderboard")); !strings.Contains(triviaText(resp), "1. Alice") {
			t.Errorf("leaderboard = %s", triviaText(resp))
		}
	})
}
