package facts

import (
	"sort"
	"strings"
)

// Reply is what the matcher makes of a message: a greeting or a request for
// help, a question about another film, or an answer per question asked.
type Reply struct {
	// Greeting: the message only greets, thanks or chats.
	Greeting bool
	// Help: the message asks what the bot can do.
	Help bool
	// OtherFilm: the message asks about another film called Ballerina.
	OtherFilm bool
	// Parts answer the questions of the message, in order; together they
	// show at most MaxFacts facts.
	Parts []Answer
}

// Found reports whether any question of the message was answered.
func (r Reply) Found() bool {
	for _, a := range r.Parts {
		if a.Found {
			return true
		}
	}
	return false
}

// Reply answers a message: each question it asks, up to three.
func (m *Matcher) Reply(message string) Reply {
	msg := parseMessage(message)
	r := Reply{Greeting: msg.greeting, Help: msg.help, OtherFilm: msg.otherFilm}
	if msg.otherFilm && len(msg.parts) <= 1 {
		return r // the only question is about the other film
	}

	var prev, alt []string
	article := ""
	var parts []questionPart
	for _, p := range msg.parts {
		for _, q := range m.splitNames(p) {
			parts = append(parts, m.splitAlike(q)...)
		}
	}
	parts = m.dropBare(parts)
	if len(parts) > maxParts {
		parts = parts[:maxParts]
	}
	for _, p := range parts {
		if len(prev) == 0 && len(p.context) > 0 {
			prev = m.personsNamed(p.context) // "jeon jong-seo ate this role. is she …"
		}
		a, ok := m.followUp(p.words, article)
		if !ok {
			a = m.answer(m.analyse(p.words, prev))
		}
		article = a.article
		if !a.Found && len(r.Parts) == 0 && len(alt) == 0 && len(prev) == 0 && len(m.director) == 1 && hasAny(p.words, malePronouns) && !hasAny(p.words, playWords) {
			// "what art form did he want the payback to look like": a
			// "he" no one before names is, failing all else, the one whose
			// aims the articles report; but not after an earlier question,
			// whose subject he is ("the guy who runs the gang, who plays
			// him").
			alt = m.director
		}
		if !a.Found && len(alt) > 0 {
			// "who plays choi pro and what show is he from": he is the
			// actor the first answer named, not Choi.
			if b := m.answer(m.analyse(p.words, alt)); b.Found {
				a = b
			}
		}
		a.Question = p.text
		prev, alt = a.named, a.whoAnswer
		r.Parts = append(r.Parts, a)
		if p.then == "" {
			continue
		}
		if b, ok := m.followUp([]string{p.then}, article); ok {
			b.Question = p.then + "?"
			r.Parts = append(r.Parts, b) // "who wrote the sayart article and when"
		}
	}
	// Several questions share the budget: each keeps its answer, further
	// facts go, and sides of a disagreement beyond the budget go last.
	if len(r.Parts) > 1 {
		budget := MaxFacts
		for i := range r.Parts {
			a := &r.Parts[i]
			a.Facts = a.Facts[:a.Lead]
			if len(a.Facts) > 0 {
				budget--
			}
		}
		for i := range r.Parts {
			a := &r.Parts[i]
			keep := min(len(a.Facts), 1+max(budget, 0))
			budget -= keep - min(keep, 1)
			a.Facts, a.Lead = a.Facts[:keep], keep
			a.Disagree = a.Disagree && keep > 1
		}
	}
	if msg.maybeOtherFilm && !r.Found() {
		// "john wick" in a question nothing here answers: it was about
		// the other film.
		return Reply{OtherFilm: true}
	}
	return r
}

// splitNames makes "who plays Ok-ju and Min-hee" two questions, one per
// name: each name has its own answer. Questions about the two together
// ("what do Ok-ju and Min-hee do together") stay one.
func (m *Matcher) splitNames(p questionPart) []questionPart {
	ws := p.words
	if len(ws) < 4 || ws[0] != "who" {
		return []questionPart{p}
	}
	folded := foldAll(ws)
	type span struct{ start, end int }
	var names []span
	var ids []string
	for i := 0; i < len(ws); i++ {
		id, size, role := m.names.matchAt(ws, folded, i)
		if size > 0 && !role {
			if has(ids, id) {
				return []questionPart{p}
			}
			names = append(names, span{i, i + size})
			ids = append(ids, id)
			i += size - 1
		}
	}
	// Exactly "… X and Y", nothing after but stopwords.
	if len(names) != 2 || names[1].start != names[0].end+1 || ws[names[0].end] != "and" {
		return []questionPart{p}
	}
	for _, w := range ws[names[1].end:] {
		if !stopwords[w] && !softTerms[w] {
			return []questionPart{p}
		}
	}
	head := ws[:names[0].start]
	var out []questionPart
	for i, n := range names {
		q := append(append([]string(nil), head...), ws[n.start:n.end]...)
		name := strings.Join(ws[n.start:n.end], " ")
		if person, ok := m.store.Person(ids[i]); ok {
			name = person.Name
		}
		out = append(out, questionPart{text: strings.Join(head, " ") + " " + name + "?", words: q, question: true})
	}
	return out
}

