package facts

import (
	"strings"
	"testing"
)

func TestFixTyposKeepsAgentNouns(t *testing.T) {
	m := testMatcher(t)
	tests := []struct{ in, want string }{
		{"choreographer", "choreographer"},
		{"shows", "shows"}, // an inflection, not a mistyped "shown"
		{"villian", "villain"},
		{"reveiwer", "reviewer"},
	}
	for _, tc := range tests {
		got, _ := m.fixTypos([]string{tc.in})
		if got[0] != tc.want {
			t.Errorf("fixTypos(%q) = %q, want %q", tc.in, got[0], tc.want)
		}
	}
}

func TestCorrectHeldDownAndSoundAlike(t *testing.T) {
	m := testMatcher(t)
	tests := []struct{ in, want string }{
		{"showw", "show"}, // a letter held down, not "shown"
		{"boddy", "body"}, // the same inside a word
		{"fite", "fight"}, // spelt as it sounds, not "fit"
		{"lite", "light"}, // not "live"
		{"compair", "compare"},
		{"meating", "meeting"}, // not "meaning"
		{"strat", "start"},     // a swap, as before
		{"weapn", "weapon"},    // a letter dropped, as before
	}
	for _, tc := range tests {
		if got, _ := m.correct(tc.in); got != tc.want {
			t.Errorf("correct(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFixQuestionWords(t *testing.T) {
	for q, want := range map[string]string{
		"hw long is it":        "how long is it",
		"wy is it called that": "why is it called that",
		"were is the deal":     "where is the deal",
		"were they classmates": "were they classmates",
	} {
		if got := strings.Join(fixQuestionWords(strings.Fields(q)), " "); got != want {
			t.Errorf("fixQuestionWords(%q) = %q, want %q", q, got, want)
		}
	}
}
