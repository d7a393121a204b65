package facts

import (
	"strings"
	"unicode"
)

// Answer is what the matcher found for one question.
type Answer struct {
	// Question is the question as the user typed it (one part of their
	// message).
	Question string
	Found    bool
	// Person is set when the question only names someone ("who is okjoo"):
	// the answer is their card.
	Person *Person
	// Facts to show, at most MaxFacts. Facts[:Lead] answer the question:
	// one fact, or the sides of a disagreement between articles about what
	// was asked, the side that fits the question's wording first. The rest
	// add to that answer.
	Facts []*Fact
	Lead  int
	// Disagree: the lead facts are sides of a disagreement.
	Disagree bool
	// Suggestions are the nearest facts when nothing was found.
	Suggestions []*Fact
	Coverage    float64
	// named are the people and works the question named, for pronouns in
	// the next question of the message.
	named []string
	// whoAnswer is whom the answer to a "who" question names, for a
	// pronoun of the next question that the people named cannot fill:
	// "who plays choi and what show is he from".
	whoAnswer []string
	// article is the article an answer about an article's byline is
	// about, for the next question of the message ("… and when").
	article string
}

// Ask answers text as one question, without splitting it.
func (m *Matcher) Ask(question string) Answer {
	ws := unslang(words(clampRunes(question, maxQuestion)))
	a := m.answer(m.analyse(ws, nil))
	a.Question = question
	return a
}

// answer picks the facts that answer an analysed question.
func (m *Matcher) answer(q question) Answer {
	if q.article.source != "" {
		return m.articleAnswer(q.article)
	}
	a := Answer{named: q.people}
	if q.slots.when {
		if f := m.yearOfWork(q.people); f != nil {
			// "when did The Bourne Ultimatum come out", "bourne ultimatum
			// yr": the articles give a film's year in brackets after its
			// title, nothing more.
			a.Found, a.Coverage, a.Facts, a.Lead = true, 1, []*Fact{f}, 1
			return a
		}
	}
	if len(q.terms) == 0 && len(q.people) == 1 {
		p, isPerson := m.store.Person(q.people[0])
		switch {
		case (q.slots.otherWork || q.slots.title) && (!isPerson || len(p.OtherWork) == 0):
			return a // the articles name no other work of theirs ("what show is Choi from")
		case (q.slots.identify || q.slots.when || q.slots.where || q.slots.howMany || q.slots.definition) && !q.slots.role:
			return a // "what school did lee go to", "where is jun from": a card says none of it
		case isPerson:
			a.Found, a.Person, a.Coverage = true, p, 1
			return a
		default:
			return a // a film the articles only name: they say nothing of it alone
		}
	}
	if len(q.terms) == 0 && len(q.people) == 0 {
		return a
	}
	if f, actor := m.castFact(&q); f != nil {
		a.Found, a.Coverage, a.Facts, a.Lead = true, 1, []*Fact{f}, 1
		if q.slots.who && !has(q.people, actor) {
			a.whoAnswer = []string{actor} // "who plays choi and what show is he from"
		}
		return a
	}
	if len(q.people) == 0 && playWords[q.relation] && q.playsPronoun {
		return a // "who plays him" with no one to be him: any actor would be a guess
	}
	topic := ""
	if len(q.people) == 0 && (!q.slots.specific() || q.slots.who && !q.slots.role && (q.relation == "" || q.relation == "cast")) {
		topic = m.topicOnly(q.terms)
		if q.slots.specific() && topic != "cast" && topic != "crew" {
			topic = "" // "who's in the cast" asks for the cast; "who did the music" for one person
		}
	}
	allSoft := true
	for _, t := range q.terms {
		allSoft = allSoft && (t.w == 0 || t.bonus)
	}
	if allSoft { // "who is the ballerina": the soft word is all there is
		for i := range q.terms {
			q.terms[i].w, q.terms[i].bonus = m.weight(q.terms[i].t), false
		}
	}
	s := m.score(q)
	defer m.release(s)
	need := required(len(q.terms) + len(q.people))
	best := -1
	for _, d := range s.ranked {
		if m.fits(s, d, need) {
			best = d
			break
		}
	}
	if best >= 0 && (q.onlyLexical() || q.abroad) {
		best = -1
	}
	if best >= 0 && s.declineFit >= declineFit && s.declineFit > s.paraFit[best]+declineMargin {
		best = -1 // one of the questions no article answers, in other words
	}
	// A question that is only a topic ("music", "the reviews") gets the
	// topic's overview, unless one of a fact's own questions is the
	// question ("what is it about").
	if topic != "" && (best < 0 || s.paraFit[best] < strongParaphrase) {
		if o := m.topicAnswer(topic); o.Found {
			return o
		}
	}
	if best < 0 && q.slots.role && len(q.people) == 1 && m.namesCharacter(q.people) {
		// "what is ok-ju's role in the story": who she is, on her card.
		p, _ := m.store.Person(q.people[0])
		a.Found, a.Person, a.Coverage = true, p, 1
		return a
	}
	if best < 0 {
		if f := m.castOfDescribed(q); f != nil {
			a.Found, a.Coverage, a.Facts, a.Lead = true, 1, []*Fact{f}, 1
			return a
		}
		for _, d := range s.ranked {
			if len(a.Suggestions) == maxSuggested {
				break
			}
			a.Suggestions = append(a.Suggestions, m.docs[d].fact)
			if a.Coverage == 0 {
				a.Coverage = min(1, s.covered[d]/s.want)
			}
		}
		return a
	}
	a.Found, a.Coverage = true, min(1, s.covered[best]/s.want) // a bonus term may go beyond
	lead := m.docs[best].fact
	if len(a.named) == 0 {
		a.named = firstPerson(m.docs[best].kinds.people) // "who is the girl who dies … and who plays her"
	}
	if q.slots.who {
		for _, id := range m.docs[best].kinds.persons {
			if !has(q.people, id) {
				a.whoAnswer = []string{id}
				break
			}
		}
	}
	a.Facts = []*Fact{lead}
	if lead.Conflict != "" {
		a.Facts = append(a.Facts, m.sides(s, best)...)
	}
	a.Lead = len(a.Facts)
	a.Disagree = a.Lead > 1
	if !q.slots.specific() && q.either[0] == 0 {
		m.addFurther(&a, s, best, need)
	}
	return a
}

