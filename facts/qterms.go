package facts

import (
	"strings"

	"github.com/biter777/countries"
)

// Question terms: how much each word of a question counts towards the
// coverage a fact needs, and which store terms it may stand for.

// addTerms adds the terms of ws to q, on the given side of an either/or.
func (m *Matcher) addTerms(q *question, ws []string, side int8) {
	var prev string
	i := -1
	clause := -1 // a "when", "while" or "after" clause inside the question
	for j, w := range ws {
		if j >= 2 && (w == "when" || w == "while" || w == "after" || w == "before" || w == "once") && !q.slots.when {
			clause = j
			break
		}
	}
	relTerm := ""
	if q.relation != "" {
		relTerm = term(q.relation)
	}
	eachTerm(ws, func(t, word string) {
		i = indexFrom(ws, word, i+1)
		defer func() { prev = word }()
		if chatter[word] {
			return // "thx", "heyy": no question asks for them
		}
		if word == "behind" && q.slots.who && prev != "" && !stopwords[prev] && !questionStarts[prev] {
			return // "who's the beat-maker behind the soundtrack": the maker of it
		}
		if i > 0 && (ws[i-1] == "my" || ws[i-1] == "our") && attributes[word] {
			return // "my mom asked if …", "wanna tell my sister": the asker's, not asked for
		}
		_, known := m.idf[t]
		// An attribute on one side of an either/or need not be held:
		// "classmates or coworkers" is answered by classmates.
		qt := qterm{t: t, w: m.weight(t), attr: side == 0 && (attributes[word] || m.attrTerms[t]),
			rel: q.relation != "" && (word == q.relation || t == relTerm), side: side} // "best friend" holds "friend"
		_, isNum := numberOf(word)
		isNum = isNum || isDigits(word) || t == "1" && prev == "number" // "number one"
		switch {
		case softTerms[word] && t == term(word): // "ballerina", not "ballerina 2"
			qt.w = 0
			if word == endOfStory {
				qt.alts = []string{term("later")} // "which later proves beneficial"
				qt.w, qt.bonus = lightWeight*m.floorIDF, true
			}
		case q.slots.when && beginWords[word]:
			// "when did they start dating" is answered by "dating since".
			qt.alts = []string{term("since")}
		case lightVerbs[word]:
			// "what tone does it create": the verb only carries the
			// question; the answer may say "establish" or nothing at all.
			qt.w = lightWeight * m.floorIDF
		case isNum && comparisons[prev] || approxNumber(word):
			qt.w = 0 // "over two hours", "ninety-something minutes": a bound, not a value
		case isNum && side == 0 && cardinal(word) && i+1 < len(ws) && !isDigits(ws[i+1]) && !stopwords[ws[i+1]]:
			qt.w = 0 // "the two girls": a count that says who, not a value to find
		case !known && !m.lex.isEnglish(word) && m.addCompound(q, word, side):
			return // "real-world", typed as one word: real, world; not "handled" (hand, led)
		case !known:
			if alts := m.lexiconTerms(word); len(alts) > 0 && !(q.slots.who && agentNoun(word)) && word != q.relation {
				qt.t, qt.alts = alts[0], alts[1:]
				qt.w = lexiconWeight * m.weight(alts[0])
				qt.lexical = true
				// "how much did it earn": the word asked must be held, in
				// one of its readings.
				qt.attr = qt.attr || coreUnknown(ws, i, true)
			} else {
				qt.w *= unknownWeight
				if q.slots.who && agentNoun(word) || !m.lex.isEnglish(word) && !isNum {
					// "who was the cinematographer", "SIMKL": a name
					// or the very thing asked, not filler.
					qt.w = m.floorIDF
				}
				// "who is the journalist who wrote it": the role asked
				// for, which no fact holds.
				qt.attr = qt.attr || q.slots.who && agentNoun(word) || coreUnknown(ws, i, m.lex.isEnglish(word))
				qt.unknown = true
			}
		}
		qt.value = side != 0 || isNum
		if clause >= 0 && i > clause || describes(ws, i) {
			// "what did she bring when she visited": the visit only says
			// when; "the old folks in the truck": the truck only says who.
			qt.w /= 2
		}
		for i, o := range q.terms {
			if o.t == qt.t && o.side == qt.side { // "ballerina … ballerinas": keep the larger weight
				q.terms[i].w = max(o.w, qt.w)
				return
			}
		}
		q.terms = append(q.terms, qt)
	})
}

// beginWords say that something began; in a "when" question the date
// is the beginning.
var beginWords = set("start", "started", "starts", "begin", "began", "begun", "beginning")

// indexFrom returns the index of w in ws at or after from.
func indexFrom(ws []string, w string, from int) int {
	for j := from; j < len(ws); j++ {
		if ws[j] == w {
			return j
		}
	}
	return len(ws)
}

// cardinal reports whether a number word counts rather than orders:
// "two", "93", not "third" or "28th".
func cardinal(w string) bool {
	if isDigits(w) {
		return true
	}
	n, ok := smallNumbers[w]
	return ok && !strings.HasSuffix(w, "th") && w != "third" && n != ""
}

// addCompound adds the two terms of a word the store does not know that is
// two words it does ("realworld" from "real-world", "filmlocation"), and
// reports whether it did.
func (m *Matcher) addCompound(q *question, w string, side int8) bool {
	if rest := term(strings.TrimPrefix(w, "ex")); len(w) > 5 && strings.HasPrefix(w, "ex") && rest != "" {
		if _, known := m.post[rest]; known {
			// "ex-protector": a former one.
			former := term("former")
			q.terms = append(q.terms, qterm{t: former, w: m.weight(former), side: side}, qterm{t: rest, w: m.weight(rest), side: side})
			return true
		}
	}
	for i := 3; i+3 <= len(w); i++ {
		a, b := term(w[:i]), term(w[i:])
		if a == "" || b == "" {
			continue
		}
		_, ka := m.post[a]
		_, kb := m.post[b]
		if ka && kb {
			q.terms = append(q.terms, qterm{t: a, w: m.weight(a), side: side}, qterm{t: b, w: m.weight(b), side: side})
			return true
		}
	}
	return false
}

