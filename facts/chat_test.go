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
		{"they use pink alot", "they use pink a lot"},
		{"who is the beatmaker", "who is the music"},
		{"what dose the review say", "what does the review say"},
		// Set phrases said plainly.
		{"who was behind the camera for ballerina", "who was directing for ballerina"},
		{"who is at the helm", "who is directing"},
		{"what is behind the revenge", "what is behind the revenge"},
		{"on what day of the week did it drop", "on what day did it drop"},
		{"the day of the", "the day of the"},
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

// TestChatQuestions: questions typed fast, each answered first by the
// fact holding the given words (or, for "card:", the person's card), or
// declined ("").
func TestChatQuestions(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"how many mins":          "93 minutes",   // "mins" counts minutes
		"jeon jongseo plays who": "Ok-ju",        // her character
		"min-hee surname":        "Choi Min-hee", // a surname is a name
		"wen they strat dating":  "since 2021",   // a start is what "since" gives
		"since which year have lee and jeon been an item":                                     "since 2021",          // since which year: since when
		"what did the critic enjoy about it":                                                  "praise",              // a critic's liking is praise
		"on what streaming giant can i watch it":                                              "Netflix",             // a giant after a noun is a company
		"did the director care about showing korean places":                                   "unique locations",    // showing a thing presents it
		"how does the city look after dark in it":                                             "neon",                // a time of day, not "good night"
		"what is the film meant to leave people pondering afterward":                          "justice",             // what it leaves them thinking
		"did crimes in his home country inspire it":                                           "sex crimes in Korea", // found by the crimes and the inspiration, not by reading his country
		"did the reviewer have any gripes with the editing":                                   "shaky",               // a gripe is a complaint
		"who's the composer behind the score":                                                 "Gray",                // behind: the maker of
		"lee directed it right?":                                                              "directed Ballerina",
		"cinematography vibe?":                                                                "Wong Kar Wai", // the vibe is the feel
		"how long do i sit thru it":                                                           "93 minutes",   // the viewer's time is the runtime
		"who was the guy making the beats":                                                    "Gray",         // beats are music
		"okju's old hustle?":                                                                  "bodyguard",    // a hustle is a job
		"big weapon at the end?":                                                              "flamethrower", // "at the end" says when, not what
		"jang ok-ju's best friend?":                                                           "Min-hee",      // who the friend is
		"fight camera style":                                                                  "shaky",        // the style is what it is like
		"where did the directr and jun work togther first":                                    "The Call",     // on which film
		"how many movies did lee name as inspo":                                               "Drive and Good Time",
		"were is the gun deal meating":                                                        "desert", // spelt as it sounds
		"was the deal in the desert or in a forest?":                                          "desert",
		"were okju and min-hee classmates or coworkers":                                       "classmate", // a side's attribute need not be held
		"whats the name of kim ji-hoon's character":                                           "Choi",
		"is lee chung-hyeon the same as lee chung-hyun":                                       "spell",
		"what art form did he want the payback to look like":                                  "ballet performance", // a lone he: the director
		"where's her friend lying when she shows up w snacks":                                 "bathtub",            // her friend: Min-hee
		"how does okju feel inside before she meets her friend again":                         "dying",
		"what do the old folks in the truck pull out at the end":                              "flamethrower",
		"could anybody else have played the lead according to him":                            "replace",
		"what does he wanna show off about korea's scenery":                                   "locations",
		"sorry if this was asked already but who plays min-hee":                               "Park Yu-rim",
		"omg jeon jong-seo ate this role. is it true she n the director r together??":         "dating",
		"the camera in the first fight made me dizzy. did the review say anything about that": "shaky",
		"who plays choi pro and what show is he from":                                         "card:kim-ji-hoon", // he: the actor answered
		"lee chung-hyung directed it right? what else did he make":                            "card:lee-chung-hyun",
		"choi's actor's other show?":                                                          "card:kim-ji-hoon",
		"when did filming start":                                                              "",
		"does ok-ju die at the end":                                                           "",
		"how old is he":                                                                       "",
		"how much time do i need to watch the whole thing from start to end":                  "93 minutes", // the runtime, not where to watch it
		"how much time does it take to watch":                                                 "93 minutes",
		"what emotional release did lee want to give viewers":                                 "catharsis",     // a set phrase for it
		"come on who plays ok-ju":                                                             "Jeon Jong-seo", // a nudge, not a word of the question
		"costume designer?":                                                                   "",
		"fight choreographer?":                                                                "",
		"english dub?":                                                                        "",
		"camera used?":                                                                        "",
		"okju's gun model?":                                                                   "",
	} {
		r := m.Reply(q)
		a := r.Parts[len(r.Parts)-1]
		var got string
		switch {
		case !r.Found():
		case a.Person != nil:
			got = "card:" + a.Person.ID
		case len(a.Facts) > 0:
			got = a.Facts[0].Text
		}
		if want == "" && got != "" || !strings.Contains(got, want) || strings.HasPrefix(want, "card:") != strings.HasPrefix(got, "card:") {
			t.Errorf("%q: got %q, want %q", q, got, want)
		}
	}
}