// fits reports whether fact d answers the question: it covers enough of
// it, holds every attribute asked for, is about someone the question names
// (when it names anyone), and fills the question's slot.
func (m *Matcher) fits(s *scores, d int, need float64) bool {
	q := &s.q
	dc := &m.docs[d]
	if s.covered[d]/s.want < need || s.attrs[d] < s.wantAttrs || s.hits[d] < s.unknown ||
		len(q.people) > len(q.byRole) && s.named[d] == 0 || !q.slots.allows(dc.kinds, q.people) {
		return false
	}
	// A "who" question's words, and its relation above all, must be in
	// the fact's text, unless one of the fact's own "who" questions
	// matches it.
	made := makingWords[q.relation] && dc.kinds.filmmaker // "who directed the bourne movies"
	if q.slots.why && !dc.kinds.reason && s.paraFit[d] < strongParaphrase {
		return false // "why did lee cast her": a fact that gives no reason, unless it is one of its own questions
	}
	if q.job != "" && !strings.Contains(strings.ToLower(dc.fact.Text), q.job) {
		return false // "who was the martial arts director": not the director who asked the team
	}
	if makingWords[q.relation] && !m.namesWorksOf(dc, q.people) {
		return false // "who directed drive, since lee mentioned it": not a fact about Lee alone
	}
	if q.relation != "" && !s.relText[d] && !s.paraWho[d] && !made || q.relationNoun && !namesOther(dc.kinds.inText, q.people) {
		return false
	}
	if q.slots.who && !s.paraWho[d] && !namesOther(dc.kinds.persons, q.people) && !saysWhoElse(dc.kinds.humans, q) {
		return false
	}
	return !q.slots.who || s.textHit[d] || s.paraWho[d] || len(q.terms) == 0
}