// personsNamed returns the people (not works) ws name.
func (m *Matcher) personsNamed(ws []string) []string {
	named, _ := m.names.extract(ws)
	var out []string
	for _, id := range named {
		if _, ok := m.store.Person(id); ok {
			out = append(out, id)
		}
	}
	return out
}

// dropBare keeps a question that says nothing of its own only when the
// question before it names someone its pronouns can mean: "lee directed it
// right? what else did he make" asks about Lee; "the gun sellers are
// old?? who are they exactly" asks nothing the first question does not.
func (m *Matcher) dropBare(parts []questionPart) []questionPart {
	var out []questionPart // nil while nothing is dropped
	for i, p := range parts {
		if i > 0 && !hasContent(p.words) && len(m.personsNamed(parts[i-1].words)) == 0 && !m.namesArticle(parts[i-1].words) {
			if out == nil {
				out = append(make([]questionPart, 0, len(parts)), parts[:i]...)
			}
			continue
		}
		if out != nil {
			out = append(out, p)
		}
	}
	if out == nil {
		return parts
	}
	return out
}

// splitAlike makes "okju's last name and min-hee's last name" two
// questions: the halves around "and" ask the same of two people.
func (m *Matcher) splitAlike(p questionPart) []questionPart {
	ws := p.words
	k := indexFrom(ws, "and", 1)
	if k >= len(ws)-1 {
		return []questionPart{p}
	}
	left, lrest := m.names.extract(ws[:k])
	right, rrest := m.names.extract(ws[k+1:])
	if len(left) != 1 || len(right) != 1 || left[0] == right[0] || len(lrest) == 0 || strings.Join(lrest, " ") != strings.Join(rrest, " ") {
		return []questionPart{p}
	}
	text := strings.SplitN(p.text, " and ", 2)
	if len(text) < 2 {
		text = []string{p.text, p.text}
	}
	return []questionPart{
		{text: text[0], words: ws[:k], question: true, context: p.context},
		{text: text[1], words: ws[k+1:], question: true},
	}
}

// malePronouns may mean the director when no one else is named.
var malePronouns = set("he", "him", "his")

func hasAny(ws []string, of map[string]bool) bool {
	for _, w := range ws {
		if of[w] {
			return true
		}
	}
	return false
}

// sides returns the other sides of the lead fact's disagreement that answer
// the same question: facts of its conflict group that fit it, leaving the
// values aside ("released on the 5th" is answered by the Oct. 6 side too).
// The side that fits the question's own words comes first, so they are
// returned in rank order, at most MaxFacts-1.
func (m *Matcher) sides(s *scores, best int) []*Fact {
	lead := m.docs[best].fact
	var out []int
	for _, d := range s.ranked {
		f := m.docs[d].fact
		if d == best || f.Conflict != lead.Conflict {
			continue
		}
		if s.valueWant > 0 && s.plain[d] >= 0.8*s.plain[best] && s.plain[d]/s.valueWant >= required(len(s.q.terms)+len(s.q.people)) &&
			s.attrs[d] >= s.wantAttrs && (len(s.q.people) == len(s.q.byRole) || s.named[d] > 0) && s.q.slots.allows(m.docs[d].kinds, s.q.people) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return s.rank[out[a]] > s.rank[out[b]] })
	var facts []*Fact
	for _, d := range out {
		if len(facts) == MaxFacts-1 {
			break
		}
		facts = append(facts, m.docs[d].fact)
	}
	return facts
}

// addFurther adds up to MaxFacts facts in all: facts that rank close to the
// best, fit the question, and add something the answer does not already
// say. Facts of a disagreement are never further facts: shown alone they
// would pick a side.
func (m *Matcher) addFurther(a *Answer, s *scores, best int, need float64) {
	// The terms already shown: a few dozen at most, so a slice beats a map.
	var shown []string
	for _, f := range a.Facts {
		shown = append(shown, m.docs[m.docOf[f.ID]].textTerms...)
	}
	for _, d := range s.ranked {
		if len(a.Facts) >= MaxFacts || s.rank[d] < alsoShare*s.rank[best] {
			break
		}
		f := m.docs[d].fact
		if d == best || f.Conflict != "" || contains(a.Facts, f) || !m.fits(s, d, need) {
			continue
		}
		fresh := 0
		ts := m.docs[d].textTerms
		for _, t := range ts {
			if !has(shown, t) {
				fresh++
			}
		}
		if 2*fresh < len(ts) { // mostly says again what is shown
			continue
		}
		shown = append(shown, ts...)
		a.Facts = append(a.Facts, f)
	}
}
