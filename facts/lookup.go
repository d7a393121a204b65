package facts

// Look-ups by what a user types: a person for /cast, quotes for /quote and
// the autocomplete of both. sahilm/fuzzy ranks partial input; the name index
// resolves every spelling first.

import (
	"sort"
	"strings"

	"github.com/sahilm/fuzzy"
)

// maxFuzzyPattern clamps what sahilm/fuzzy is given: its score grows with
// every consecutive match and overflows on very long patterns.
const maxFuzzyPattern = 40

// ResolvePerson finds the person or character a user means by name, in any
// spelling an article uses, typed apart or with one typo.
func (m *Matcher) ResolvePerson(name string) (*Person, bool) {
	n := m.names
	ws := words(clampRunes(name, maxInput))
	if len(ws) == 0 {
		return nil, false
	}
	if len(ws) > 12 {
		ws = ws[:12]
	}
	if p, ok := n.store.Person(strings.Join(ws, "-")); ok { // an id, as autocomplete sends
		return p, true
	}
	named, rest := n.extract(ws)
	var people []string
	for _, id := range named {
		if _, ok := n.store.Person(id); ok {
			people = append(people, id)
		}
	}
	if len(people) == 1 && len(named) == 1 && len(rest) <= len(ws)/2 {
		p, _ := n.store.Person(people[0])
		return p, true
	}
	if len(people) > 0 {
		return nil, false // several people, or a name inside a sentence: ambiguous
	}
	key := Key(name)
	if len(key) >= 4 {
		for i, k := range n.keys {
			if withinOneEdit(key, k) {
				if p, ok := n.store.Person(n.owners[i]); ok {
					return p, true
				}
			}
		}
	}
	if len(key) >= 3 {
		for _, match := range fuzzy.Find(clampRunes(key, maxFuzzyPattern), n.keys) {
			if strings.HasPrefix(match.Str, key) {
				if p, ok := n.store.Person(n.owners[match.Index]); ok {
					return p, true
				}
			}
		}
	}
	return nil, false
}

// CompletePeople suggests people for a partly typed name, best first; with
// nothing typed, everyone in store order.
func (m *Matcher) CompletePeople(typed string, limit int) []*Person {
	n := m.names
	var out []*Person
	add := func(id string) {
		p, ok := n.store.Person(id)
		if !ok {
			return // a work, not a person
		}
		for _, q := range out {
			if q == p {
				return
			}
		}
		if len(out) < limit {
			out = append(out, p)
		}
	}
	key := clampRunes(Key(typed), maxFuzzyPattern)
	if key == "" {
		for _, p := range n.store.People {
			add(p.ID)
		}
		return out
	}
	for _, match := range fuzzy.Find(key, n.keys) {
		add(n.owners[match.Index])
	}
	if len(out) == 0 { // a typo defeats a subsequence match; try one edit per word
		for i, k := range n.keys {
			if len(key) >= 4 && withinOneEdit(key, k[:min(len(k), len(key))]) {
				add(n.owners[i])
			}
		}
	}
	return out
}

// SearchQuotes finds quotes by words in their text, context or speaker's
// name: those sharing the most terms with the search first, ties in store
// order. Quotes sharing fewer than half the terms are left out.
func (m *Matcher) SearchQuotes(search string) []*Quote {
	ws := words(clampRunes(search, maxInput))
	if len(ws) > 30 {
		ws = ws[:30]
	}
	people, rest := m.names.extract(ws)
	terms := dedupe(termsOf(strings.Join(rest, " ")))
	need := (len(terms) + len(people) + 1) / 2
	type hit struct {
		q *Quote
		n int
	}
	var hits []hit
	for i := range m.store.Quotes {
		q := &m.store.Quotes[i]
		n := 0
		for _, p := range people {
			if q.Speaker == p {
				n++
			}
		}
		for _, t := range terms {
			if has(m.quoteTerms[i], t) {
				n++
			}
		}
		if n > 0 && n >= need {
			hits = append(hits, hit{q, n})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].n > hits[b].n })
	out := make([]*Quote, len(hits))
	for i, h := range hits {
		out[i] = h.q
	}
	return out
}

// CompleteQuotes suggests quotes whose text or speaker matches what was typed.
func (m *Matcher) CompleteQuotes(typed string, limit int) []*Quote {
	qs := m.store.Quotes
	var out []*Quote
	key := clampRunes(Key(typed), maxFuzzyPattern)
	if key == "" {
		for i := range qs {
			if len(out) == limit {
				break
			}
			out = append(out, &qs[i])
		}
		return out
	}
	for _, match := range fuzzy.Find(key, m.quoteKeys) {
		if len(out) == limit {
			break
		}
		out = append(out, &qs[match.Index])
	}
	return out
}

func clampRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
