package console

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// fakeTTY plays a terminal: the test types into it, the console's output
// lands on its screen.
type fakeTTY struct {
	keys   *io.PipeReader
	typing *io.PipeWriter
	screen *screen

	raw, restored atomic.Int32
}

func newFakeTTY() *fakeTTY {
	r, w := io.Pipe()
	return &fakeTTY{keys: r, typing: w, screen: newScreen()}
}

func (f *fakeTTY) Read(p []byte) (int, error)  { return f.keys.Read(p) }
func (f *fakeTTY) Write(p []byte) (int, error) { return f.screen.Write(p) }
func (f *fakeTTY) Size() (int, int, error)     { return 80, 24, nil }

func (f *fakeTTY) MakeRaw() (func() error, error) {
	f.raw.Add(1)
	return func() error { f.restored.Add(1); return nil }, nil
}

// typeKeys sends keystrokes; it returns once the console has read them.
func (f *fakeTTY) typeKeys(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(f.typing, keys); err != nil {
		t.Fatalf("type %q: %v", keys, err)
	}
}

// screen is an output buffer that signals every write, so tests wait for
// what they expect to appear instead of sleeping.
type screen struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{}
}

func newScreen() *screen { return &screen{changed: make(chan struct{})} }

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.changed)
	s.changed = make(chan struct{})
	return s.b.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// await waits until cond holds for the screen's text and returns that text.
// The 10 s bound only ends a test whose event never comes.
func (s *screen) await(t *testing.T, what string, cond func(string) bool) string {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		text, ch := s.b.String(), s.changed
		s.mu.Unlock()
		if cond(text) {
			return text
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("waited 10 s for %s; screen:\n%q", what, text)
		}
	}
}

// awaitText waits until the screen shows want after position from.
func (s *screen) awaitText(t *testing.T, from int, want string) string {
	t.Helper()
	return s.await(t, "“"+want+"”", func(text string) bool { return strings.Contains(text[min(from, len(text)):], want) })
}

// recorder is a small command table that records what reaches it: /ask
// questions, clicks, and a /round whose card shows lettered choices.
type recorder struct {
	mu     sync.Mutex
	asked  []string
	clicks []string
}

func (r *recorder) table() commands.Table {
	return commands.Table{
		{Name: "ask", Description: "Ask", Options: []commands.Option{{Name: "question", Description: "Your question", Type: commands.OptionString, Required: true, MaxLength: 500}},
			Handler: func(_ context.Context, req commands.Request) (commands.Response, error) {
				r.mu.Lock()
				r.asked = append(r.asked, req.Option("question"))
				r.mu.Unlock()
				return commands.Response{Found: true, Content: "answer to: " + req.Option("question")}, nil
			}},
		{Name: "help", Description: "Help", Handler: func(context.Context, commands.Request) (commands.Response, error) {
			return commands.Response{Found: true, Content: "the commands: /ask /help /round"}, nil
		}},
		{Name: "round", Description: "A round", Handler: func(context.Context, commands.Request) (commands.Response, error) {
			return roundCard(false), nil
		}, Component: func(_ context.Context, req commands.Request) (commands.Response, error) {
			r.mu.Lock()
			r.clicks = append(r.clicks, req.CustomID)
			r.mu.Unlock()
			return commands.Response{Ephemeral: true, Content: "clicked " + req.CustomID}, nil
		}},
		{Name: "form", Description: "A form", Handler: func(context.Context, commands.Request) (commands.Response, error) {
			return commands.Response{Modal: &commands.Modal{CustomID: "form:1", Title: "Question 1",
				Inputs: []commands.TextInput{{CustomID: "answer", Label: "Your answer"}}}}, nil
		}, Component: func(_ context.Context, req commands.Request) (commands.Response, error) {
			return commands.Response{Content: "you typed " + req.Fields["answer"]}, nil
		}},
	}
}

func (r *recorder) questions() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.asked...)
}

func (r *recorder) clicked() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.clicks...)
}

// roundCard is a question card as trivia shows it in buttons mode.
func roundCard(closed bool) commands.Response {
	desc := "Who plays Ok-ju?\n\n**A.** Kim Ji-hoon\n**B.** Jeon Jong-seo\n**C.** Park Yu-rim\n**D.** 93 minutes\n\nTime's up soon."
	if closed {
		desc = strings.Replace(desc, "Jeon Jong-seo", "Jeon Jong-seo ✅", 1)
	}
	var bs []commands.Button
	for _, l := range []string{"A", "B", "C", "D"} {
		bs = append(bs, commands.Button{CustomID: "round:" + l, Label: l, Disabled: closed, Style: commands.ButtonPrimary})
	}
	return commands.Response{Found: true, Card: &commands.Card{Title: "Question 1 of 1", Description: desc}, Buttons: bs}
}

func newTestConsole(r *recorder) *Console {
	return &Console{Table: r.table(), Log: slog.New(slog.DiscardHandler), User: commands.User{ID: "u", Name: "you"}, ChannelID: "c"}
}