// namesWorksOf reports whether the fact names every film or series among
// named: who made one is answered only by a fact about it.
func (m *Matcher) namesWorksOf(dc *doc, named []string) bool {
	for _, id := range named {
		if _, isPerson := m.store.Person(id); !isPerson && !has(dc.kinds.works, id) && !has(dc.kinds.inText, id) {
			return false
		}
	}
	return true
}

// onlyLexical reports whether every word of the question that counts is one
// the store never uses, read through WordNet ("in which section": writing,
// music; "did ok-ju go to college": body): a guess at the sense, not enough
// to answer on, also with a name beside it.
func (q *question) onlyLexical() bool {
	n := 0
	for _, t := range q.terms {
		if !t.lexical {
			return false // a store word, even a soft one ("ballerina or violinist")
		}
		n++
	}
	return n > 0
}

// makingWords ask who made a film.
var makingWords = set("directed", "direct", "directs", "made", "make", "makes", "helmed", "filmed")

// saysWhoElse reports whether one of a fact's words for a person is not a
// word of the question: the answer to "who" is someone the question does
// not already name.
func saysWhoElse(humans []string, q *question) bool {
	for _, h := range humans {
		if !q.holds(h) {
			return true
		}
	}
	return false
}

// yearOfWork returns the fact that gives the year of the one work named,
// when ids name one work and no person: the articles write "The Call
// (2020)", "Breaking Bad (2008–2013)".
func (m *Matcher) yearOfWork(ids []string) *Fact {
	var work *Work
	for _, id := range ids {
		if _, isPerson := m.store.Person(id); isPerson {
			return nil
		}
		for i := range m.store.Works {
			if w := &m.store.Works[i]; w.ID == id {
				if work != nil {
					return nil
				}
				work = w
			}
		}
	}
	if work == nil {
		return nil
	}
	for _, d := range m.docsFor[work.ID] {
		f := m.docs[d].fact
		for _, name := range append([]string{work.Name}, work.Aliases...) {
			if i := strings.Index(f.Text, name+" ("); i >= 0 {
				if rest := f.Text[i+len(name)+2:]; rest != "" && unicode.IsDigit(rune(rest[0])) {
					return f
				}
			}
		}
	}
	return nil
}

// declineFit is how well a question of unanswered.yaml must match to
// decline a question, and declineMargin how much better than the answer's
// own best question.
const (
	declineFit    = 0.7
	declineMargin = 0.1
)

// strongParaphrase is a paraFit at which a fact's own question is the
// user's question in other words.
const strongParaphrase = 0.75

// firstPerson returns the first of the people a fact is about, as the one
// a pronoun in the next question refers to.
func firstPerson(people []string) []string {
	if len(people) == 0 {
		return nil
	}
	return people[:1]
}

// specific reports whether a question asks for one thing (a person, a date,
// a number, a place, a title or a name): its answer is one fact.
func (in slots) specific() bool {
	return in.who || in.when || in.howMany || in.duration || in.where || in.title || in.name
}

// topicOnly returns the topic a question asks about as a whole ("what is it
// about", "music", "the reviews"), or "" when it asks something narrower.
func (m *Matcher) topicOnly(terms []qterm) string {
	topic := ""
	for _, q := range terms {
		if q.w == 0 {
			continue // soft: "ballerina"
		}
		name, ok := m.topicOf[q.t]
		if !ok || topic != "" && topic != name {
			return ""
		}
		topic = name
	}
	return topic
}

// topicAnswer is the overview of a topic: its first facts in the curators'
// order, which puts the plainest statements first. Facts of a disagreement
// are left to questions that ask about it.
func (m *Matcher) topicAnswer(topic string) Answer {
	a := Answer{Found: true, Coverage: 1, Lead: 1}
	for _, spoilers := range []bool{false, true} { // spoiler-free facts first
		for i := range m.store.Facts {
			f := &m.store.Facts[i]
			if f.Topic == topic && f.Spoiler == spoilers && f.Conflict == "" && len(a.Facts) < MaxFacts {
				a.Facts = append(a.Facts, f)
			}
		}
	}
	if len(a.Facts) == 0 {
		return Answer{}
	}
	return a
}
