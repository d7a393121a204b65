package facts

// Either/or questions: "is gray a rapper or a singer", "was it the 5th or
// the 6th": one of the sides must be found.

// eitherSides finds an either/or question: the words of each side and the
// rest. "is gray a rapper or a singer": rapper | singer. The right side
// runs from "or" to the end or to a preposition; the left side takes as
// many meaningful words before "or".
func eitherSides(ws []string) (left, right, rest []string) {
	k := -1
	for i, w := range ws {
		if w == "or" && i > 0 && i+1 < len(ws) && ws[i+1] != "not" {
			k = i
			break
		}
	}
	if k < 0 {
		return nil, nil, ws
	}
	end, content := k+1, 0
	for ; end < len(ws) && content < 4; end++ {
		w := ws[end]
		if content > 0 && (w == "on" || w == "in" || w == "at" || w == "for" || w == "with" || w == "by" || w == "to" || w == "from" || w == "during") {
			break
		}
		if meaningful(w) {
			content++
		}
	}
	start, got := k, 0
	for start > 0 && got < max(content, 1) {
		start--
		if meaningful(ws[start]) {
			got++
		}
	}
	if k+1 < len(ws) && auxiliaries[ws[k+1]] && auxiliaries[ws[0]] {
		// "did min-hee take her own life or was she murdered": two
		// clauses; the first side is all of the first after its subject.
		if s := clauseStart(ws[:k]); s < start {
			start, got = s, k-s
		}
	}
	if content == 0 || got == 0 {
		return nil, nil, ws
	}
	if start > 0 && rankWords[ws[start-1]] {
		start-- // "number one or third": the number with its "number"
	}
	rest = append(append(rest, ws[:start]...), ws[end:]...)
	return ws[start:k], ws[k+1 : end], rest
}

// clauseStart is where the predicate of a yes/no question begins: after
// its auxiliary and its subject ("did | min-hee | take her own life").
func clauseStart(ws []string) int {
	i := 1
	for i < len(ws) && determiners[ws[i]] {
		i++
	}
	return min(i+1, len(ws)-1)
}

// meaningful reports whether a word of an either/or side counts: "movies"
// does here ("movies or series"), though it is a stopword elsewhere, and so
// do numbers ("number one or third").
func meaningful(w string) bool {
	_, isNum := rankNumber(w)
	return !stopwords[w] && !chatter[w] || w == "film" || w == "films" || w == "movie" || w == "movies" || isNum || rankWords[w]
}

// splitSides moves terms found on both sides of an either/or out of it
// ("number 1 or number 3": rank is asked either way) and weighs the sides.
func (q *question) splitSides() {
	for i := range q.terms {
		a := &q.terms[i]
		if a.side != 1 {
			continue
		}
		for j := range q.terms {
			if b := &q.terms[j]; b.side == 2 && b.t == a.t {
				a.side, a.value = 0, false
				b.w = 0
			}
		}
	}
	for _, t := range q.terms {
		if t.side > 0 {
			q.either[t.side-1] += t.w
		}
	}
	if q.either[0] == 0 || q.either[1] == 0 { // one side says nothing: no either/or
		for i := range q.terms {
			q.terms[i].side = 0
		}
		q.either = [2]float64{}
	}
}

// dropOtherName drops the other side of a choice between someone named and
// a name the store does not know: in "wong kar wai or wes anderson vibes?"
// the named one is all there is to find. rest are the question's words
// without the names found in it.
func (m *Matcher) dropOtherName(rest []string, named bool) []string {
	if !named {
		return rest
	}
	for i, w := range rest {
		if w != "or" {
			if !stopwords[w] && !chatter[w] {
				return rest // the choice is not right after the name
			}
			continue
		}
		j := i + 1
		for j < len(rest) && !stopwords[rest[j]] && !m.knows(rest[j]) {
			j++
		}
		if j == i+1 {
			return rest
		}
		return append(rest[:i:i], rest[j:]...)
	}
	return rest
}

// knows reports whether the store holds the term of w.
func (m *Matcher) knows(w string) bool {
	_, ok := m.idf[term(w)]
	return ok
}
