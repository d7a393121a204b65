package facts

import "sort"

// scores is what scoring one question against every fact found.
type scores struct {
	q    question
	want float64 // the weight of the whole question
	// valueWant is the weight of its terms other than values (numbers and
	// either/or sides): what two sides of a disagreement both answer.
	valueWant float64
	rank      []float64
	covered   []float64 // weight of the question a fact, or one of its questions, covers
	plain     []float64 // covered, without values
	bm25      []float64
	attrs     []int8 // attributes asked for that a fact holds
	named     []int8 // people named that a fact is about
	hits      []int8 // question words and names a fact holds
	textHit   []bool // a question term is in the fact's text, not only its keywords
	paraFit   []float64
	wantAttrs int8
	unknown   int8
	ranked    []int
	asks      slotKind // the kind of answer the question asks for
}

// score ranks every fact for q.
func (m *Matcher) score(q question) *scores {
	n := len(m.docs)
	s := &scores{q: q, rank: make([]float64, n), covered: make([]float64, n), plain: make([]float64, n), bm25: make([]float64, n),
		attrs: make([]int8, n), named: make([]int8, n), hits: make([]int8, n), textHit: make([]bool, n), paraFit: make([]float64, n),
		asks: q.slots.kind()}
	side := [2][]float64{}
	if q.either[0] > 0 {
		side = [2][]float64{make([]float64, n), make([]float64, n)}
	}
	seen := make([]int32, n) // the last term (1-based) that counted for a fact
	for ti, qt := range q.terms {
		w := qt.w
		if qt.side == 0 {
			s.want += w
			if !qt.value {
				s.valueWant += w
			}
		}
		if qt.attr {
			s.wantAttrs++
		}
		if qt.unknown {
			s.unknown++
		}
		for _, t := range append([]string{qt.t}, qt.alts...) {
			for _, p := range m.post[t] {
				if seen[p.doc] == int32(ti+1) {
					continue
				}
				seen[p.doc] = int32(ti + 1)
				d := &m.docs[p.doc]
				if w > 0 {
					s.hits[p.doc]++
				}
				tf := float64(p.tf)
				s.bm25[p.doc] += max(w, softWeight) * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*d.length/m.avgLen))
				switch {
				case qt.side > 0:
					side[qt.side-1][p.doc] += w
				default:
					s.covered[p.doc] += w
					if !qt.value {
						s.plain[p.doc] += w
					}
				}
				if qt.attr {
					s.attrs[p.doc]++
				}
				if w > 0 && d.text[t] {
					s.textHit[p.doc] = true
				}
			}
		}
	}
	if q.either[0] > 0 {
		either := max(q.either[0], q.either[1])
		s.want += either
		for d := range s.covered {
			s.covered[d] += either * max(side[0][d]/q.either[0], side[1][d]/q.either[1])
		}
	}
	// People named count like question words, a little more: "how old is
	// Lee" is not answered by a fact about old guns that does not name him.
	entity := entityWeight * m.floorIDF
	for _, pid := range q.people {
		s.want += entity
		s.valueWant += entity
		for _, d := range m.docsFor[pid] {
			s.bm25[d] += entityScore * m.floorIDF
			s.covered[d] += entity
			s.plain[d] += entity
			s.named[d]++
			s.hits[d]++
		}
	}
	m.scoreQuestions(s)
	best := 0.0
	for _, v := range s.bm25 {
		best = max(best, v)
	}
	for d := range s.rank {
		if s.covered[d] == 0 && s.paraFit[d] == 0 {
			continue
		}
		s.rank[d] = s.covered[d]/s.want + paraRank*s.paraFit[d]
		if q.slots.why && m.docs[d].kinds.reason {
			s.rank[d] += reasonRank
		}
		if best > 0 {
			s.rank[d] += bm25Rank * s.bm25[d] / best
		}
		s.ranked = append(s.ranked, d)
	}
	sort.Slice(s.ranked, func(a, b int) bool {
		x, y := s.ranked[a], s.ranked[b]
		if s.rank[x] != s.rank[y] {
			return s.rank[x] > s.rank[y]
		}
		return x < y
	})
	return s
}

// How the parts of a fact's rank weigh: the share of the question it
// covers counts fully, how well one of its questions matches the question
// both ways and its BM25 score break ties between facts that cover alike.
const (
	paraRank   = 0.5
	bm25Rank   = 0.2
	reasonRank = 0.1 // a "why" question prefers a fact that gives a reason
)

// scoreQuestions matches the question against the questions of
// questions.yaml. A fact's coverage is the better of its own and its best
// question's; paraFit is how well that question matches both ways (a long
// question that shares one word with a short one is no paraphrase).
func (m *Matcher) scoreQuestions(s *scores) {
	q := s.q
	if len(m.paras) == 0 {
		return
	}
	fwd := map[int32]float64{}
	var sideHit map[int32]*[2]float64
	for _, qt := range q.terms {
		for _, t := range append([]string{qt.t}, qt.alts...) {
			for _, pi := range m.paraPost[t] {
				if qt.side > 0 {
					if sideHit == nil {
						sideHit = map[int32]*[2]float64{}
					}
					if sideHit[pi] == nil {
						sideHit[pi] = &[2]float64{}
					}
					sideHit[pi][qt.side-1] = qt.w
				} else {
					fwd[pi] += qt.w
				}
			}
		}
	}
	entity := entityWeight * m.floorIDF
	for _, pid := range q.people {
		for _, pi := range m.paraNaming[pid] {
			fwd[pi] += entity
		}
		// A question of a fact about the person that names no one
		// ("what was her job") stands for them, at half the weight.
		if _, isPerson := m.store.Person(pid); isPerson {
			for _, d := range m.docsFor[pid] {
				for _, pi := range m.paraAnon[d] {
					fwd[pi] += entity / 2
				}
			}
		}
	}
	for pi, sh := range sideHit {
		fwd[pi] += max(q.either[0], q.either[1]) * max(sh[0]/q.either[0], sh[1]/q.either[1])
	}
	for pi, f := range fwd {
		p := &m.paras[pi]
		// The question's share of the paraphrase: its terms and names
		// that the question holds.
		back := 0.0
		for _, t := range p.terms {
			if q.holds(t) {
				back += m.weight(t)
			}
		}
		for _, pid := range p.people {
			if has(q.people, pid) {
				back += entity
			}
		}
		rev := 0.0
		if p.total > 0 {
			rev = back / p.total
		}
		cov := min(f, s.want)
		fit := cov / s.want * rev * agreement(p.asks, s.asks)
		d := p.fact
		if fit > s.paraFit[d] {
			s.paraFit[d] = fit
		}
		// A question that matches a paraphrase both ways well covers the
		// user's question as far as the paraphrase goes, attributes too.
		if rev >= 0.5 {
			if cov > s.covered[d] {
				s.covered[d] = cov
				s.plain[d] = max(s.plain[d], min(cov, s.valueWant))
			}
			var attrs int8
			for _, qt := range q.terms {
				if qt.attr && has(p.terms, qt.t) {
					attrs++
				}
			}
			s.attrs[d] = max(s.attrs[d], attrs)
		}
	}
}

// holds reports whether the question has term t.
func (q question) holds(t string) bool {
	for _, qt := range q.terms {
		if qt.t == t && qt.w > 0 {
			return true
		}
		for _, a := range qt.alts {
			if a == t {
				return true
			}
		}
	}
	return false
}
