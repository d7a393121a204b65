package facts

import (
	"strings"
	"testing"
)

func TestAsksForJob(t *testing.T) {
	m := testMatcher(t)
	tests := []struct {
		q    string
		want bool
	}{
		{"costume designer", true},
		{"fight choreographer", true},
		{"director", false},               // a job the store knows
		{"reviewer on the action", false}, // the reviewer is known
		{"ballerina or violinist", false}, // asks which of two
		{"who was the costume designer", false},
		{"the costume designer of the film please", false}, // too long to be terse
	}
	for _, tc := range tests {
		if got := m.asksForJob(strings.Fields(tc.q)); got != tc.want {
			t.Errorf("asksForJob(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestAsksForMake(t *testing.T) {
	for q, want := range map[string]string{
		"camera used":        "camera",
		"okju gun model":     "model",
		"fight camera style": "",
		"which camera":       "", // a question word: the slots read it
	} {
		if got := asksForMake(strings.Fields(q)); got != want {
			t.Errorf("asksForMake(%q) = %q, want %q", q, got, want)
		}
	}
	m := testMatcher(t)
	for _, q := range []string{"camera used?", "okju's gun model?"} {
		if r := m.Reply(q); r.Found() {
			t.Errorf("%q was answered; no article names one", q)
		}
	}
}
