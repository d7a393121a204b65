package trivia_test

import (
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

func TestCheckTyped(t *testing.T) {
	s, m := triviaFixture(t)
	byID := map[string]int{}
	for i := range s.Trivia {
		byID[s.Trivia[i].ID] = i
	}
	tests := []struct {
		question string
		typed    string
		want     bool
		why      string
	}{
		// spellings the knowledge base knows
		{"q-lead", "Jeon Jong-seo", true, "the answer"},
		{"q-lead", "Jun Jong-seo", true, "Jun for Jeon (an alias)"},
		{"q-lead", "Jun Jongseo", true, "romanization and hyphen folded"},
		{"q-lead", "jun jong seo", true, "typed apart"},
		{"q-lead", "Jun", true, "a bare family name the matcher resolves"},
		{"q-lead", "Jeon", true, "a bare family name the matcher resolves"},
		{"q-name", "Ok-joo", true, "Ok-joo for Ok-ju"},
		{"q-name", "Okju", true, "no hyphen"},
		{"q-name", "ok ju", true, "typed apart"},
		{"q-friend", "Minhee", true, "alias"},
		{"q-villain", "choi", true, "alias"},
		{"q-director", "Lee Chung-hyeon", true, "alias"},
		{"q-director", "Lee Chung-hyung", true, "romanization variant of hyun"},
		// case, punctuation, accents, articles
		{"q-name", "OK-JU!!!", true, "case and punctuation"},
		{"q-lead", "  jeon jong-seo.  ", true, "spaces and a full stop"},
		{"q-lead", "Jéon Jong-séo", true, "accents"},
		{"q-netflix", "the Netflix", true, "a leading article"},
		{"q-job", "a bodyguard", true, "accept list"},
		{"q-job", "Former bodyguard.", true, "accept list"},
		{"q-runtime", "93", true, "accept list"},
		{"q-runtime", "93 Minutes.", true, "case and punctuation"},
		// one typo, only in answers over five letters
		{"q-lead", "Jeon Jong-so", true, "one letter missing in a long name"},
		{"q-netflix", "Netflx", true, "one letter missing, seven letters"},
		{"q-netflix", "Netlfix", true, "two letters swapped"},
		{"q-job", "bodygaurd", true, "two letters swapped"},
		{"q-runtime", "93 minuts", true, "a typo in the word, not the number"},
		{"q-netflix", "Netfl", false, "two letters missing"},
		{"q-name", "Okjuu", false, "a typo in a four-letter answer"},
		{"q-name", "Oku", false, "a typo in a four-letter answer"},
		{"q-friend", "Minhe", true, "one letter missing in a six-letter name"},
		{"q-runtime", "92 minutes", false, "one edit, but another number"},
		{"q-runtime", "930", false, "another number"},
		// shotgun answers
		{"q-name", "Ok-ju or Min-hee", false, "two candidates with or"},
		{"q-name", "Ok-ju, Min-hee", false, "two candidates with a comma"},
		{"q-name", "Ok-ju / Min-hee", false, "two candidates with a slash"},
		{"q-name", "Min-hee and Ok-ju", false, "two candidates with and"},
		{"q-name", "Ok-ju Min-hee", false, "two names run together"},
		{"q-runtime", "93, 100, 120", false, "three numbers"},
		{"q-runtime", "93 100 120", false, "three numbers without commas"},
		{"q-runtime", "80 or 93", false, "two numbers"},
		{"q-netflix", "Netflix or Disney+", false, "two services"},
		{"q-lead", "Jeon Jong-seo or Kim Ji-hoon", false, "two people"},
		// wrong, partial, empty, oversized
		{"q-lead", "Kim Ji-hoon", false, "another person"},
		{"q-lead", "Ok-ju", false, "the character, not the actor"},
		{"q-lead", "Jeo", false, "a prefix the matcher would complete"},
		{"q-name", "Okj", false, "a prefix the matcher would complete"},
		{"q-lead", "Jong", false, "part of a word"},
		{"q-netflix", "", false, "empty"},
		{"q-netflix", "   ", false, "blank"},
		{"q-netflix", "!!!", false, "punctuation only"},
		{"q-netflix", strings.Repeat("Netflix ", 20), false, "over 100 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.question+"/"+tc.typed, func(t *testing.T) {
			i, ok := byID[tc.question]
			if !ok {
				t.Fatalf("no question %s", tc.question)
			}
			if got := trivia.CheckTyped(m, &s.Trivia[i], tc.typed); got != tc.want {
				t.Errorf("checkTyped(%s, %q) = %v, want %v (%s)", tc.question, tc.typed, got, tc.want, tc.why)
			}
		})
	}
}

func TestCheckTypedWithoutMatcherStillFoldsKeys(t *testing.T) {
	s, _ := triviaFixture(t)
	q := &s.Trivia[1] // Ok-ju
	if !trivia.CheckTyped(nil, q, "Ok-joo") {
		t.Error("Ok-joo rejected without a matcher")
	}
	if trivia.CheckTyped(nil, q, "Min-hee") {
		t.Error("Min-hee accepted for Ok-ju")
	}
}

func TestListItems(t *testing.T) {
	tests := map[string]int{
		"Ok-ju":                  1,
		"Ok-ju or Min-hee":       2,
		"93, 100, 120":           3,
		"love and revenge":       2,
		"either Ok-ju or Minhee": 2,
		"a/b/c":                  3,
		", ,":                    0,
	}
	for in, want := range tests {
		if got := trivia.ListItems(in); got != want {
			t.Errorf("listItems(%q) = %d, want %d", in, got, want)
		}
	}
}
