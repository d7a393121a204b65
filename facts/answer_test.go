package facts

import (
	"strings"
	"sync"
	"testing"
)

var (
	matcherOnce sync.Once
	matcherVal  *Matcher
)

func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	matcherOnce.Do(func() {
		s, err := LoadEmbedded()
		if err != nil {
			t.Fatal(err)
		}
		matcherVal = NewMatcher(s)
	})
	return matcherVal
}

// leadIDs returns the ids of the facts that lead each answer of a reply.
func leadIDs(r Reply) [][]string {
	var out [][]string
	for _, a := range r.Parts {
		var ids []string
		for _, f := range a.Facts[:a.Lead] {
			ids = append(ids, f.ID)
		}
		out = append(out, ids)
	}
	return out
}

func TestReplyRefusesWhatIsNotThere(t *testing.T) {
	// Each shares words with a fact but asks for what no fact holds.
	for _, q := range []string{
		"who plays ok-ju's mother",                      // a relative of a character
		"who is choi's boss",                            // a person related to someone named
		"what's the rotten tomatoes score",              // score as a rating
		"what score did critics give it",                // score as a rating
		"were any scenes cut from the film",             // cut as removed
		"who edited the film",                           // the review's remark on cuts names no editor
		"who was the cinematographer",                   // a role nobody is named for
		"who plays the old couple",                      // their scene says nothing of who plays them
		"which beach do they go to",                     // "the beach" is not a beach by name
		"what district is the cake shop in",             // a kind of place the fact never names
		"exactly how many goons does ok-ju fight",       // "a horde" is no exact number
		"which month did lee start dating jun jong-seo", // a year, no month; "Jun" is no month
		"what does dutch angle mean",                    // the articles define no words
		"whats a long take",
		"why did the gun dealers bring a truck", // their scene gives no reason
		"is it on netflix in the usa",           // a country the articles never name
		"how did it do in france",
		"how much did ballerina make",                             // what it earned, which no article gives
		"what's the song that plays at the club",                  // a title no article gives
		"what does the 'ok' in ok-ju mean",                        // the meaning of a part of a name, which no article gives
		"besides the call what else has jeon jong-seo been in",    // the articles name no other work of hers
		"which high school did lee chung-hyun attend",             // "high school" says which only when the question does not
		"what drugs does choi deal",                               // "drug rackets" says nothing of which drugs
		"which wong kar wai film inspired the cinematography",     // a filmmaker is no film
		"where did they shoot the gun dealer scene in the desert", // where it was made, not where its story is set
		"what camera was it shot on",                              // a make, by name only
		"how many weeks was it in the top 10",
		"what did park yu-rim say about her role", // her words, not a fact about her
		"who directed good time",                  // another film the articles only name
		"what is drive about",
		"what's gray's real name",
		"when does ballerina 2 come out",
		"how long did the shoot take",
		"who was baek se-hee", // a name the store has never seen
		"do you have a SIMKL profile",
		"is the ballerina with ana de armas good",
		"who was ok-ju a bodyguard for", // the bodyguard is the word asked about, not its answer
		"who was ok-ju a bodyguard for before",
		"what school did lee chung-hyun go to", // a card answers who, not which school
		"where is jeon jong-seo from",
		"how did ok-ju learn to fight",             // learning a skill, not learning of something
		"how much does a flamethrower weigh",       // the verb measured, which no fact holds
		"the guy who runs the gang, who plays him", // "him" is the first question's, not a guess at the director
		"who plays him",
		"what year did it come out",                    // the articles give the day, not the year; The Call's year is another film's
		"did ok-ju go to college",                      // college -> body, WordNet's reading, is no answer with her name beside it
		"how many people watched it on day one",        // a viewing count, which no article gives
		"who is the journalist who interviewed lee",    // a role no fact holds
		"when was the 28th busan festival held",        // "28th" is no date
		"who filmed ballerina",                         // the film's title is no one
		"does choi pro die",                            // one of unanswered.yaml's questions in other words
		"what drugs does choi's gang sell",             // a detail the articles leave out
		"what was the title of lee's first short film", // the short films are not named
		"gray's hometown",                              // names alone do not answer words the store never uses
		"when is lee and jun's wedding",
		"who directed drive, since lee mentioned it",             // who made a film: only a fact about that film
		"in which section",                                       // only a WordNet reading of a word the store never uses
		"what's the korean title of ballerina written in hangul", // a spelling note answers only for whom it spells
		"who was the martial arts director",                      // another job than the film's director
		"who was the casting director",
	} {
		if r := testMatcher(t).Reply(q); r.Found() {
			t.Errorf("%q answered with %v", q, leadIDs(r))
		}
	}
}

