package facts

import "slices"

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
	relText   []bool // the relation of a "who" question is in the fact's text
	paraWho   []bool // one of the fact's own "who" questions matches the question
	paraFit   []float64
	// declineFit is how well the best question of unanswered.yaml matches
	// the question, both ways.
	declineFit float64
	wantAttrs  int8
	unknown    int8
	ranked     []int
	asks       slotKind // the kind of answer the question asks for
	buf        *scratch
}

// scratch holds the buffers scoring one question needs; they are reused
// through a pool, so that a question allocates next to nothing.
type scratch struct {
	f       []float64 // the per-fact figures of scores, and the either/or sides
	c       []int8
	b       []bool // textHit, relText, paraWho
	seen    []int32
	fwd     []float64 // per paraphrase
	touched []int32
	ranked  []int
	sc      scores // the scores themselves, so that scoring allocates none
}

func (m *Matcher) getScratch() *scratch {
	if x, ok := m.scratch.Get().(*scratch); ok {
		return x
	}
	n := len(m.docs)
	return &scratch{f: make([]float64, 7*n), c: make([]int8, 3*n), b: make([]bool, 3*n), seen: make([]int32, n), fwd: make([]float64, len(m.paras))}
}

// release returns the buffers of s to the pool; s may not be used after.
func (m *Matcher) release(s *scores) {
	x := s.buf
	clear(x.f)
	clear(x.c)
	clear(x.b)
	clear(x.seen)
	for _, pi := range x.touched {
		x.fwd[pi] = 0
	}
	x.touched, x.ranked = x.touched[:0], s.ranked[:0]
	x.sc = scores{} // s is x.sc: it holds the question no longer
	m.scratch.Put(x)
}

