package facts

import "testing"

func TestRelationWord(t *testing.T) {
	for q, want := range map[string]string{
		"who directed it":   "directed",
		"who did the music": "music",
		"the girl who dances — which actress is that": "", // a relative clause describes, asks no relation
		"who plays the girl who dances":               "plays",
	} {
		if got := relationWord(words(q), false); got != want {
			t.Errorf("relationWord(%q) = %q, want %q", q, got, want)
		}
	}
}
