package facts

import (
	"fmt"
	"sort"
	"strings"
)

// questions checks questions.yaml: every question belongs to a fact the
// store holds, is a real question of a sensible length, and is given to one
// fact only (the same words answered by two facts would make the matcher
// pick between them by chance).
func (l *linter) questions() {
	const file = "questions.yaml"
	ids := make([]string, 0, len(l.s.Questions))
	for id := range l.s.Questions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	owner := map[string]string{}
	for _, id := range ids {
		if _, ok := l.s.Fact(id); !ok {
			l.add(file, id, "no fact has this id")
			continue
		}
		if len(l.s.Questions[id]) == 0 {
			l.add(file, id, "lists no question")
		}
		for _, q := range l.s.Questions[id] {
			k := Key(q)
			switch {
			case k == "":
				l.add(file, id, "empty question")
			case len([]rune(q)) > maxQuestion:
				l.add(file, id, "question %q is longer than %d characters", clipText(q, 40), maxQuestion)
			case owner[k] == id:
				l.add(file, id, "question %q is listed twice", q)
			case owner[k] != "":
				l.add(file, id, "question %q is also given to %s", q, owner[k])
			default:
				owner[k] = id
			}
		}
	}
	const bank = "unanswered.yaml"
	seen := map[string]bool{}
	for i, q := range l.s.Unanswered {
		entry := fmt.Sprintf("entry %d", i+1)
		k := Key(q)
		switch {
		case k == "":
			l.add(bank, entry, "empty question")
		case len([]rune(q)) > maxQuestion:
			l.add(bank, entry, "question %q is longer than %d characters", clipText(q, 40), maxQuestion)
		case seen[k]:
			l.add(bank, entry, "question %q is listed twice", q)
		case owner[k] != "":
			l.add(bank, entry, "question %q is answered by %s in questions.yaml", q, owner[k])
		}
		seen[k] = true
	}
}

// indexQuestions indexes questions.yaml: each question's terms and names,
// and its fact's terms for document frequencies.
func (m *Matcher) indexQuestions(factTerms []map[string]bool) {
	ids := make([]string, 0, len(m.store.Questions))
	for id := range m.store.Questions {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	index := make(map[string]int32, len(m.docs))
	for i, d := range m.docs {
		index[d.fact.ID] = int32(i)
	}
	for _, id := range ids {
		fi, ok := index[id]
		if !ok {
			continue // the linter reports it
		}
		for _, q := range m.store.Questions[id] {
			ws := words(q)
			m.addVocab(ws)
			people, rest := m.paraNames(ws)
			rest, _ = senses(rest, len(people) > 0)
			terms := dedupe(termsOf(strings.Join(rest, " ")))
			if n := len(rest); n > 0 && rest[n-1] == "about" {
				terms = append(terms, term("premise"))
			}
			pi := int32(len(m.paras))
			m.paras = append(m.paras, para{fact: fi, terms: terms, people: people, asks: questionSlots(ws).kind()})
			for _, t := range terms {
				m.paraPost[t] = append(m.paraPost[t], pi)
				factTerms[fi][t] = true
			}
			for _, p := range people {
				m.paraNaming[p] = append(m.paraNaming[p], pi)
			}
			if len(people) == 0 {
				m.paraAnon[fi] = append(m.paraAnon[fi], pi)
			}
		}
	}
	for _, q := range m.store.Unanswered {
		ws := words(q)
		m.addVocab(ws)
		people, rest := m.names.extract(ws)
		rest, _ = senses(rest, len(people) > 0)
		pi := int32(len(m.paras))
		m.paras = append(m.paras, para{fact: noFact, terms: dedupe(termsOf(strings.Join(rest, " "))), people: people, asks: questionSlots(ws).kind()})
		for _, t := range m.paras[pi].terms {
			m.paraPost[t] = append(m.paraPost[t], pi)
		}
		for _, p := range people {
			m.paraNaming[p] = append(m.paraNaming[p], pi)
		}
	}
}

// paraNames finds the people a question of questions.yaml names: "the two
// friends" who do something together are the pair, as a user names them
// ("what do the friends do together" stands for "what do ok-ju and
// min-hee do together").
func (m *Matcher) paraNames(ws []string) (people, rest []string) {
	people, rest = m.names.extract(ws)
	if r, ok := namesPair(rest); ok && len(m.pair) == 2 && len(people) == 0 {
		return append([]string(nil), m.pair...), r
	}
	return people, rest
}
