package facts

import "strings"

// question is one question of a message, analysed: who it names, the terms
// to find, and the slot its answer must fill.
type question struct {
	people []string
	terms  []qterm
	slots  slots
	// either holds the total weight of each side of an either/or question
	// ("was it the 5th or the 6th"), when it has one.
	either [2]float64
	// relation is the word of a "who" question that relates the person
	// asked for to the film ("plays", "directed") or to someone named
	// ("boss" in "who is Choi's boss"); its term must be in the fact's text.
	relation string
	// byRole are the people of people named only by a role ("the
	// director"): a fact need not name them.
	byRole []string
	// relationNoun: the relation is a person ("friend", "boss"); the
	// answer must name them.
	relationNoun bool
	// article: the question asks who wrote an article, when, where or
	// under what title (byline.go).
	article articleAsk
	// job is a crew job asked for by its full name ("martial arts
	// director"): the answer must name it so.
	job string
	// playsPronoun: a pronoun is who is played ("who plays him").
	playsPronoun bool
	// abroad: the question names a country or a city the articles never
	// do ("is it on netflix in japan"); no fact answers it.
	abroad bool
}

// genericPeople are words for someone in general: in a "who" question they
// say that a person is asked for ("who's the girl she avenges"), not what
// the answer is about.
var genericPeople = set("girl", "girls", "guy", "guys", "woman", "women", "man", "men", "person", "people", "lady", "dude", "someone", "somebody", "character", "fellow", "chap", "gal", "bloke")

func dropGenericPeople(ws []string, who bool) []string {
	if !who {
		return ws
	}
	out := ws[:0:0]
	for i, w := range ws {
		// "which team had a lot of women": after "of" they are what
		// something holds, not whom the question asks for.
		if !genericPeople[w] || i > 0 && ws[i-1] == "of" {
			out = append(out, w)
		}
	}
	return out
}

