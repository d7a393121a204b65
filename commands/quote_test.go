package commands_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/facts"
)

// quoteTable is the command table over the embedded store, its randomness
// answering pick(n) for a draw among n.
func quoteTable(t *testing.T, pick func(n int) int) (commands.Table, *facts.Store) {
	t.Helper()
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	return commands.New(commands.Config{Store: s, Matcher: facts.NewMatcher(s), Version: "test", Intn: pick}), s
}

func dispatch(t *testing.T, table commands.Table, req commands.Request) commands.Response {
	t.Helper()
	r, err := table.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return r
}

// anotherOf is the custom id of the Another button of r, or "".
func anotherOf(r commands.Response) string {
	for _, b := range r.Buttons {
		if b.Label == "Another" {
			return b.CustomID
		}
	}
	return ""
}

// TestAnotherNeverRepeatsTheQuoteShown clicks Another under every quote with
// every draw the randomness can make: the reply is never the quote the
// button sits under, and carries its own Another button.
func TestAnotherNeverRepeatsTheQuoteShown(t *testing.T) {
	draw := 0
	table, s := quoteTable(t, func(n int) int { return draw % n })
	first := dispatch(t, table, command("quote", ""))
	if !first.Found || !strings.HasPrefix(anotherOf(first), "quote:another:") {
		t.Fatalf("/quote has no Another button: %+v", first)
	}
	spoilers := 0
	for i := range s.Quotes {
		shown := &s.Quotes[i]
		for draw = 0; draw < len(s.Quotes); draw++ {
			r := dispatch(t, table, click("quote:another:"+shown.ID))
			next := strings.TrimPrefix(anotherOf(r), "quote:another:")
			if !r.Found || r.Card == nil || next == "" {
				t.Fatalf("Another under %s: %+v", shown.ID, r)
			}
			if next == shown.ID {
				t.Fatalf("Another under %s showed it again", shown.ID)
			}
			q, _ := s.Quote(next)
			if q.Spoiler != strings.HasPrefix(r.Card.Description, "||") {
				t.Errorf("quote %s: spoiler %v but card %q", q.ID, q.Spoiler, r.Card.Description)
			}
			spoilers += commandstest.CheckSpoilers(t, "Another "+shown.ID, r)
		}
	}
	if spoilers == 0 {
		t.Error("no spoiler quote came up: the spoiler check checked nothing")
	}
}

func TestAnotherOldAndBadButtons(t *testing.T) {
	table, _ := quoteTable(t, func(n int) int { return n - 1 })
	tests := []struct {
		id    string
		found bool
	}{
		{"quote:another:a-quote-since-removed", true}, // old buttons keep working
		{"quote:another:", true},
		{"quote:another:" + strings.Repeat("ж", 200), true},
		{"quote:nonsense", false},
		{"quote:", false},
	}
	for _, tt := range tests {
		r := dispatch(t, table, click(tt.id))
		if r.Found != tt.found || (!tt.found && (!r.Ephemeral || r.Content == "")) {
			t.Errorf("%.30q: got %+v", tt.id, r)
		}
	}
}

// TestQuoteSearchFindsWritersByName finds a writer's own sentences by the
// name the card credits them to, though no writer is a person of the store.
func TestQuoteSearchFindsWritersByName(t *testing.T) {
	table, _ := quoteTable(t, func(int) int { return 0 })
	tests := []struct{ search, source, credit string }{
		{"Blue YIM", "sayart", "Blue YIM, Sayart.net"},
		{"thegenrejunkie melancholy", "genre-review", "@thegenrejunkie, genre review"},
		{"Korea Herald pink and red", "korea-herald", "The Korea Herald"},
	}
	for _, tt := range tests {
		r := dispatch(t, table, command("quote", "", "search", tt.search))
		if !r.Found || r.Card == nil || len(r.Sources) != 1 || r.Sources[0] != tt.source {
			t.Fatalf("%q: %+v", tt.search, r)
		}
		if got := r.Card.Fields[0].Value; got != tt.credit {
			t.Errorf("%q: credited to %q, want %q", tt.search, got, tt.credit)
		}
	}
}