func TestReplyAnswersWhatWasAsked(t *testing.T) {
	tests := []struct {
		q    string
		want [][]string // the lead facts of each part
	}{
		{"who directed it", [][]string{{"crew-director"}}},
		{"whats the score like", [][]string{{"music-netflix-scores"}}},
		{"how long is it", [][]string{{"release-runtime"}}},
		{"how lnog is ballerina", [][]string{{"release-runtime"}}},
		{"who plays the villian", [][]string{{"cast-kim-ji-hoon-choi"}}},
		{"who plays okjoo and who plays the villain", [][]string{{"cast-jeon-jong-seo-ok-ju"}, {"cast-kim-ji-hoon-choi"}}},
		{"who plays ok-ju and min-hee?", [][]string{{"cast-jeon-jong-seo-ok-ju"}, {"cast-park-yu-rim-min-hee"}}},
		{"how many minutes is it", [][]string{{"release-runtime"}}},
		{"which edition of busan was it at", [][]string{{"festival-biff"}}},
		{"was it at the 27th or the 28th biff", [][]string{{"festival-biff"}}},
		{"who sells her the weapons", [][]string{{"plot-desert-meeting"}}},
		{"how many people does ok-ju kill", [][]string{{"cast-choi-crimes-worse"}}},
		// A person's position is a role, not a place in a chart.
		{"what position does choi hold in the gang", [][]string{{"choi-desc-lieutenant"}}},
		// "name as" names; it does not ask for a name.
		{"which films did lee name as inspirations", [][]string{{"inspiration-drive-good-time"}}},
		// A light verb after "who" leaves the relation to its object.
		{"who handled the scores with netflix", [][]string{{"music-netflix-scores"}}},
		{"who is ok-ju trying to avenge", [][]string{{"premise-revenge-on-behalf"}}},
		{"who is jeon jong-seo's boyfriend", [][]string{{"people-dating-2021"}}},
		{"who plays the heavy", [][]string{{"cast-kim-ji-hoon-choi"}}},
		{"were is the weapons deal", [][]string{{"plot-desert-meeting"}}},
		// The articles give a film's year in brackets after its title.
		{"what year did the bourne supremacy come out", [][]string{{"look-bourne"}}},
		// A terse question for who plays someone.
		{"the actor playing the heavy?", [][]string{{"cast-kim-ji-hoon-choi"}}},
		{"actress as the dancer friend?", [][]string{{"cast-park-yu-rim-min-hee"}}}, // who plays her, not who she is
		// Who plays a character the question only describes: the cast fact
		// of the character a premise or cast fact describes so.
		{"who plays the dancer friend", [][]string{{"cast-park-yu-rim-min-hee"}}},
		{"who plays the former bodyguard", [][]string{{"cast-jeon-jong-seo-ok-ju"}}},
		// A character's actor is the person who plays them.
		{"what show is the villain's actor known from", [][]string{{"people-kim-money-heist"}}},
		// An actor's role is a character; a character's actor, who plays them.
		{"park yu-rim's role?", [][]string{{"cast-park-yu-rim-min-hee"}}},
		{"choi's actor?", [][]string{{"cast-kim-ji-hoon-choi"}}},
		// "what role" asks for a character.
		{"what role does park yu-rim play", [][]string{{"cast-park-yu-rim-min-hee"}}},
		// "what part", and "plays who" with words after it, ask for a character too.
		{"what part does park yu-rim play", [][]string{{"cast-park-yu-rim-min-hee"}}},
		{"kim ji-hoon plays who in this", [][]string{{"cast-kim-ji-hoon-choi"}}},
		// "the issue of X" says which issue: only a bare mention does not.
		{"what issue does it address", [][]string{{"intent-shed-light-exploitation"}}},
		// Who an actor plays is their cast fact, not a fact about roles
		// offered to them elsewhere.
		{"who does jun jong-seo play", [][]string{{"cast-jeon-jong-seo-ok-ju"}}},
		{"what role does jeon jong-seo play", [][]string{{"cast-jeon-jong-seo-ok-ju"}}},
		{"who is kim ji-hoon playing in ballerina", [][]string{{"cast-kim-ji-hoon-choi"}}},
		// Who plays a character is the cast fact about them, not one that
		// names them as another's friend.
		// After two people are named, "he" is the first and "him" the second.
		{"lee chung-hyun picked gray for the music. was he a fan of him before?", [][]string{{"music-lee-fan-of-gray"}}},
		// "the title of" asks for a title: it is no word of the answer's;
		// "a name in the movie" asks for no title.
		{"what's the title of lee's first film", [][]string{{"people-lee-debut-the-call"}}},
		{"what's min-hee's full name in the film", [][]string{{"name-choi-min-hee"}}},
		// "what work did she do" asks for a job; "come on netflix" is its release.
		{"what work did ok-ju do before", [][]string{{"premise-former-bodyguard"}}},
		// "the name of" a person asks who they are.
		{"what was the name of ok-ju's friend, the one who dies", [][]string{{"premise-min-hee-suicide"}}},
		// "best" before the relation leaves it the relation: the answer names the friend.
		{"who is ok-ju's best friend", [][]string{{"cast-park-yu-rim-min-hee"}}},
		{"who is the actress for ok-ju", [][]string{{"cast-jeon-jong-seo-ok-ju"}}},
		{"who's the actor behind choi", [][]string{{"cast-kim-ji-hoon-choi"}}},
		// "lean on" is filler, as "use" is; "already" says when, not what.
		{"which hues does ballerina lean on", [][]string{{"look-pink-red"}}},
		{"had the director already been a fan of gray", [][]string{{"music-lee-fan-of-gray"}}},
		// "from the start" is "initially"; "imagine" is "envision".
		{"was a second film in the plans from the start", [][]string{{"sequel-not-considered"}}},
		{"could lee imagine another actress for the heroine", [][]string{{"cast-lead-role-jun"}}},
		// "old" before a schoolmate is former, not elderly.
		{"where does ok-ju bump into her old schoolmate", [][]string{{"plot-cake-shop"}}},
		{"who are the goons at the climax", [][]string{{"plot-climax-horde"}}},
		// Meeting in person is interacting directly.
		{"did audiences get to meet the director in person", [][]string{{"festival-audience-theater"}}},
		// "which actress" asks who plays the one described.
		{"which actress is the dancer", [][]string{{"cast-park-yu-rim-min-hee"}}},
		// The asker's own family is not asked for.
		{"my dad wants to know who directed it", [][]string{{"crew-director"}}},
		// What matters to someone is what is important to them.
		{"what matters most to lee in telling a story", [][]string{{"intent-visual-storytelling"}}},
		// A work's title is its name, which any fact naming it holds.
		{"full title of the money heist series kim starred in", [][]string{{"people-kim-money-heist"}}},
		// Someone hateful is despicable.
		{"was choi meant to be purely hateful", [][]string{{"cast-choi-charm"}}},
		{"how many minutes does ballerina last", [][]string{{"release-runtime"}}},
		// A polite opening before the question word.
		{"i would like to know where ok-ju and min-hee met", [][]string{{"plot-cake-shop"}}},
		{"which bourne films are named in the genre review", [][]string{{"look-bourne"}}},
		{"will there be a part two", [][]string{{"sequel-contemplating"}}},
		{"which pictures did the director borrow from", [][]string{{"inspiration-drive-good-time"}}},
		{"which streaming service carries ballerina", [][]string{{"release-netflix"}}},
		// "doesnt" is a negation, not a word to find.
		{"what catharsis doesnt real life give", [][]string{{"intent-catharsis"}}},
		// A fact citing the article a question names holds its name.
		{"what does the feature dated 2023-10-16 say about the style", [][]string{{"look-visually-stunning"}}},
		{"what does sayart say about the music director", [][]string{{"music-gray-singer-producer"}}},
		// A light verb counts little: the fact says "establish" or "provide".
		{"what mood does the visual approach create", [][]string{{"look-melancholy"}}},
		{"what did the busan screening offer the audience", [][]string{{"festival-audience-theater"}}},
		// "they" refers back to the two people the first question named.
		{"when did lee and jun start dating, and which film did they make together before?", [][]string{{"people-dating-2021"}, {"people-jeon-the-call"}}},
		{"how long is it and on which platform can i watch it?", [][]string{{"release-runtime"}, {"release-netflix"}}},
	}
	for _, tc := range tests {
		got := leadIDs(testMatcher(t).Reply(tc.q))
		if len(got) != len(tc.want) {
			t.Errorf("%q: leads %v, want %v", tc.q, got, tc.want)
			continue
		}
		for i := range got {
			if len(got[i]) == 0 || got[i][0] != tc.want[i][0] {
				t.Errorf("%q: leads %v, want %v", tc.q, got, tc.want)
			}
		}
	}
}

