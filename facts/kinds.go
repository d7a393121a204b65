package facts

import (
	"strings"
	"unicode"
)

// answerKinds records, per fact, what kinds of answer it can give.
type answerKinds struct {
	people []string // persons and works the fact is about or names
	inText []string // the persons and works its text names
	works  []string // other films, series and events it names
	human  bool     // its text says who with a word for a person or group ("dealers", "couple")
	// humans are the terms of those words, so that a "who" question is not
	// answered by the very word it asks about ("for whom did the bodyguard
	// work" by "a former bodyguard").
	humans  []string
	hasTime bool
	hasYear bool // a year in digits: "2023", "(2020)"
	// filmmaker: names a filmmaker, whose films are theirs ("Paul
	// Greengrass' The Bourne Supremacy"): who made them, though no verb says so.
	filmmaker bool
	hasNum    bool
	place     bool
	proper    bool // names a work, a platform or a country, not only a kind of place
	// company: names a company ("Netflix"), who may answer "with whom".
	company bool
	// counted are the terms the text gives a number of: "93 minutes",
	// "numerous people", "a horde of guys".
	counted map[string]bool
	// speakers are the people the text quotes or reports as saying,
	// thinking or feeling something.
	speakers []string
	// qualified are the nouns of the text with the qualifiers before them;
	// bare those with only an article or a preposition before them.
	qualified map[string][]string
	bare      map[string]bool
	// characters are the characters its text names; persons the people
	// and characters (not the works).
	characters, persons []string
	// spelling: the fact is a note on how the articles spell a name; it
	// answers only a question about a name.
	spelling bool
	// titles are the works it names that are films, series or songs, not
	// the filmmakers named among them: "which Wong Kar Wai film" is not
	// answered by Wong Kar Wai.
	titles   []string
	reason   bool // gives a reason: "because", "inspired", "wanted"
	hasDay   bool // names a month or a weekday, not only a year
	filming  bool // says where or how the film was shot
	exactNum bool // gives a number, not only "numerous" or "a horde"
}

// reasonWords say why something is so.
var reasonWords = set("because", "since", "so", "inspired", "inspiration", "influenced", "wanted", "aimed", "aiming", "aim",
	"wish", "wishing", "wished", "hopes", "hope", "due", "reason", "motivation", "drove", "led", "prompting", "felt", "fan",
	"thinking", "believe", "believes", "finding", "avenge", "avenging", "revenge", "vengeance", "payback")

var months = set("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
	"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december")

// timeWords place an event in time; "first" or "during" alone do not say when.
var timeWords = set("since", "after", "before", "week", "year", "years", "date", "dated", "wednesday")

// bareBefore are the articles and prepositions a noun may follow and still
// say nothing of which it is ("with alcohol"); after "to" or "will" it is a
// verb ("to look like").
var bareBefore = set("a", "an", "the", "with", "in", "of", "on", "for", "and", "or", "by", "at", "from", "some", "any")

// bareAfter say which a noun is after it: "the issue of sexual
// exploitation", "films like Drive".
var bareAfter = set("of", "like", "called", "named", "such", "about")

// weekdays name a day; with months they say which day, not only which year.
var weekdays = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "hundred",
	"numerous", "horde", "many", "couple", "single", "only")

// placeNames are places the lexicon cannot know: the platform and the
// festival the film was shown on, and words that say "where".
var placeNames = set("netflix", "busan", "locations", "location", "places", "platform", "festival", "cinemas", "theater", "theaters", "korean")

// companies are the companies the articles name.
var companies = set("netflix")

// properPlaces are the places the articles name.
var properPlaces = set("netflix", "busan", "korea", "korean", "seoul")

// counters are words that give a number of what follows them.
var counters = set("numerous", "many", "several", "horde", "couple", "dozen", "dozens", "few", "hundreds", "thousands", "lot", "lots")

// speechVerbs report what someone says, thinks or feels.
var speechVerbs = set("says", "said", "say", "noted", "notes", "acknowledges", "acknowledged", "believes", "feels", "felt",
	"expressed", "emphasized", "emphasizes", "describes", "told", "hopes", "wanted", "wants", "explained", "admits", "added",
	"thinks", "thought", "prefers", "recalls", "calls", "asked", "aimed", "aims")

// personWorks are the kinds of works.yaml entries that are people: the
// filmmakers and actors the articles name in passing.
var personWorks = set("filmmaker", "actor", "director", "person")

