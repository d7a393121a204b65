package facts

import (
	"math"
	"sort"
	"strings"
)

// Matcher answers free questions from the store. It is built once from a
// Store and is safe for concurrent use.
//
// A question is split into names and terms. Names (any spelling an article
// uses, folded by Key, also when typed apart: "ok ju") resolve to people.
// Terms are scored BM25-style against every fact's text, keywords and the
// aliases of the people it is about. The best fact answers only when it
// covers enough of the question: coverage is the idf-weighted share of the
// question's terms the fact contains, and a word the store has never seen
// counts fully against it. That is what makes "best cake shop in Seoul"
// abstain although the store knows both "cake shop" and "Seoul".
type Matcher struct {
	store  *Store
	tune   Tuning
	docs   []doc
	post   map[string][]posting
	idf    map[string]float64
	maxIDF float64
	avgLen float64
	// floorIDF is the weight of a term found in a tenth of the facts: no
	// question word counts for less, so a common word the answer lacks
	// ("good" in "is Money Heist good") still counts against it.
	floorIDF float64
	vocab    map[string]struct{} // every word of the store and the synonym table
	typos    map[string][]string // one deletion of a vocab word -> words
	names    *nameIndex
	docsFor  map[string][]int32 // person id -> docs about them

	topicOf    map[string]string // the term of a topic's name -> the topic
	quoteKeys  []string          // folded quote text and context, for autocomplete
	quoteTerms [][]string        // scoring terms of each quote, for /quote search
}

type doc struct {
	fact   *Fact
	length float64
	kinds  answerKinds
}

type posting struct {
	doc int32
	tf  float32
}

// Tuning of the scorer; see the test set in testdata/ for their effect.
const (
	bm25K1       = 1.2
	bm25B        = 0.5
	softWeight   = 0.3 // the ranking weight of a soft term such as "ballerina"
	maxQuestion  = maxInput
	maxSuggested = 3
	maxExtra     = 2 // further facts shown beside the best one
	// entityScore is what being about a named person adds to a fact's rank,
	// in floorIDFs: enough to break ties, not to outrank the question's words.
	entityScore = 1.0
)

// NewMatcher indexes the store with DefaultTuning.
func NewMatcher(s *Store) *Matcher { return NewTunedMatcher(s, DefaultTuning()) }

// NewTunedMatcher indexes the store with the given tuning.
func NewTunedMatcher(s *Store, t Tuning) *Matcher {
	m := &Matcher{
		store:   s,
		tune:    t,
		post:    map[string][]posting{},
		idf:     map[string]float64{},
		typos:   map[string][]string{},
		vocab:   map[string]struct{}{},
		topicOf: map[string]string{},
		names:   newNameIndex(s),
		docsFor: map[string][]int32{},
	}
	df := map[string]int{}
	total := 0.0
	for i := range s.Facts {
		f := &s.Facts[i]
		var b strings.Builder
		b.WriteString(f.Text)
		b.WriteString(" . ")
		b.WriteString(f.Topic)
		for _, k := range f.Keywords {
			b.WriteString(" . ")
			b.WriteString(k)
		}
		people := m.peopleOf(f)
		for _, pid := range people {
			if p, ok := s.Person(pid); ok { // a work's name is in the text already
				b.WriteString(" . ")
				b.WriteString(p.Name)
			}
			m.docsFor[pid] = append(m.docsFor[pid], int32(i))
		}
		ws := words(b.String())
		for _, w := range ws {
			m.vocab[w] = struct{}{}
		}
		var terms []string
		eachTerm(ws, func(t, _ string) { terms = append(terms, t) })
		tf := map[string]int{}
		for _, t := range terms {
			tf[t]++
		}
		for t, n := range tf {
			m.post[t] = append(m.post[t], posting{doc: int32(i), tf: float32(n)})
			df[t]++
		}
		m.docs = append(m.docs, doc{fact: f, length: float64(len(terms)), kinds: kindsOf(s, f, people)})
		total += float64(len(terms))
	}
	for _, q := range s.Quotes {
		text := q.Text + " " + q.Context
		m.quoteKeys = append(m.quoteKeys, Key(text))
		m.quoteTerms = append(m.quoteTerms, dedupe(termsOf(text)))
	}
	n := float64(len(m.docs))
	if n > 0 {
		m.avgLen = total / n
	}
	m.floorIDF = math.Log(1 + (n-n/10+0.5)/(n/10+0.5))
	for t, d := range df {
		v := math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
		m.idf[t] = v
		if v > m.maxIDF {
			m.maxIDF = v
		}
	}
	for w := range synonyms {
		m.vocab[w] = struct{}{}
	}
	for _, topic := range sortedKeys(topics) {
		if _, taken := m.topicOf[term(topic)]; !taken && topic != "people" {
			// "people" is the topic of facts about the cast's lives, not
			// what "what did people think" asks about.
			m.topicOf[term(topic)] = topic
		}
	}
	for w := range m.vocab {
		if len(w) >= 4 {
			for _, del := range deletions(w) {
				m.typos[del] = append(m.typos[del], w)
			}
		}
	}
	return m
}