func TestReplyShowsDisagreementsOnlyAboutWhatWasAsked(t *testing.T) {
	tests := []struct {
		q        string
		disagree bool
		first    string
	}{
		{"when did it come out", true, ""},
		{"was it released on oct 6", true, "release-oct-6"},
		{"was it released on the 5th", true, "release-oct-5"},
		{"did it come out on the same platform as the call", false, "release-oct-5"},
		{"was it number one or third on netflix", true, ""},
		{"which day did it come on netflix", true, ""},
		{"was it number one", true, "reception-no-1"}, // "one" after "number" is a value, and not chatter
		{"who directed it", false, "crew-director"},
		{"is gray a rapper or a singer", true, ""},
		{"how do you spell ok-ju", true, ""},
		{"main actress?", false, "cast-jeon-jong-seo-ok-ju"},
		{"who did the music", false, "music-director-gray"},
	}
	for _, tc := range tests {
		r := testMatcher(t).Reply(tc.q)
		if len(r.Parts) != 1 || !r.Parts[0].Found {
			t.Errorf("%q: not answered", tc.q)
			continue
		}
		a := r.Parts[0]
		if a.Disagree != tc.disagree || a.Disagree != (a.Lead > 1) {
			t.Errorf("%q: disagree %v with %d lead facts, want %v: %v", tc.q, a.Disagree, a.Lead, tc.disagree, leadIDs(r))
		}
		if tc.first != "" && a.Facts[0].ID != tc.first {
			t.Errorf("%q: first fact %s, want %s", tc.q, a.Facts[0].ID, tc.first)
		}
	}
}

