package facts

import (
	"strings"
	"testing"
)

// Tests of what a question asks for and what a fact can answer.
func TestYearSlot(t *testing.T) {
	for _, c := range []struct {
		q, fact string
		want    bool
	}{
		{"what year is the film set in", "He gave the interview in Seoul on a Wednesday.", false},
		{"what year did it come out", "Ballerina was released on Netflix on 2023-10-06.", true},
		{"which year was the call released", "His debut was The Call (2020).", true},
		{"did they meet a year before", "He gave the interview in Seoul on a Wednesday.", true}, // "a year": no year asked
	} {
		in := questionSlots(words(c.q))
		k := kindsOf(&Store{}, &Fact{Text: c.fact}, nil, nil, nil)
		if got := in.allows(k, nil); got != c.want {
			t.Errorf("%q answered by %q: %v, want %v", c.q, c.fact, got, c.want)
		}
	}
}

func TestReasonKinds(t *testing.T) {
	for text, want := range map[string]bool{
		"Lee prefers female perspectives, finding them rich in potential for twists.": true, // a judgement as the reason
		"Ballerina was inspired by real-life crimes.":                                 true,
		"Lee Chung-hyun directed Ballerina.":                                          false,
		"Lee emphasized the strenuous profession of ballerinas.":                      false, // what he stressed, not why
	} {
		if got := kindsOf(&Store{}, &Fact{Text: text}, nil, nil, nil).reason; got != want {
			t.Errorf("kindsOf(%q).reason = %v, want %v", text, got, want)
		}
	}
}

func TestIdentifyNounHead(t *testing.T) {
	for q, want := range map[string]string{
		"which camera angles does the review mention": "", // angles, which no list holds
		"which camera did they use":                   "camera",
		"which beach did they go to":                  "beach",
		"what company made it":                        "company",
		"which streaming service is it on":            "service",
	} {
		if got := questionSlots(strings.Fields(q)).identifyNoun; got != want {
			t.Errorf("questionSlots(%q).identifyNoun = %q, want %q", q, got, want)
		}
	}
}

func TestMadeByIsNoCharacter(t *testing.T) {
	m := testMatcher(t)
	for _, c := range []struct {
		q    string
		want bool // answered
	}{
		{"who shot it", false}, // a fight scene "is shot" with Ok-ju and Choi in it: no cinematographer
		{"who directed it", true},
		{"who edited the film", false},
	} {
		if got := m.Ask(c.q).Found; got != c.want {
			t.Errorf("Ask(%q).Found = %v, want %v", c.q, got, c.want)
		}
	}
	for q, want := range map[string]bool{"who shot it": true, "who edited the film": true, "who is it about": false, "who plays ok-ju": false} {
		if got := questionSlots(words(q)).madeBy; got != want {
			t.Errorf("questionSlots(%q).madeBy = %v, want %v", q, got, want)
		}
	}
}

func TestCoreUnknown(t *testing.T) {
	for _, c := range []struct {
		q    string // the words addTerms sees: names are gone
		at   int
		want bool
	}{
		{"why did stop being a bodyguard", 2, true}, // "why did Ok-ju stop being a bodyguard"
		{"what did variety write about ballerina", 2, true},
		{"what did the dead girl leave behind", 5, false}, // not the first word after "did"
		{"what did want to add to the genre", 4, false},   // an aim, said with other verbs
		{"how did coerce women", 2, false},                // a manner, said with other verbs
		{"what is the second film", 3, false},
	} {
		if got := coreUnknown(strings.Fields(c.q), c.at, true); got != c.want {
			t.Errorf("coreUnknown(%q, %d) = %v, want %v", c.q, c.at, got, c.want)
		}
	}
	if r := testMatcher(t).Reply("where did lee grow up"); r.Found() {
		t.Errorf("where did lee grow up: answered %+v, want declined", r.Parts)
	}
}

func TestCountedWithDescription(t *testing.T) {
	for text, want := range map[string][]string{
		"She forcibly chooses a couple of outdated guns.": {"guns", "gun", "outdated"},
		"Ballerina runs a lean 93 minutes.":               {"minutes", "minute"},
		"Ok-ju fights off a horde of guys.":               {term("horde")}, // "how many henchmen"
	} {
		k := kindsOf(&Store{}, &Fact{Text: text}, nil, nil, nil)
		for _, w := range want {
			if !k.counted[w] {
				t.Errorf("kindsOf(%q).counted lacks %q", text, w)
			}
		}
	}
}

// TestFirstFacts checks the fact ranked first for questions the
// mechanisms of slots, kinds and terms decide.
func TestFirstFacts(t *testing.T) {
	m := testMatcher(t)
	for q, want := range map[string]string{
		"who directed the bourne films":              "Greengrass", // "Paul Greengrass' The Bourne Supremacy"
		"who directed ballerina":                     "directed Ballerina",
		"what weapon does she use at the end":        "flamethrower", // "at the end" ranks "which later proves beneficial"
		"what happens at the end":                    "climax",
		"how many henchmen are in the final fight":   "horde of guys",
		"what crew had many women among its members": "martial arts team",
		"what did min-hee ask of ok-ju on the phone": "invites her", // to invite is to ask over
	} {
		a := m.Ask(q)
		if !a.Found || len(a.Facts) == 0 || !strings.Contains(a.Facts[0].Text, want) || a.Coverage > 1 {
			t.Errorf("Ask(%q): want a first fact with %q, got %+v (coverage %.2f)", q, want, a.Facts, a.Coverage)
		}
	}
}

func TestBeforeClauseOnlySaysWhen(t *testing.T) {
	m := testMatcher(t)
	for q, word := range map[string]string{
		"what was her life like before she met her friend": "met",   // the meeting only says when
		"what did lee make after the call":                 "call",  // as before: "after"
		"did lee shoot shorts before his debut":            "debut", // the debut only says when
	} {
		qn := m.analyse(words(q), nil)
		for _, qt := range qn.terms {
			if qt.t == term(word) && qt.w >= m.weight(qt.t) {
				t.Errorf("%q: %q weighs %.2f, want less than %.2f", q, word, qt.w, m.weight(qt.t))
			}
		}
	}
}
