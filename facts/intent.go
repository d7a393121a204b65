package facts

import (
	"strings"
	"unicode"
)

// intent is what kind of answer a question asks for, read from its
// question words. It only ever rules facts out: a fact that matches the
// words but cannot be that kind of answer is no answer ("who was the
// cinematographer" is not answered by a fact that names nobody).
type intent struct {
	who       bool // the answer must name a person other than those asked about
	when      bool // the answer must hold a date or a time
	howMany   bool // the answer must hold a number
	otherWork bool // "what else has X been in": only a person's other work answers
	// definition: "what is a dutch angle" asks what a thing is in general;
	// the articles define nothing, they only use words.
	definition bool
}

func questionIntent(ws []string) intent {
	var in intent
	if len(ws) >= 3 && ws[0] == "what" && (ws[1] == "is" || ws[1] == "are" || ws[1] == "s") && (ws[2] == "a" || ws[2] == "an") {
		in.definition = true
	}
	for i, w := range ws {
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch w {
		case "who", "whos", "whom", "whose":
			in.who = true
		case "when", "whens":
			// Only as a question word: "what did she bring when she
			// visited" asks for a thing, not a date.
			in.when = in.when || i < 2
		case "what", "which":
			in.when = in.when || next == "year" || next == "date" || next == "day"
		case "how":
			in.howMany = in.howMany || next == "many" || next == "much"
		case "else", "other":
			in.otherWork = true
		}
	}
	return in
}

// answerKinds records, per fact, what kinds of answer it can give.
type answerKinds struct {
	people  []string // persons the fact is about
	hasTime bool
	hasNum  bool
}

var months = set("jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
	"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december")

var timeWords = set("since", "after", "before", "during", "initially", "first", "week", "year", "years", "shortly", "when", "while", "date", "dated")

var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "hundred",
	"third", "numerous", "horde", "many", "couple", "single", "only")

func kindsOf(s *Store, f *Fact, about []string) answerKinds {
	k := answerKinds{}
	for _, id := range about {
		if _, ok := s.Person(id); ok {
			k.people = append(k.people, id)
		}
	}
	hasDigit := strings.IndexFunc(f.Text, unicode.IsDigit) >= 0
	k.hasNum = hasDigit
	k.hasTime = hasDigit
	for _, w := range words(f.Text) {
		k.hasTime = k.hasTime || months[w] || timeWords[w]
		k.hasNum = k.hasNum || numberWords[w]
	}
	return k
}

// allows reports whether a fact of these kinds can answer a question of
// this intent that names the given people and works.
func (in intent) allows(k answerKinds, named []string) bool {
	if in.definition || in.when && !k.hasTime || in.howMany && !k.hasNum {
		return false
	}
	if in.who {
		for _, p := range k.people {
			if !has(named, p) {
				return true
			}
		}
		return false
	}
	return true
}
