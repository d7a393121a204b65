package facts

import (
	"strings"
	"testing"
)

func TestDropOtherName(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"or wes anderson vibes": "vibes",           // the unknown other side goes
		"or hulu":               "",                // so does a name the store lacks
		"the or choice":         "the or choice",   // "or" not right after the name
		"or the music":          "or the music",    // a side the store knows stays
		"rapper or actor":       "rapper or actor", // no choice with the name
	} {
		got := strings.Join(m.dropOtherName(strings.Fields(q), true), " ")
		if got != want {
			t.Errorf("dropOtherName(%q) = %q, want %q", q, got, want)
		}
	}
}
