package facts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSourceWordsOf(t *testing.T) {
	tests := []struct {
		question string
		want     map[string]string
	}{
		{"what does the korea herald interview say about the colors", map[string]string{term("korea"): "korea-herald", term("herald"): "korea-herald", term("interview"): "korea-herald"}},
		{"in the casting interview what does lee say about jun", map[string]string{term("casting"): "casting-interview", term("interview"): "casting-interview"}},
		{"what does the sayart piece say ballerinas symbolize", map[string]string{term("sayart"): "sayart"}}, // "piece" is a stopword, as "article" is
		{"how does the feature dated 2023-10-16 describe the style", map[string]string{term("feature"): "catharsis-feature", term("dated"): "catharsis-feature", term("20231016"): "catharsis-feature"}},
		// "casting" and "genre" alone are words of their own.
		{"who was in charge of casting", nil},
		{"what genre is it", nil},
	}
	m := testMatcher(t)
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, m.sourceWordsOf(words(tc.question))); diff != "" {
			t.Errorf("sourceWordsOf(%q) (-want +got):\n%s", tc.question, diff)
		}
	}
}