func kindsOf(s *Store, f *Fact, about, inText, works []string) answerKinds {
	k := answerKinds{people: about, inText: inText, works: works, proper: len(works) > 0, counted: map[string]bool{}, qualified: map[string][]string{},
		bare: map[string]bool{}}
	for _, kw := range f.Keywords {
		k.spelling = k.spelling || kw == "spelling"
	}
	for _, id := range works {
		person := false
		for _, w := range s.Works {
			person = person || w.ID == id && personWorks[w.Kind]
		}
		if !person {
			k.titles = append(k.titles, id)
		}
	}
	for _, id := range inText {
		if p, ok := s.Person(id); ok {
			k.persons = append(k.persons, id)
			if p.Kind == "character" {
				k.characters = append(k.characters, id)
			}
		}
		for _, w := range s.Works {
			k.filmmaker = k.filmmaker || w.ID == id && w.Kind == "filmmaker"
			if w.ID == id && personWorks[w.Kind] {
				k.persons = append(k.persons, id) // Wong Kar Wai, named among the works
			}
		}
	}
	hasDigit := strings.IndexFunc(f.Text, unicode.IsDigit) >= 0
	k.hasNum = hasDigit
	ws := words(f.Text)
	for i, w := range ws {
		if _, n := numberOf(w); (n && cardinal(w) || isDigits(w) || counters[w]) && i+1 < len(ws) {
			j := i + 1
			if ws[j] == "of" && j+1 < len(ws) {
				j++ // "a horde of guys"
			}
			// "a horde of guys" counts a horde too: "how many goons" (a
			// horde, by the synonyms) is answered by it.
			if t := term(w); t != "" {
				k.counted[t] = true
			}
			// "a couple of outdated guns": one word may describe what is counted.
			for _, next := range ws[j:min(len(ws), j+2)] {
				if stopwords[next] {
					break
				}
				k.counted[next] = true
				k.counted[strings.TrimSuffix(next, "s")] = true
				k.counted[term(next)] = true // "mins" counts minutes
			}
		}
	}
	for i := range ws {
		w := ws[i]
		if i > 0 && !stopwords[ws[i-1]] {
			k.qualified[w] = append(k.qualified[w], ws[i-1])
			k.qualified[term(w)] = append(k.qualified[term(w)], ws[i-1])
		} else if (i == 0 || bareBefore[ws[i-1]]) && (i+1 == len(ws) || !bareAfter[ws[i+1]]) {
			k.bare[w], k.bare[term(w)] = true, true
		}
	}
	for i, w := range ws {
		_, isNum := numberOf(w)
		// A year or a date says when; "28th" or "93" alone do not.
		year := len(w) >= 4 && isDigits(w[:4]) && (w[:2] == "19" || w[:2] == "20")
		k.hasYear = k.hasYear || year
		k.hasTime = k.hasTime || months[w] || timeWords[w] || year
		k.hasNum = k.hasNum || numberWords[w] || isNum
		k.exactNum = k.exactNum || isNum && !counters[w] || numberWords[w] && !counters[w] && w != "only" || isDigits(w)
		// "Oct. 5", "October": a month; "may" and "Jun" (Jong-seo) only
		// before a day.
		k.hasDay = k.hasDay || weekdays[w] || months[w] && (len(w) > 3 || i+1 < len(ws) && isDigits(ws[i+1]))
		k.place = k.place || placeWords[w] || placeNames[w]
		k.proper = k.proper || properPlaces[w]
		k.company = k.company || companies[w]
		k.reason = k.reason || reasonWords[w]
		k.filming = k.filming || filmingWords[w]
		// "Ballerina" is the film; "a ballerina dancer" a person.
		title := softTerms[w] && !strings.Contains(f.Text, " "+w)
		if peopleWords[w] && !stopwords[w] && !title {
			k.human = true
			k.humans = append(k.humans, term(w))
		}
	}
	return k
}

// crew are the people the text names who are not characters of the story.
func (k answerKinds) crew() []string {
	var out []string
	for _, p := range k.persons {
		if !has(k.characters, p) {
			out = append(out, p)
		}
	}
	return out
}

// allows reports whether a fact of these kinds can fill the question's
// slots, when the question names the given people and works.
func (in *slots) allows(k answerKinds, named []string) bool {
	switch {
	case in.definition,
		k.spelling && !in.name,
		k.spelling && len(named) == 0 && !in.who, // "the korean title written in hangul": no one's name
		in.when && !k.hasTime,
		in.year && !k.hasYear,
		in.day && !k.hasDay,
		in.filming && !k.filming,
		in.exact && !k.exactNum,
		in.year && len(named) == 0 && len(k.works) > 0, // "what year did it come out": not The Call's year
		in.howMany && !k.hasNum && !(workNouns[in.counted] && len(k.works) > 1), // "how many films": the films it names
		in.duration && !k.hasTime,
		in.where && !k.place,
		in.title && !namesOther(k.titles, named),
		in.otherWork && len(k.works) > 0 && !namesOther(k.titles, named), // "besides the call, what else has she been in"
		in.identify && !k.proper && (brandNouns[in.identifyNoun] || !k.qualifies(in.identifyNoun, in.identifyMod)),
		in.thing != "" && !k.proper && k.mentionsBare(in.thing) && !k.qualifies(in.thing, in.identifyMod),
		in.counted != "" && !k.counted[in.counted] && !k.counted[strings.TrimSuffix(in.counted, "s")] && !k.counted[term(in.counted)] &&
			!(workNouns[in.counted] && len(k.works) > 1),
		in.role && !namesOther(k.characters, named),
		in.madeBy && !k.company && !namesOther(k.crew(), named):
		return false
	case in.who:
		// A film named is no answer to "who": "who shot it" is not
		// answered by "Ballerina is shot in a stunning style".
		return k.human || namesOther(k.persons, named) || k.company
	case in.said && len(in.saidBy) > 0:
		// "what did Park Yu-rim say about her role": her words, not a fact
		// about her.
		for _, p := range in.saidBy {
			if has(k.speakers, p) {
				return true
			}
		}
		return false
	}
	return true
}

// qualifies reports whether the fact's text says which noun it is: a word
// other than an article or a preposition stands before it ("a cake shop",
// not "the beach").
// A qualifier the question itself gives ("high" in "which high school")
// does not count.
func (k answerKinds) qualifies(noun, asked string) bool {
	for _, q := range append(k.qualified[noun], k.qualified[term(noun)]...) {
		if q != asked && (asked == "" || term(q) != term(asked)) {
			return true
		}
	}
	return false
}

// mentionsBare reports whether the text has noun with nothing before it
// but an article or a preposition ("with alcohol and food").
func (k answerKinds) mentionsBare(noun string) bool { return k.bare[noun] || k.bare[term(noun)] }
