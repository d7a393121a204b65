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
		"which filmmaker inspired the look":  "which filmmaker inspired the look", // the role asked, not Lee
	} {
		ws := words(q)
		_, rest, _ := m.names.extractNames(ws, true)
		got := strings.Join(rest, " ")
		if got != want {
			t.Errorf("extractNames(%q, true) = %q, want %q", q, got, want)
		}
	}
}

func TestParaphrasePairNamesTheTwo(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]int{
		"what do the friends do together":   2,
		"how do the two friends spend time": 2,
		"who is min-hee to ok-ju":           2,
		"what did the friends say":          0, // nothing done together: not the pair
	} {
		if people, _ := m.paraNames(words(q)); len(people) != want {
			t.Errorf("paraNames(%q) = %v, want %d people", q, people, want)
		}
	}
}

func TestActorsCharacterIsTheCharacter(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"kim ji-hoon's character, what gang is he in":  "choi-pro",    // asks about Choi
		"what character does kim ji-hoon play":         "kim-ji-hoon", // asks for the character
		"kim ji-hoon's character?":                     "kim-ji-hoon", // the role slot
		"what did kim ji-hoon say about his character": "kim-ji-hoon", // no name before the role word
	} {
		if got := m.analyse(words(q), nil).people; len(got) != 1 || got[0] != want {
			t.Errorf("analyse(%q).people = %v, want [%s]", q, got, want)
		}
	}
}
