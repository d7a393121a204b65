package commands_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/facts"
)

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"abcdefghij", 5, "abcd…"},
		{"abcdefghij", 1, "…"},
		{"abcdefghij", 0, ""},
		{"trailing space cut", 10, "trailing…"},
		{"한국어 영화", 4, "한국어…"},
		// A cut inside a spoiler closes it.
		{"ends ||the twist is here||", 15, "ends ||the t…||"},
		{"||Ok-ju kills Choi||", 10, "||Ok-ju…||"},
		// No room to close it: the cut moves before the spoiler.
		{"ends ||the twist||", 8, "ends…"},
		{"||twist||", 4, "…"},
		// A spoiler holding only the ellipsis is left out.
		{"see ||the end||", 7, "see…"},
		{"see ||the end||", 10, "see ||t…||"},
		// A whole spoiler before the cut stays.
		{"a ||b|| and then more", 9, "a ||b||…"},
		{"a ||b|| and then more", 12, "a ||b|| and…"},
		// Never half a mark.
		{"x||", 2, "x…"},
		{"ab ||cd||", 5, "ab…"},
		// Two spoilers, the cut in the second.
		{"||a|| then ||the ending here||", 20, "||a|| then ||the…||"},
	}
	for _, tc := range tests {
		got := commands.Clip(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("commands.Clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if utf8.RuneCountInString(got) > max(tc.n, 0) {
			t.Errorf("commands.Clip(%q, %d) = %q is longer than %d", tc.in, tc.n, got, tc.n)
		}
		if line, ok := paired(got); !ok {
			t.Errorf("commands.Clip(%q, %d) leaves a spoiler open in %q", tc.in, tc.n, line)
		}
	}
}

// TestClipEveryFactAndQuote cuts every fact and quote of the shipped store
// at every length, as the don't-know suggestions, the adapters' limits and
// the quote-of-the-day status do, and as a Response's text would be.
func TestClipEveryFactAndQuote(t *testing.T) {
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i := range s.Facts {
		texts = append(texts, commands.FactText(&s.Facts[i]), commands.FactText(&s.Facts[i])+"\n— *"+s.Facts[i].ID+"*")
	}
	for i := range s.Quotes {
		texts = append(texts, commands.QuoteCard(s, &s.Quotes[i]).Card.Description)
	}
	for i := range s.People {
		if p := &s.People[i]; p.Spoiler {
			texts = append(texts, commands.Spoiler(p.Description))
		}
	}
	spoilers := 0
	for _, text := range texts {
		if strings.Contains(text, "||") {
			spoilers++
		}
		for n := 0; n <= utf8.RuneCountInString(text)+1; n++ {
			got := commands.Clip(text, n)
			if utf8.RuneCountInString(got) > n {
				t.Fatalf("commands.Clip(%q, %d) = %q is too long", text, n, got)
			}
			if line, ok := paired(got); !ok {
				t.Fatalf("commands.Clip(%q, %d) leaves a spoiler open in %q", text, n, line)
			}
		}
	}
	if spoilers < 10 {
		t.Fatalf("only %d texts with spoilers: the test checks little", spoilers)
	}
}

func TestQuotedCannotOpenASpoiler(t *testing.T) {
	for _, in := range []string{"||the end", "a || b", "|||", "who dies?||", strings.Repeat("|", 9)} {
		for n := 1; n <= 12; n++ {
			if line, ok := paired(commands.Quoted(in, n)); !ok || strings.Contains(line, "||") {
				t.Errorf("commands.Quoted(%q, %d) = %q", in, n, commands.Quoted(in, n))
			}
		}
	}
}

// paired returns the first line with an open spoiler, and false if any.
func paired(text string) (string, bool) {
	line, bad := commandstest.UnpairedSpoiler(text)
	return line, !bad
}

// BenchmarkClip cuts a long text with spoilers to Discord's description
// limit, as the adapter does for a full /plot card.
func BenchmarkClip(b *testing.B) {
	text := strings.Repeat("Ok-ju trains for months. ||She finds Min-hee's note and goes after Choi Pro.|| ", 80)
	b.ReportAllocs()
	for b.Loop() {
		commands.Clip(text, 4096)
	}
}
