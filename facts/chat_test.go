package facts

import (
	"strings"
	"testing"
)

func TestUnslang(t *testing.T) {
	tests := []struct{ in, want string }{
		{"wen r they n the director together irl", "when are they and the director together real life"},
		{"who made it", "who made it"},
		{"heyyy sooo wat abt the fites", "hey so what about the fights"},
		{"lmaooo the old couple w the flamethrower", "lmao the old couple with the flamethrower"},
		{"pleaseee", "pleasee"},
		{"breaking bad yrs", "breaking bad years"},
		{"inspo movies", "inspiration movies"},
		// "R" is a rating, not "are".
		{"is it rated r", "is it rated r"},
		{"is it r or pg13", "is it r or pg13"},
		{"what colors r in the film", "what colors are in the film"},
	}
	for _, tc := range tests {
		if got := strings.Join(unslang(strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("unslang(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUnslangKeepsInput(t *testing.T) {
	ws := []string{"wat", "r", "u"}
	unslang(ws)
	if strings.Join(ws, " ") != "wat r u" {
		t.Errorf("unslang changed its input: %v", ws)
	}
}
