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

// TestChatQuestions: questions typed fast, each answered by the fact
// holding the given words.
func TestChatQuestions(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"how many mins":          "93 minutes",         // "mins" counts minutes
		"jeon jongseo plays who": "Ok-ju",              // her character
		"min-hee surname":        "Choi Min-hee",       // a surname is a name
		"wen they strat dating":  "since 2021",         // a start is what "since" gives
		"lee directed it right?": "directed Ballerina", // a tag asking to confirm
		"cinematography vibe?":   "Wong Kar Wai",       // the vibe is the feel
		"sorry if this was asked already but who plays min-hee":                               "Park Yu-rim",
		"how long do i sit thru it":                                                           "93 minutes",          // the viewer's time is the runtime
		"big weapon at the end?":                                                              "flamethrower",        // "at the end" says when, not what
		"jang ok-ju's best friend?":                                                           "Min-hee",             // who the friend is
		"fight camera style":                                                                  "shaky",               // the style is what it is like
		"how many movies did lee name as inspo":                                               "Drive and Good Time", // counted by the films it names
		"was the deal in the desert or in a forest?":                                          "desert",              // the deal is the dealers'
		"could anybody else have played the lead according to him":                            "replace",             // someone else replaces
		"how does okju feel inside before she meets her friend again":                         "dying",               // a character's feelings, not her words
		"what do the old folks in the truck pull out at the end":                              "flamethrower",        // the truck only says who
		"were is the gun deal meating":                                                        "desert",              // spelt as it sounds
		"who was the guy making the beats":                                                    "Gray",                // beats are music
		"okju's old hustle?":                                                                  "bodyguard",           // a hustle is a job
		"what does he wanna show off about korea's scenery":                                   "locations",
		"the camera in the first fight made me dizzy. did the review say anything about that": "shaky",
	} {
		r := m.Reply(q)
		if !r.Found() || len(r.Parts[0].Facts) == 0 || !strings.Contains(r.Parts[0].Facts[0].Text, want) {
			t.Errorf("%q: want a fact with %q first, got %+v", q, want, r.Parts)
		}
	}
	if r := m.Reply("does ok-ju die at the end"); r.Found() {
		t.Errorf("does ok-ju die at the end: answered %+v; no article says", r.Parts)
	}
	if r := m.Reply("when did filming start"); r.Found() {
		t.Errorf("when did filming start: answered %+v; no article says", r.Parts)
	}
}