func TestReplyCarriesAtMostThreeFacts(t *testing.T) {
	m := testMatcher(t)
	for _, q := range []string{"main actress?", "music", "how do you spell the director's name", "what's the plot",
		"when was it released and how did it chart and who plays the villain", "who is okju"} {
		n := 0
		for _, a := range m.Reply(q).Parts {
			n += len(a.Facts)
			for _, f := range a.Facts[a.Lead:] {
				if f.Conflict != "" {
					t.Errorf("%q: %s, a side of a disagreement, shown as a further fact", q, f.ID)
				}
			}
		}
		if n > MaxFacts {
			t.Errorf("%q: %d facts", q, n)
		}
	}
}

func TestReplyGreetsAndGuides(t *testing.T) {
	m := testMatcher(t)
	if r := m.Reply("hey there!"); !r.Greeting || r.Found() {
		t.Errorf("greeting: %+v", r)
	}
	if r := m.Reply("help"); !r.Help || r.Found() {
		t.Errorf("help: %+v", r)
	}
	if r := m.Reply("was it inspired by drive or john wick"); r.OtherFilm || !r.Found() {
		t.Errorf("a question about this film naming john wick: %+v", r)
	}
	if r := m.Reply("is this the john wick one"); !r.OtherFilm {
		t.Errorf("john wick, nothing else: %+v", r)
	}
}

