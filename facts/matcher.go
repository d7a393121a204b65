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
	store   *Store
	docs    []doc
	post    map[string][]posting
	idf     map[string]float64
	maxIDF  float64
	avgLen  float64
	typos   map[string][]string // one deletion of a term -> terms
	names   *nameIndex
	docsFor map[string][]int32 // person id -> docs about them

	quoteKeys  []string   // folded quote text and context, for autocomplete
	quoteTerms [][]string // scoring terms of each quote, for /quote search
}

type doc struct {
	fact   *Fact
	length float64
}

type posting struct {
	doc int32
	tf  float32
}

// Tuning of the scorer; see the test set in testdata/ for their effect.
const (
	bm25K1       = 1.2
	bm25B        = 0.5
	minCoverage  = 0.6  // share of the question a fact must cover to answer
	alsoRatio    = 0.85 // a second fact is shown when it scores this close to the best
	entityBoost  = 1.5  // score added for a fact about a person the question names
	maxQuestion  = maxInput
	maxSuggested = 3
)

// NewMatcher indexes the store.
func NewMatcher(s *Store) *Matcher {
	m := &Matcher{
		store:   s,
		post:    map[string][]posting{},
		idf:     map[string]float64{},
		typos:   map[string][]string{},
		names:   newNameIndex(s),
		docsFor: map[string][]int32{},
	}
	df := map[string]int{}
	total := 0.0
	for i := range s.Facts {
		f := &s.Facts[i]
		var b strings.Builder
		b.WriteString(f.Text)
		for _, k := range f.Keywords {
			b.WriteString(" . ")
			b.WriteString(k)
		}
		people := m.peopleOf(f)
		for _, pid := range people {
			p, _ := s.Person(pid)
			b.WriteString(" . ")
			b.WriteString(p.Name)
			m.docsFor[pid] = append(m.docsFor[pid], int32(i))
		}
		terms := termsOf(b.String())
		tf := map[string]int{}
		for _, t := range terms {
			tf[t]++
		}
		for t, n := range tf {
			m.post[t] = append(m.post[t], posting{doc: int32(i), tf: float32(n)})
			df[t]++
		}
		m.docs = append(m.docs, doc{fact: f, length: float64(len(terms))})
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
	for t, d := range df {
		v := math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
		m.idf[t] = v
		if v > m.maxIDF {
			m.maxIDF = v
		}
		if len(t) >= 4 {
			for _, del := range deletions(t) {
				m.typos[del] = append(m.typos[del], t)
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
	ws := words(question)
	if len(ws) > maxQuestion/3 {
		ws = ws[:maxQuestion/3]
	}
	people, rest := m.names.extract(ws)
	terms := m.questionTerms(rest)
	if len(terms) == 0 {
		if len(people) > 0 {
			p, _ := m.store.Person(people[0])
			return Answer{Found: true, Person: p, Coverage: 1}
		}
		return Answer{}
	}

	scores := make([]float64, len(m.docs))
	covered := make([]float64, len(m.docs))
	want := 0.0
	for _, t := range terms {
		w, known := m.idf[t]
		if !known {
			w = m.maxIDF
		}
		want += w
		for _, p := range m.post[t] {
			d := m.docs[p.doc]
			tf := float64(p.tf)
			scores[p.doc] += w * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*d.length/m.avgLen))
			covered[p.doc] += w
		}
	}
	for _, pid := range people {
		ds := m.docsFor[pid]
		w := math.Log(1 + (float64(len(m.docs))-float64(len(ds))+0.5)/(float64(len(ds))+0.5))
		want += w
		for _, d := range ds {
			scores[d] += entityBoost * w
			covered[d] += w
		}
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
		if covered[d]/want >= minCoverage {
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
	for _, d := range ranked {
		if d == best || scores[d] < alsoRatio*scores[best] {
			continue
		}
		if covered[d]/want >= minCoverage && !contains(a.Facts, m.docs[d].fact) {
			a.Facts = m.withConflicts(a.Facts, m.docs[d].fact)
		}
		break
	}
	return a
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

// questionTerms turns the words left after names into scoring terms,
// correcting one typo in a word the store does not know.
func (m *Matcher) questionTerms(ws []string) []string {
	terms := termsOf(strings.Join(ws, " "))
	for i, t := range terms {
		if _, ok := m.idf[t]; ok || len(t) < 4 {
			continue
		}
		if fix, ok := m.correct(t); ok {
			terms[i] = fix
		}
	}
	return dedupe(terms)
}

// correct finds a known term within one edit of t (insert, delete, replace or
// swap of neighbours), preferring the most specific one.
func (m *Matcher) correct(t string) (string, bool) {
	best, bestIDF := "", -1.0
	try := func(cands []string) {
		for _, c := range cands {
			if withinOneEdit(t, c) && m.idf[c] > bestIDF {
				best, bestIDF = c, m.idf[c]
			}
		}
	}
	try(m.typos[t])
	if _, ok := m.idf[t]; !ok {
		for _, d := range deletions(t) {
			if _, ok := m.idf[d]; ok {
				try([]string{d})
			}
			try(m.typos[d])
		}
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