func singular(w string) string {
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// speakerOf returns who speaks in a "what did X say" question: the name
// or role right before the verb of speech.
func (m *Matcher) speakerOf(ws []string) (id string, role, ok bool) {
	folded := foldAll(ws)
	for i := 0; i < len(ws); i++ {
		pid, size, isRole := m.names.matchAt(ws, folded, i)
		if size == 0 {
			continue
		}
		if end := i + size; end < len(ws) && speechWords[ws[end]] {
			return pid, isRole, true
		}
		i += size - 1
	}
	return "", false, false
}

// speechWords ask what someone said, thought or felt.
var speechWords = set("say", "said", "says", "think", "thinks", "thought", "feel", "feels", "felt", "reveal", "reveals", "revealed", "explain", "explained")

// qterm is a question term and how much it counts towards coverage.
type qterm struct {
	t    string
	alts []string // further store terms it may stand for (WordNet)
	w    float64
	attr bool // an attribute asked for: the answer must contain it
	// unknown: the store has never seen the word. It may be filler
	// ("confirmed") or the very thing asked ("budget", "squid").
	unknown bool
	// side is 1 or 2 for a term of one side of an either/or question; only
	// one side need be found.
	side int8
	// value: a number or an either/or side, the value a disagreement is
	// about ("was it released on the 5th").
	value bool
	rel   bool // the relation of a "who" question (see question.relation)
	// source is the article the term names ("herald"): every fact citing
	// it holds the term.
	source string
	// bonus: a fact holding the term ranks higher, but the question's
	// coverage does not need it ("at the end": "later" or nothing).
	bonus bool
	// lexical: a word the store never uses, read as the store words
	// WordNet gives for it.
	lexical bool
}

// auxiliaries may stand between "who" and what a "who" question asks
// ("who is the villain", "who did the music").
var auxiliaries = set("is", "s", "was", "are", "were", "did", "does", "do", "has", "had", "have", "will", "would", "can", "could")

// analyse turns the words of one question into names, terms and slots.
// prev are the people the previous question of the message named.
func (m *Matcher) analyse(ws []string, prev []string) question {
	ws, _ = m.fixTypos(fixQuestionWords(dropLeadIn(ws)))
	sourceOf := m.sourceWordsOf(ws)
	if sourceOf != nil || hasAny(ws, writerNames) {
		if ask, ok := m.asksArticle(ws, sourceOf); ok {
			return question{article: ask}
		}
	}
	people, rest, byRole := m.names.extractNames(ws, true)
	rest = m.dropOtherName(rest, len(people) > 0)
	if r, ok := namesFriend(rest); ok && m.friend != "" && !has(people, m.friend) && !q0who(ws) {
		people, rest = append(people[:len(people):len(people)], m.friend), r // "where's her friend lying"
	}
	if r, ok := namesPair(rest); ok && len(m.pair) == 2 && len(people) == 0 {
		people, rest = append([]string(nil), m.pair...), r // "where did the two girls meet again"
	}
	if len(people) == 0 && (len(prev) == 1 || len(prev) == 2) {
		for _, w := range rest {
			// "they", "them", "their" refer back to two people, the
			// others to one.
			if pronouns[w] && (len(prev) == 1) != pluralPronouns[w] {
				people = prev
				break
			}
		}
		if len(people) == 0 && len(prev) == 2 {
			people = oneOfTwo(rest, prev)
		}
	}
	if m.asksWhoPlays(ws, people) || asksWhichActor(ws) || m.asksActorFor(ws, people) {
		rest = append(rest, "plays")
	}
	people, rest = m.actorsOfCharacters(people, rest)
	people, rest = m.charactersOfActors(ws, people, rest)
	q := question{people: people, byRole: byRole, slots: questionSlots(ws), job: jobAsked(ws), abroad: hasAny(ws, m.abroad)}
	for i := 1; i < len(ws); i++ {
		q.playsPronoun = q.playsPronoun || playWords[ws[i-1]] && pronouns[ws[i]]
	}
	q.slots.who = q.slots.who || len(people) == 0 && m.asksForJob(ws)
	if q.slots.occupation {
		rest = mapWords(rest, workWord, "job")
	}
	if len(people) > 0 && !q.slots.title && !q.slots.occupation && len(rest) > 1 && (rest[0] == "which" || rest[0] == "what") && workNouns[rest[1]] {
		q.slots.title = true // "which wong kar wai film": a name between the question word and the work
	}
	if noun := asksForMake(ws); noun != "" && !q.slots.identify {
		q.slots.identify, q.slots.identifyNoun = true, noun
	}
	if !q.slots.role && len(people) == 1 && !m.namesCharacter(people) && m.namesPerson(people) {
		// "jeon jong-seo's role?": the only word besides an actor's name
		// asks for their character.
		// "the name of kim ji-hoon's character" asks for it too.
		var content []string
		named := false
		for _, w := range rest {
			if !stopwords[w] && !chatter[w] && !(nameWords[w] && w != "called") {
				content = append(content, w)
			}
			named = named || nameWords[w]
		}
		q.slots.role = len(content) == 1 && roleWords[content[0]]
		if q.slots.role && named {
			q.slots.name = false
			rest = dropWords(rest, nameWords)
		}
	}
	if playsWho(ws) && !m.namesCharacter(people) && m.namesPerson(people) {
		// "jeon jong-seo plays who (in it)": her character, not a person.
		q.slots.who, q.slots.role = false, true
	}
	if q.slots.title {
		// "what's the title of lee's first film": the title is what is
		// asked, not a word the answer holds.
		// "the korean title" keeps it: a title of another kind.
		var kept []string
		for i, w := range rest {
			if !titleWords[w] || i == 0 || !determiners[rest[i-1]] {
				kept = append(kept, w)
			}
		}
		rest = kept
	}
	if earnings(ws) {
		rest = append(rest[:len(rest):len(rest)], "money") // "how much did it make": what it earned
	}
	if r, ok := nameOfSomeone(rest); ok {
		// "what was the name of ok-ju's friend": who the friend is, not
		// how a name is spelled.
		rest, q.slots.name, q.slots.who = r, false, true
	}
	if len(people) == 1 && m.namesCharacter(people) && has(rest, "role") {
		q.slots.role = true // "what is ok-ju's role in the story"
	}
	if q.slots.role {
		// "what part does kim ji-hoon play": "part" says role, as
		// "role" does, not a part of the film.
		rest = mapWords(rest, partWords, "role")
	}
	if q.slots.rankAsked && m.namesPerson(people) {
		q.slots.howMany = false // a person's rank is a role, not a number
	}
	if q.slots.who {
		q.relation = relationWord(rest, len(people) > len(byRole))
		for _, w := range rest {
			if q.relation == "" && playWords[w] {
				q.relation = w // "the woman playing the bodyguard?": who plays
			}
		}
		// "who is Ok-ju's bff": the answer names the friend.
		q.relationNoun = q.relation != "" && peopleWords[singular(q.relation)] || synonyms[q.relation] == "friend"
	}
	if w := terseRelation(ws, rest); !q.slots.who && len(people) == 1 && w != "" {
		// "jang ok-ju's best friend?": who the friend is.
		q.slots.who, q.relation, q.relationNoun = true, w, true
	}
	if q.slots.said {
		// "what did Park Yu-rim say": her words. "What did min-hee's note
		// say" asks no one's; "what did the director say" may be answered
		// by an article's words.
		if id, role, ok := m.speakerOf(ws); ok && !role {
			q.slots.saidBy = []string{id}
			if p, _ := m.store.Person(id); p != nil && p.Kind == "character" {
				// "how does okju feel inside": the story tells her
				// feelings; the articles quote no character.
				q.slots.said, q.slots.saidBy = false, nil
			}
		}
	}
	if len(people) > 0 && m.names.respelled(ws) {
		// Two spellings of one name ("is lee chung-hyeon the same as lee
		// chung-hyun"): a question about spelling.
		q.slots.name = true
		rest = append(dropWords(rest, sameWords), "spelling")
	}
	rest = dropGenericPeople(rest, q.slots.who)
	rest, q.slots.duration = senses(rest, len(people) > 0)
	left, right, plain := eitherSides(rest)
	m.addTerms(&q, plain, 0)
	if len(left) > 0 {
		m.addTerms(&q, left, 1)
		m.addTerms(&q, right, 2)
		q.splitSides()
	}
	for i := range q.terms {
		q.terms[i].source = sourceOf[q.terms[i].t]
	}
	if m.namesWork(people) {
		// "the full title of the money heist show": a work's name is its
		// title, which any fact naming it holds.
		q.dropTerm(term("title"))
	}
	q.weighUnknownsAboutPeople(entityWeight * m.floorIDF)
	// "what is it about" asks for a story: the premise; so does "what is
	// Drive about", which the articles cannot answer. "Tell me about Jun"
	// asks for her card.
	if q.slots.where && q.holds(term("collaborate")) {
		// "where did they first work together": on which film, not in
		// which place.
		q.slots.where, q.slots.title = false, true
	}
	if n := len(rest); n > 1 && rest[n-1] == "about" && !m.namesPerson(people) {
		t := term("premise")
		q.terms = append(q.terms, qterm{t: t, w: m.weight(t)})
	}
	return q
}

// sameWords ask whether two spellings are one person: the spelling
// answers, it need not say "same".
var sameWords = set("same", "person", "people", "different", "guy", "woman", "man")

// dropWords returns ws without the words of drop.
func dropWords(ws []string, drop map[string]bool) []string {
	out := ws[:0:0]
	for _, w := range ws {
		if !drop[w] {
			out = append(out, w)
		}
	}
	return out
}

// terseRelation returns the word of a question without a question word
// that is only a tie to someone named ("okju's bff?", "min-hee's friend"),
// or "".
func terseRelation(ws, rest []string) string {
	tie := ""
	for _, w := range ws {
		if questionWords[w] || auxiliaries[w] {
			return ""
		}
	}
	for i, w := range rest {
		switch {
		case stopwords[w] || chatter[w] || w == "best":
		case tie != "":
			return ""
		case synonyms[w] == "friend" || w == "friend" || peopleWords[singular(w)] && attributes[w]:
			tie = w
			if i > 0 && rest[i-1] == "best" {
				tie = "best" // the term of "best friend" comes from its first word
			}
		default:
			return ""
		}
	}
	return tie
}

// q0who reports whether a question asks who: "who is her friend" asks for
// the friend, it does not name her.
func q0who(ws []string) bool {
	for _, w := range ws {
		if w == "who" || w == "whos" || w == "whose" {
			return true
		}
	}
	return false
}
