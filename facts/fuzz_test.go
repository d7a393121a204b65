package facts_test

import (
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ballerina-bot/ballerina/facts"
)

// FuzzMatcher feeds the matcher what users can type: a question (/ask, a
// mention), a partly typed name or quote (autocomplete) and a name to fold.
// Whatever the input, nothing panics and every answer stays bounded and
// consistent. The seed corpus is the question sets plus awkward input.
//
//	go test ./facts/ -run '^$' -fuzz FuzzMatcher -fuzztime 30s
func FuzzMatcher(f *testing.F) {
	store, err := facts.LoadEmbedded()
	if err != nil {
		f.Fatal(err)
	}
	m := facts.NewMatcher(store)
	for _, file := range []string{"../testdata/questions.yaml", "../testdata/questions_holdout.yaml"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var qs []struct {
			Q string `yaml:"q"`
		}
		if err := yaml.Unmarshal(raw, &qs); err != nil {
			f.Fatalf("%s: %v", file, err)
		}
		for _, q := range qs {
			f.Add(q.Q)
		}
	}
	for _, s := range []string{
		"", " ", "||", "||spoiler||", "ok-joo", "Ｏｋ－ｊｕ", "YEOOONG", "chung-hyeon's", "'s", "-", "– –",
		"who who who who", "\x00", "\xff\xfe", "é\u0301", strings.Repeat("okju ", 300), strings.Repeat("a", 5000),
		"<@123> who plays the villain", "@everyone", "what is the budget of squid game",
	} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		a := m.Ask(s)
		if a.Found != (len(a.Facts) > 0 || a.Person != nil) {
			t.Errorf("Ask(%q): Found %v with %d facts and person %v", s, a.Found, len(a.Facts), a.Person != nil)
		}
		if a.Found && len(a.Suggestions) > 0 {
			t.Errorf("Ask(%q): found, and suggests %d facts too", s, len(a.Suggestions))
		}
		if len(a.Suggestions) > 3 {
			t.Errorf("Ask(%q): %d suggestions, at most 3", s, len(a.Suggestions))
		}
		if len(a.Facts) > len(store.Facts) || hasDuplicates(a.Facts) {
			t.Errorf("Ask(%q): %d facts, some repeated", s, len(a.Facts))
		}
		if math.IsNaN(a.Coverage) || math.IsInf(a.Coverage, 0) || a.Coverage < 0 {
			t.Errorf("Ask(%q): coverage %v", s, a.Coverage)
		}

		if ps := m.CompletePeople(s, 25); len(ps) > 25 || hasDuplicates(ps) {
			t.Errorf("CompletePeople(%q): %d people, at most 25, none twice", s, len(ps))
		}
		if qs := m.CompleteQuotes(s, 25); len(qs) > 25 || hasDuplicates(qs) {
			t.Errorf("CompleteQuotes(%q): %d quotes, at most 25, none twice", s, len(qs))
		}
		if qs := m.SearchQuotes(s); len(qs) > len(store.Quotes) || hasDuplicates(qs) {
			t.Errorf("SearchQuotes(%q): %d quotes of %d, some repeated", s, len(qs), len(store.Quotes))
		}

		k := facts.Key(s)
		if !utf8.ValidString(k) || strings.Contains(k, "  ") || k != strings.TrimSpace(k) {
			t.Errorf("Key(%q) = %q: not single-spaced valid text", s, k)
		}
		if utf8.RuneCountInString(k) > utf8.RuneCountInString(s) {
			t.Errorf("Key(%q) = %q is longer than its input", s, k)
		}
		if kk := facts.Key(k); kk != k {
			t.Errorf("Key is not stable: Key(%q) = %q, Key of that = %q", s, k, kk)
		}
	})
}

func hasDuplicates[T comparable](xs []T) bool {
	seen := make(map[T]bool, len(xs))
	for _, x := range xs {
		if seen[x] {
			return true
		}
		seen[x] = true
	}
	return false
}
