package facts

import (
	"strings"
	"testing"
)

// TestTerseCrew: a job or a make said alone, without a question word.
func TestTerseCrew(t *testing.T) {
	m := testMatcher(t)
	tests := []struct {
		q    string
		job  bool   // asks who held a job the store does not know
		make string // asks which make or model
	}{
		{"costume designer", true, ""},
		{"fight choreographer", true, ""},
		{"director", false, ""},               // a job the store knows
		{"reviewer on the action", false, ""}, // the reviewer is known
		{"ballerina or violinist", false, ""}, // asks which of two
		{"who was the costume designer", false, ""},
		{"the costume designer of the film please", false, ""}, // too long to be terse
		{"camera used", false, "camera"},
		{"okju gun model", false, "model"},
		{"fight camera style", false, ""},
		{"which camera", false, ""}, // a question word: the slots read it
	}
	for _, tc := range tests {
		ws := strings.Fields(tc.q)
		if job, mk := m.asksForJob(ws), asksForMake(ws); job != tc.job || mk != tc.make {
			t.Errorf("%q: asksForJob %v, asksForMake %q; want %v, %q", tc.q, job, mk, tc.job, tc.make)
		}
	}
}
