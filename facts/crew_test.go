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

func TestTerseJobDeclines(t *testing.T) {
	m := testMatcher(t)
	for _, q := range []string{"costume designer?", "fight choreographer?", "english dub?"} {
		if r := m.Reply(q); r.Found() {
			t.Errorf("%q was answered; no article names it", q)
		}
	}
}

func TestDescribingRoles(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"gray rapper or actor":               "rapper or actor", // describes Gray
		"who plays the main character ok-ju": "who plays the",   // a label before the name
		"who directed it":                    "who directed it",
	} {
		ws := words(q)
		people, rest, byRole := m.names.extractNames(ws)
		got := strings.Join(m.describingRoles(ws, people, byRole, rest), " ")
		if got != want {
			t.Errorf("describingRoles(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestCharacterNameOfActor(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("whats the name of kim ji-hoon's character")
	if !r.Found() || len(r.Parts[0].Facts) == 0 || !strings.Contains(r.Parts[0].Facts[0].Text, "Choi") {
		t.Errorf("got %+v, want a fact naming Choi", r.Parts)
	}
}