// score ranks every fact for q. The caller releases the scores.
func (m *Matcher) score(q question) *scores {
	n := len(m.docs)
	x := m.getScratch()
	f, c := x.f, x.c
	s := &x.sc
	*s = scores{q: q, buf: x, rank: f[:n], covered: f[n : 2*n], plain: f[2*n : 3*n], bm25: f[3*n : 4*n], paraFit: f[4*n : 5*n],
		attrs: c[:n], named: c[n : 2*n], hits: c[2*n:], textHit: x.b[:n], relText: x.b[n : 2*n], paraWho: x.b[2*n:],
		asks: q.slots.kind(), ranked: x.ranked[:0]}
	side := [2][]float64{f[5*n : 6*n], f[6*n:]}
	seen := x.seen // the last term (1-based) that counted for a fact
	for ti, qt := range q.terms {
		w := qt.w
		if qt.side == 0 && !qt.bonus {
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
		for ai := -1; ai < len(qt.alts); ai++ {
			t := qt.t
			if ai >= 0 {
				t = qt.alts[ai]
			}
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
					s.relText[p.doc] = s.relText[p.doc] || qt.rel
				}
			}
		}
		// A filmmaker named with a film made it ("Paul Greengrass' The
		// Bourne Supremacy"): the fact holds "who directed" without the verb.
		if qt.rel && qt.side == 0 && makingWords[q.relation] {
			for d := range m.docs {
				if m.docs[d].kinds.filmmaker && seen[d] != int32(ti+1) {
					seen[d] = int32(ti + 1)
					s.covered[d] += w
					s.plain[d] += w
					s.hits[d]++
				}
			}
		}
		// A word naming an article ("herald" in "what does the Korea
		// Herald interview say") is held by every fact citing it.
		if qt.source != "" && qt.side == 0 {
			for _, d := range m.citing[qt.source] {
				if seen[d] != int32(ti+1) {
					seen[d] = int32(ti + 1)
					s.covered[d] += w
					s.plain[d] += w
					s.hits[d]++
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
		// Someone named only by a role ("the director") need not be in
		// the answer; being about them only helps.
		required := !has(q.byRole, pid)
		w := entity
		if !required {
			w = entity / 2
		}
		s.want += w
		s.valueWant += w
		for _, d := range m.docsFor[pid] {
			s.bm25[d] += entityScore * m.floorIDF
			s.covered[d] += w
			s.plain[d] += w
			if required {
				s.named[d]++
			}
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
	slices.SortFunc(s.ranked, func(x, y int) int {
		switch {
		case s.rank[x] > s.rank[y]:
			return -1
		case s.rank[x] < s.rank[y]:
			return 1
		}
		return x - y
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
	// paraMinShare is the share of a question a paraphrase must hold to
	// rank its fact: one word in common with a short question is chance.
	paraMinShare = 0.6
)

// scoreQuestions matches the question against the questions of
// questions.yaml. A fact's coverage is the better of its own and its best
// question's; paraFit is how well that question matches both ways (a long
// question that shares one word with a short one is no paraphrase).
func (m *Matcher) scoreQuestions(s *scores) {
	q := &s.q
	if len(m.paras) == 0 {
		return
	}
	// fwd[pi] is how much of the question paraphrase pi holds; touched
	// lists the paraphrases with any, in the order first reached.
	fwd := s.buf.fwd
	touch := func(pi int32, w float64) {
		if fwd[pi] == 0 {
			s.buf.touched = append(s.buf.touched, pi)
		}
		fwd[pi] += w
	}
	var sideHit map[int32]*[2]float64
	for _, qt := range q.terms {
		for ai := -1; ai < len(qt.alts); ai++ {
			t := qt.t
			if ai >= 0 {
				t = qt.alts[ai]
			}
			for _, pi := range m.paraPost[t] {
				if qt.side > 0 {
					if sideHit == nil {
						sideHit = map[int32]*[2]float64{}
					}
					if sideHit[pi] == nil {
						sideHit[pi] = &[2]float64{}
					}
					sideHit[pi][qt.side-1] = qt.w
				} else if qt.w > 0 {
					touch(pi, qt.w)
				}
			}
		}
	}
	entity := entityWeight * m.floorIDF
	for _, pid := range q.people {
		for _, pi := range m.paraNaming[pid] {
			touch(pi, entity)
		}
		// A question of a fact about the person that names no one
		// ("what was her job") stands for them, at half the weight.
		if _, isPerson := m.store.Person(pid); isPerson {
			for _, d := range m.docsFor[pid] {
				for _, pi := range m.paraAnon[d] {
					touch(pi, entity/2)
				}
			}
		}
	}
	for pi, sh := range sideHit {
		touch(pi, max(q.either[0], q.either[1])*max(sh[0]/q.either[0], sh[1]/q.either[1]))
	}
	for _, pi := range s.buf.touched {
		f := fwd[pi]
		p := &m.paras[pi]
		// A question that holds too little of the user's to rank its
		// fact, to cover more of it or to decline, needs no second look.
		share := min(f, s.want) / s.want
		if p.fact == noFact && share < declineFit ||
			p.fact != noFact && share < 0.5 && s.wantAttrs == 0 && min(f, s.want) <= s.covered[p.fact] {
			continue
		}
		// The question's share of the paraphrase: its terms and names
		// that the question holds.
		back := 0.0
		for i, t := range p.terms {
			if q.holds(t) {
				back += p.weights[i]
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
		if p.fact == noFact {
			s.declineFit = max(s.declineFit, fit)
			continue
		}
		d := p.fact
		if fit > s.paraFit[d] && cov >= paraMinShare*s.want {
			s.paraFit[d] = fit
		}
		if fit >= 0.5 && p.asks&askWho != 0 && (q.relation == "" || p.holdsRelation(q)) {
			s.paraWho[d] = true
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

// holdsRelation reports whether a paraphrase holds the relation term of a
// "who" question: "who are the old couple" does not answer "who plays the
// old couple".
func (p *para) holdsRelation(q *question) bool {
	for _, qt := range q.terms {
		if qt.rel && has(p.terms, qt.t) {
			return true
		}
	}
	return false
}

// holds reports whether the question has term t.
func (q *question) holds(t string) bool {
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
