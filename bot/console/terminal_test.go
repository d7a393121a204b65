package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
)

// Keys as a terminal sends them in raw mode.
const (
	keyEnter = "\r"
	keyLeft  = "\x1b[D"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyCtrlD = "\x04"
)

// runOnTTY runs a console on a fake terminal; the returned channel gets
// Run's result.
func runOnTTY(t *testing.T, r *recorder) (*Console, *fakeTTY, chan error) {
	t.Helper()
	c := newTestConsole(r)
	tty := newFakeTTY()
	c.TTY = tty
	done := make(chan error, 1)
	go func() { done <- c.Run(context.Background()) }()
	t.Cleanup(func() { tty.typing.Close() }) // ends a Run the test left running
	tty.screen.awaitText(t, 0, "quit, Ctrl-D or Ctrl-C to leave")
	tty.screen.awaitText(t, 0, "> ")
	return c, tty, done
}

// ended waits for Run to return and checks it left the terminal as it was.
func ended(t *testing.T, tty *fakeTTY, done chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	if tty.raw.Load() != 1 || tty.restored.Load() != 1 {
		t.Errorf("raw mode set %d times, restored %d times; want once each", tty.raw.Load(), tty.restored.Load())
	}
}

func TestTerminalEditsLinesAndKeepsHistory(t *testing.T) {
	r := &recorder{}
	_, tty, done := runOnTTY(t, r)

	// "/hlp", two steps left, insert "e": "/help".
	mark := len(tty.screen.String())
	tty.typeKeys(t, "/hlp"+keyLeft+keyLeft+"e"+keyEnter)
	tty.screen.awaitText(t, mark, "the commands: /ask /help /round")

	mark = len(tty.screen.String())
	tty.typeKeys(t, "who plays ok-ju"+keyEnter)
	tty.screen.awaitText(t, mark, "answer to: who plays ok-ju")

	// The up arrow brings the last line back.
	mark = len(tty.screen.String())
	tty.typeKeys(t, keyUp+keyEnter)
	tty.screen.awaitText(t, mark, "answer to: who plays ok-ju")

	// Tab completes a command name.
	mark = len(tty.screen.String())
	tty.typeKeys(t, "/he\t"+keyEnter)
	tty.screen.awaitText(t, mark, "the commands:")

	tty.typeKeys(t, keyCtrlC)
	ended(t, tty, done)
	if diff := cmp.Diff([]string{"who plays ok-ju", "who plays ok-ju"}, r.questions()); diff != "" {
		t.Errorf("questions asked (-want +got):\n%s", diff)
	}
}

func TestTerminalLeavesOnCtrlCCtrlDAndQuit(t *testing.T) {
	for name, keys := range map[string]string{
		"Ctrl-C":                 keyCtrlC,
		"Ctrl-C with typed text": "who pl" + keyCtrlC,
		"Ctrl-D":                 keyCtrlD,
		"quit":                   "quit" + keyEnter,
	} {
		t.Run(name, func(t *testing.T) {
			r := &recorder{}
			_, tty, done := runOnTTY(t, r)
			tty.typeKeys(t, keys)
			ended(t, tty, done)
			if q := r.questions(); len(q) != 0 {
				t.Errorf("asked %q on the way out", q)
			}
		})
	}
}

// A post (a trivia round, the quote of the day) or a log line that arrives
// while the user types is printed above the prompt, and the prompt comes
// back below it with what was typed so far, which is still being edited.
func TestTerminalRedrawsThePromptAfterPostsAndLogs(t *testing.T) {
	r := &recorder{}
	c, tty, done := runOnTTY(t, r)
	tty.typeKeys(t, "who pl")
	tty.screen.awaitText(t, 0, "> who pl")

	mark := len(tty.screen.String())
	if _, err := c.Send(context.Background(), commands.Message{ChannelID: "c", Response: roundCard(false)}); err != nil {
		t.Fatal(err)
	}
	screen := tty.screen.awaitText(t, mark, "> who pl")[mark:]
	post := strings.Index(screen, "Who plays Ok-ju?")
	if post < 0 || post > strings.LastIndex(screen, "> who pl") {
		t.Errorf("the post is not above the redrawn prompt:\n%q", screen)
	}
	if !strings.Contains(screen, "\r\n") {
		t.Errorf("the post's lines do not end in CR LF (raw mode):\n%q", screen)
	}

	mark = len(tty.screen.String())
	if _, err := c.LogWriter(nil).Write([]byte("level=WARN msg=\"something to see\"\n")); err != nil {
		t.Fatal(err)
	}
	screen = tty.screen.awaitText(t, mark, "> who pl")[mark:]
	if i := strings.Index(screen, "something to see"); i < 0 || i > strings.LastIndex(screen, "> who pl") {
		t.Errorf("the log line is not above the redrawn prompt:\n%q", screen)
	}

	// The typed text survived the redraws and is finished as usual.
	mark = len(tty.screen.String())
	tty.typeKeys(t, "ays ok-ju"+keyEnter)
	tty.screen.awaitText(t, mark, "answer to: who plays ok-ju")
	tty.typeKeys(t, keyCtrlD)
	ended(t, tty, done)
	if diff := cmp.Diff([]string{"who plays ok-ju"}, r.questions()); diff != "" {
		t.Errorf("questions asked (-want +got):\n%s", diff)
	}
}

// A form (a typed trivia answer) is filled on the following lines, with
// its own prompt.
func TestTerminalFillsAForm(t *testing.T) {
	r := &recorder{}
	_, tty, done := runOnTTY(t, r)
	mark := len(tty.screen.String())
	tty.typeKeys(t, "/form"+keyEnter)
	tty.screen.awaitText(t, mark, "Question 1 — Your answer: ")
	tty.typeKeys(t, "jeon jong-seo"+keyEnter)
	tty.screen.awaitText(t, mark, "you typed jeon jong-seo")
	tty.typeKeys(t, keyCtrlC)
	ended(t, tty, done)
}