// peopleOf returns the people a fact is about: those it lists and those whose
// full name its text mentions.
func (m *Matcher) peopleOf(f *Fact) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range f.People {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range m.names.mentions(f.Text) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// weight is how much a question term counts: its idf, at least floorIDF. A
// word the store has never seen counts as a common one: it may be filler.
func (m *Matcher) weight(t string) float64 {
	return max(m.idf[t], m.floorIDF)
}

// Tuning is the scorer's knobs. DefaultTuning is what the bot uses; the
// quality test in commands/ measures it on the test set.
type Tuning struct {
	// Coverage is the share of a question a fact must cover to answer it,
	// for questions of up to 2, 4, 7 and more terms. Short questions must
	// be covered almost fully; long, chatty ones carry filler words.
	Coverage [4]float64
	// Entity is how much a named person or work counts, in floorIDFs.
	Entity float64
	// Also shows further facts scoring at least this share of the best.
	Also float64
	// Unknown multiplies the weight of a word the store has never seen:
	// it may be filler ("confirmed", "slapped") or the very thing asked.
	Unknown float64
}

// DefaultTuning was chosen on testdata/questions.yaml.
func DefaultTuning() Tuning {
	return Tuning{Coverage: [4]float64{0.7, 0.74, 0.5, 0.45}, Entity: 1.5, Also: 0.85, Unknown: 0.3}
}

func (t Tuning) required(terms int) float64 {
	switch {
	case terms <= 2:
		return t.Coverage[0]
	case terms <= 4:
		return t.Coverage[1]
	case terms <= 7:
		return t.Coverage[2]
	}
	return t.Coverage[3]
}

// Answer is what the matcher found for a question.
type Answer struct {
	Found bool
	// Person is set when the question only names someone ("who is okjoo"):
	// the answer is their card.
	Person *Person
	// Facts answer the question, best first; facts that disagree with a
	// shown fact follow it.
	Facts []*Fact
	// Suggestions are the nearest facts when nothing was found.
	Suggestions []*Fact
	Coverage    float64
}

// Ask answers a free question.
func (m *Matcher) Ask(question string) Answer {
	ws := words(clampRunes(question, maxQuestion))
	people, rest := m.names.extract(ws)
	terms := m.questionTerms(rest)
	in := questionIntent(ws)
	// "what is X about" asks for a story: the premise.
	if n := len(ws); n > 1 && ws[n-1] == "about" {
		terms = append(terms, qterm{t: term("premise"), w: m.weight(term("premise"))})
	}
	if len(terms) == 0 && len(people) == 1 {
		p, isPerson := m.store.Person(people[0])
		switch {
		case in.otherWork && (!isPerson || len(p.OtherWork) == 0):
			return Answer{} // the articles name no other work of theirs
		case isPerson:
			return Answer{Found: true, Person: p, Coverage: 1}
		}
	}
	if len(terms) == 0 && len(people) == 0 {
		return Answer{}
	}

	if topic := m.topicOnly(terms); topic != "" && len(people) == 0 {
		return m.topicAnswer(topic)
	}
	allSoft := true
	for _, q := range terms {
		allSoft = allSoft && q.w == 0
	}
	if allSoft { // "who is the ballerina": the soft word is all there is
		for i := range terms {
			terms[i].w = m.weight(terms[i].t)
		}
	}
	scores := make([]float64, len(m.docs))
	covered := make([]float64, len(m.docs))
	// attrs counts the attributes asked for that a fact holds; named counts
	// the people and works named that a fact is about.
	attrs := make([]int8, len(m.docs))
	named := make([]int8, len(m.docs))
	// hits counts the question's words and names a fact holds; a fact must
	// hold at least as many as the question has words the store never saw.
	hits := make([]int8, len(m.docs))
	want, wantAttrs, unknown := 0.0, int8(0), int8(0)
	for _, q := range terms {
		t, w := q.t, q.w
		want += w
		if q.attr {
			wantAttrs++
		}
		if q.unknown {
			unknown++
		}
		for _, p := range m.post[t] {
			if w > 0 {
				hits[p.doc]++
			}
			d := m.docs[p.doc]
			tf := float64(p.tf)
			scores[p.doc] += max(w, softWeight) * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*d.length/m.avgLen))
			covered[p.doc] += w
			if q.attr {
				attrs[p.doc]++
			}
		}
	}
	need := m.tune.required(len(terms) + len(people))
	// People named count like question words, a little more: "how old is
	// Lee" is not answered by a fact about old guns that does not name him.
	for _, pid := range people {
		w := m.tune.Entity * m.floorIDF
		want += w
		for _, d := range m.docsFor[pid] {
			scores[d] += entityScore * m.floorIDF
			covered[d] += w
			named[d]++
			hits[d]++
		}
	}
	// A fact can answer only if it holds every attribute asked for and is
	// about someone the question names, when it names anyone.
	fits := func(d int) bool {
		return covered[d]/want >= need && attrs[d] == wantAttrs && hits[d] >= unknown &&
			(len(people) == 0 || named[d] > 0) && in.allows(m.docs[d].kinds, people)
	}

	ranked := make([]int, 0, 16)
	for i, s := range scores {
		if s > 0 {
			ranked = append(ranked, i)
		}
	}
	sort.Slice(ranked, func(a, b int) bool {
		if scores[ranked[a]] != scores[ranked[b]] {
			return scores[ranked[a]] > scores[ranked[b]]
		}
		return ranked[a] < ranked[b]
	})

	best := -1
	for _, d := range ranked {
		if fits(d) {
			best = d
			break
		}
	}
	if best < 0 {
		a := Answer{}
		for _, d := range ranked {
			if len(a.Suggestions) == maxSuggested {
				break
			}
			a.Suggestions = append(a.Suggestions, m.docs[d].fact)
			if a.Coverage == 0 {
				a.Coverage = covered[d] / want
			}
		}
		return a
	}
	a := Answer{Found: true, Coverage: covered[best] / want}
	a.Facts = m.withConflicts(a.Facts, m.docs[best].fact)
	extra := 0
	for _, d := range ranked {
		if d == best {
			continue
		}
		if scores[d] < m.tune.Also*scores[best] || extra == maxExtra {
			break
		}
		if fits(d) && !contains(a.Facts, m.docs[d].fact) {
			a.Facts = m.withConflicts(a.Facts, m.docs[d].fact)
			extra++
		}
	}
	return a
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
// order, which puts the plainest statements first.
func (m *Matcher) topicAnswer(topic string) Answer {
	a := Answer{Found: true, Coverage: 1}
	for _, spoilers := range []bool{false, true} { // spoiler-free facts first
		for i := range m.store.Facts {
			f := &m.store.Facts[i]
			if f.Topic == topic && f.Spoiler == spoilers && len(a.Facts) < 1+maxExtra && !contains(a.Facts, f) {
				a.Facts = m.withConflicts(a.Facts, f)
			}
		}
	}
	return a
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (m *Matcher) withConflicts(out []*Fact, f *Fact) []*Fact {
	for _, c := range m.store.Conflicting(f) {
		if !contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func contains(fs []*Fact, f *Fact) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// qterm is a question term and how much it counts towards coverage.
type qterm struct {
	t    string
	w    float64
	attr bool // an attribute asked for: the answer must contain it
	// unknown: the store has never seen the word. It may be filler
	// ("confirmed") or the very thing asked ("budget", "squid").
	unknown bool
}

// questionTerms turns the words left after names into weighted terms,
// correcting one typo in a word the store does not know.
func (m *Matcher) questionTerms(ws []string) []qterm {
	var out []qterm
	eachTerm(ws, func(t, word string) {
		if _, known := m.idf[t]; !known && len(word) >= 5 {
			if fix, ok := m.correct(word); ok {
				if word, t = fix, term(fix); t == "" {
					return // a misspelt stopword
				}
			}
		}
		w := m.weight(t)
		_, known := m.idf[t]
		if !known {
			w *= m.tune.Unknown
		}
		if softTerms[word] {
			w = 0
		}
		for i, q := range out {
			if q.t == t { // "ballerina … ballerinas": keep the larger weight
				out[i].w = max(q.w, w)
				return
			}
		}
		out = append(out, qterm{t: t, w: w, attr: attributes[word], unknown: !known && w > 0})
	})
	return out
}

// correct finds a word of the store within one edit of w (insert, delete,
// replace or swap of neighbours), preferring the most specific one.
func (m *Matcher) correct(w string) (string, bool) {
	best, bestIDF := "", -1.0
	try := func(cands []string) {
		for _, c := range cands {
			// People rarely mistype a word's first letter; requiring it
			// keeps "squid" from becoming "quid".
			if c != w && c[0] == w[0] && withinOneEdit(w, c) {
				if v := m.idf[term(c)]; v > bestIDF || stopwords[c] && bestIDF < 0 {
					best, bestIDF = c, v
				}
			}
		}
	}
	try(m.typos[w])
	for _, d := range deletions(w) {
		if _, ok := m.vocab[d]; ok {
			try([]string{d})
		}
		try(m.typos[d])
	}
	return best, best != ""
}

func dedupe(ts []string) []string {
	out := ts[:0]
	for i, t := range ts {
		dup := false
		for _, u := range ts[:i] {
			if u == t {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// deletions returns every string made by deleting one byte of s.
func deletions(s string) []string {
	out := make([]string, 0, len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[:i]+s[i+1:])
	}
	return out
}

// WithinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of adjacent characters.
func WithinOneEdit(a, b string) bool { return withinOneEdit(a, b) }

func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] != rb[i] {
				if diff >= 0 {
					// a second difference is fine only as a swap with the first
					return diff == i-1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
				}
				diff = i
			}
		}
		return true
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}