// lexiconTerms returns the store terms a word the store never uses may
// mean, through WordNet.
func (m *Matcher) lexiconTerms(w string) []string {
	var out []string
	for _, target := range m.lex.targets(w) {
		if t := term(target); t != "" {
			if _, known := m.idf[t]; known && !has(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

func agentNoun(w string) bool {
	for _, s := range agentSuffixes {
		if strings.HasSuffix(w, s) && len(w) > len(s)+3 {
			return true
		}
	}
	return false
}

// describes reports whether the word at i is the noun of a phrase that
// describes someone ("the old folks in the truck", "the guy with the
// gun"): a preposition and an article right after a word for people.
func describes(ws []string, i int) bool {
	if i < 3 || ws[i-1] != "the" || ws[i-2] != "in" && ws[i-2] != "with" && ws[i-2] != "from" {
		return false
	}
	who := ws[i-3]
	return peopleWords[who] && !stopwords[who] || genericPeople[who] || who == "folks" || who == "couple"
}

// approxNumber reports whether w is a number said roughly:
// "ninety-something", "90ish", "twentyodd".
func approxNumber(w string) bool {
	for _, suf := range []string{"something", "ish", "odd", "plus"} {
		if n := strings.TrimSuffix(w, suf); n != w && n != "" {
			_, isNum := numberOf(n)
			return isNum || isDigits(n)
		}
	}
	return false
}

// coreUnknown reports whether the word at i, which the store never uses,
// is what a "why/where/what/when did …" question turns on: the first word
// after the auxiliary once names are gone, the subject or its verb ("why
// did Ok-ju stop …", "what did Variety write"). No fact can answer for it.
func coreUnknown(ws []string, i int, english bool) bool {
	if english && len(ws) >= 4 && ws[0] == "how" && (ws[1] == "much" || ws[1] == "many") && doSupport[ws[2]] {
		// "how much does a flamethrower weigh": the verb at the end is
		// what is measured.
		last := len(ws) - 1
		for last > 3 && stopwords[ws[last]] {
			last--
		}
		return i == last
	}
	if !english || len(ws) < 3 || !coreAsks[ws[0]] || !doSupport[ws[1]] {
		return false
	}
	for j := 2; j < len(ws); j++ {
		switch {
		case ws[j] == "to":
			return false // "what did lee want to add": the aim, which other verbs say
		case !stopwords[ws[j]]:
			return j == i
		}
	}
	return false
}

// coreAsks are the question words whose answer is about the event the
// verb names; "how did the villain coerce women" may be answered with
// another verb for it.
var coreAsks = set("why", "where", "what", "when")

// comparisons make the number after them a bound, not a value to find:
// "is it over two hours".
var comparisons = set("over", "under", "than", "least", "most", "around", "nearly", "almost", "approximately", "roughly", "about")

// agentSuffixes mark a noun for a person by what they do ("editor",
// "cinematographer"); in a "who" question such a word the store lacks asks
// for someone the articles do not name.
var agentSuffixes = []string{"er", "or", "ist", "ian", "eur", "ess"}

// doSupport are the auxiliaries of "what did X do": a subject and its verb follow.
var doSupport = set("did", "does", "do")

// weighUnknownsAboutPeople makes the words of a question that names people
// and asks only in words the store never uses ("was jeon also in burning",
// "when is lee and jun's wedding") count as much as the names together:
// they are what is asked, and the names alone would otherwise cover it.
// entity is the weight of one name.
func (q *question) weighUnknownsAboutPeople(entity float64) {
	if len(q.people) == 0 {
		return
	}
	unknown := 0
	for _, t := range q.terms {
		if t.side == 0 && t.w > 0 && !t.bonus {
			if !t.unknown {
				return
			}
			unknown++
		}
	}
	for i, t := range q.terms {
		if t.unknown && unknown > 0 {
			q.terms[i].w = max(t.w, entity*float64(len(q.people))/float64(unknown))
		}
	}
}

// notAbroad are one-word countries and capitals that are also everyday
// words or first names: "male", "chad", "victoria".
var notAbroad = set("none", "male", "chad", "jordan", "georgia", "victoria", "stanley", "hamilton", "douglas", "plymouth",
	"jamestown", "washington", "sofia", "santiago", "turkey", "jersey", "guernsey", "kingston", "kingstown", "reunion",
	"niger", "guinea", "nice", "marigot", "gustavia")

// abroadWords are the one-word countries and capitals of the world (ISO
// 3166, by github.com/biter777/countries) that neither the store nor the
// articles use, with the everyday names of a few: a question about
// Ballerina "in japan" asks what the articles, which speak of Korea and of
// Netflix at large, do not say.
func abroadWords(vocab map[string]struct{}, articles map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, c := range countries.All() {
		// Name and Capital, not Info: Info builds each country's
		// subdivisions too, which made a matcher slow to build.
		for _, n := range []string{c.String(), c.Capital().String()} {
			if n = strings.ToLower(n); !strings.ContainsAny(n, " ,'()-") && !notAbroad[n] {
				out[n] = true
			}
		}
	}
	for _, n := range []string{"america", "usa", "uk", "britain", "england", "scotland", "wales", "europe", "africa", "australia", "brasil", "holland"} {
		out[n] = true
	}
	for n := range out {
		if _, known := vocab[n]; known || articles[n] {
			delete(out, n)
		}
	}
	return out
}
