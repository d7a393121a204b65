package facts

import (
	"strings"
	"testing"
)

func TestDescribingRoles(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"gray rapper or actor":               "rapper or actor", // describes Gray
		"who plays the main character ok-ju": "who plays the",   // a label before the name
		"who directed it":                    "who directed it",
	} {
		ws := words(q)
		_, rest, _ := m.names.extractNames(ws, true)
		got := strings.Join(rest, " ")
		if got != want {
			t.Errorf("extractNames(%q, true) = %q, want %q", q, got, want)
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

func TestActorsOtherWork(t *testing.T) {
	m := testMatcher(t)
	r := m.Reply("choi's actor's other show?")
	if len(r.Parts) != 1 || r.Parts[0].Person == nil || r.Parts[0].Person.ID != "kim-ji-hoon" {
		t.Errorf("got %+v, want Kim Ji-hoon's card with his other work", r.Parts)
	}
}