func TestAskMatchesReplyForOneQuestion(t *testing.T) {
	m := testMatcher(t)
	for _, q := range []string{"who directed it", "what's the budget", "who is okju"} {
		a, r := m.Ask(q), m.Reply(q)
		if a.Found != r.Found() || a.Found != (len(a.Facts) > 0 || a.Person != nil) {
			t.Errorf("%q: Ask found %v, Reply found %v", q, a.Found, r.Found())
		}
	}
}

func TestLexicon(t *testing.T) {
	l := newLexicon()
	if got := l.targets("melody"); !has(got, "music") {
		t.Errorf("melody -> %v, want music among them", got)
	}
	if got := l.targets("handguns"); !has(got, "firearm") { // through the base form
		t.Errorf("handguns -> %v, want firearm among them", got)
	}
	for w, want := range map[string]bool{"honestly": true, "credits": true, "simkl": false, "lnog": false, "wasseypur": false} {
		if got := l.isEnglish(w); got != want {
			t.Errorf("isEnglish(%q) = %v", w, got)
		}
	}
	if !peopleWords["dealers"] || !placeWords["desert"] || peopleWords["park"] {
		t.Error("people and place words are not what the store needs")
	}
}

func TestYearOfWorkAskedTersely(t *testing.T) {
	m := testMatcher(t)
	for q, year := range map[string]string{
		"bourne ultimatum yr":                             "(2007)",
		"breaking bad yrs?":                               "(2008",
		"what year is once upon a time in hollywood from": "(2019)",
	} {
		r := m.Reply(q)
		if !r.Found() || len(r.Parts[0].Facts) == 0 || !strings.Contains(r.Parts[0].Facts[0].Text, year) {
			t.Errorf("%q: want the fact giving %s, got %+v", q, year, r.Parts)
		}
	}
}

func TestSomeoneElseIsNoOtherWork(t *testing.T) {
	if questionSlots(strings.Fields("could anybody else have played the lead")).otherWork {
		t.Error("anybody else: read as other work")
	}
	if !questionSlots(strings.Fields("what else has she been in")).otherWork {
		t.Error("what else: not read as other work")
	}
}

func TestAsksWork(t *testing.T) {
	for q, want := range map[string]bool{
		"what was their first film together": true,
		"what is his latest show":            true,
		"what was the film trying to show":   false, // the film is who tries
		"what was their first meeting like":  false,
		"what film inspired it":              true, // as before: "what film"
		"what kind of film is it":            false,
		"what the director next film":        true, // "what's the director's next film"
		"what the director film":             false,
		"what the actress like":              false,
	} {
		if got := questionSlots(strings.Fields(q)).title; got != want {
			t.Errorf("questionSlots(%q).title = %v, want %v", q, got, want)
		}
	}
}

func TestApproxNumber(t *testing.T) {
	for w, want := range map[string]bool{"ninetysomething": true, "90ish": true, "twentyodd": true, "something": false, "polish": false, "ninety": false} {
		if got := approxNumber(w); got != want {
			t.Errorf("approxNumber(%q) = %v, want %v", w, got, want)
		}
	}
	if r := testMatcher(t).Reply("ninety-something minutes right?"); !r.Found() || !strings.Contains(r.Parts[0].Facts[0].Text, "93") {
		t.Errorf("ninety-something minutes: got %+v, want the runtime", r.Parts)
	}
}

func TestStemQualityNouns(t *testing.T) {
	for a, b := range map[string]string{"importance": "important", "difference": "different", "violence": "violent", "elegances": "elegant"} {
		if term(a) != term(b) {
			t.Errorf("term(%q) = %q, term(%q) = %q: want one term", a, term(a), b, term(b))
		}
	}
	for a, b := range map[string]string{"dance": "dant", "balance": "balant", "chance": "chant"} {
		if term(a) == term(b) {
			t.Errorf("term(%q) = term(%q) = %q: want two terms", a, b, term(a))
		}
	}
}
