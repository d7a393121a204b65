package facts

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// Matcher answers free questions from the store. It is built once from a
// Store and is safe for concurrent use.
//
// A message is split into the questions it asks (see message.go). In each,
// names (any spelling an article uses, folded by Key, also when typed apart:
// "ok ju") resolve to people and works; the other words become terms, after
// stopwords, word senses, a curated synonym table, WordNet synonyms for
// words the store never uses, light stemming and one-typo correction.
//
// Terms are matched two ways: against every fact's text, keywords and the
// names of the people it is about (BM25-style), and against the questions
// users ask that the fact answers (questions.yaml), so that "how many
// minutes will this take" meets "how long is it" through its question
// rather than through words the fact never uses. A fact answers only when
// it covers enough of the question, holds every attribute asked for, and
// fills the question's slot (a person, a date, a number, a place, a title);
// otherwise the bot says it does not know. Coverage is the idf-weighted
// share of the question's terms the fact or one of its questions holds, and
// a word the store has never seen counts against it: that is what makes
// "best cake shop in Seoul" abstain although the store knows both "cake
// shop" and "Seoul".
type Matcher struct {
	store    *Store
	docs     []doc
	post     map[string][]posting // fact terms -> facts
	paras    []para
	paraPost map[string][]int32 // question terms -> questions of questions.yaml
	// paraNaming: person or work id -> the questions that name them;
	// paraAnon: fact -> its questions that name no one.
	paraNaming map[string][]int32
	paraAnon   map[int32][]int32
	idf        map[string]float64
	avgLen     float64
	// floorIDF is the weight of a term found in a tenth of the facts: no
	// question word counts for less, so a common word the answer lacks
	// ("good" in "is Money Heist good") still counts against it.
	floorIDF float64
	vocab    map[string]struct{} // every word of the store, its questions and the synonym table
	// spelled are words of questions about the articles themselves
	// ("writer", "piece", "headline") that the store need not use: the
	// typo corrector knows them too, without making them store words.
	spelled map[string]bool
	typos   map[string][]string // one deletion of a vocab word -> words
	abroad  map[string]bool     // countries and capitals the articles never name
	names   *nameIndex
	docsFor map[string][]int32 // person or work id -> facts about them
	docOf   map[string]int     // fact id -> its doc
	lex     lexicon
	// attrTerms are the terms of the attributes (see terms.go), so that a
	// phrase ("real name") or a word sense ("rate") can ask for one.
	attrTerms map[string]bool

	scratch sync.Pool // *scratch buffers for scoring

	sourcePhrases []sourcePhrase     // the ways to name an article (sources.go)
	citing        map[string][]int32 // article id -> the facts citing it

	pair       []string          // the two heroines, "the two girls" (names.go)
	director   []string          // who holds the role "director": whom a lone "he" may mean (reply.go)
	friend     string            // the character called a best friend: "her friend" (names.go)
	topicOf    map[string]string // the term of a topic's name -> the topic
	quoteKeys  []string          // folded quote text and context, for autocomplete
	quoteTerms [][]string        // scoring terms of each quote, for /quote search
}

// doc is one fact as the matcher sees it.
type doc struct {
	fact   *Fact
	length float64
	kinds  answerKinds
	// text holds the terms of the fact's text alone: a "who" question's
	// words must be there, not only in the keywords ("who edited it" is not
	// answered by the review's remark on the cuts, keyword "editing").
	text      map[string]bool
	textTerms []string // the same, in order, once each
}

// para is one question of questions.yaml, or of unanswered.yaml (fact
// noFact).
type para struct {
	fact    int32
	terms   []string // distinct
	people  []string
	weights []float64 // of its terms
	total   float64   // the weight of its terms and names
	asks    slotKind
}

// noFact is the fact of a question no article answers.
const noFact = -1

type posting struct {
	doc int32
	tf  float32
}

// Tuning of the scorer, chosen on the tuned question sets in testdata/.
const (
	bm25K1       = 1.2
	bm25B        = 0.5
	softWeight   = 0.3 // the ranking weight of a soft term such as "ballerina"
	maxQuestion  = maxInput
	maxSuggested = 3
	// MaxFacts is the most facts one reply shows: the answer and at most
	// two further facts that add to it.
	MaxFacts = 3
	// entityWeight is how much a named person or work counts towards
	// coverage, in floorIDFs; entityScore what being about them adds to a
	// fact's BM25 rank: enough to break ties, not to outrank the words.
	entityWeight = 1.5
	entityScore  = 1.0
	// unknownWeight multiplies the weight of a word the store has never
	// seen: it may be filler ("confirmed") or the very thing asked.
	unknownWeight = 0.25
	// lexiconWeight multiplies the weight of a store word reached through
	// WordNet: the synonym may be of another sense.
	lexiconWeight = 0.8
	// alsoShare: a further fact must rank at least this share of the best.
	alsoShare = 0.85
)

// coverageNeeded is the share of a question a fact must cover to answer it,
// for questions of up to 2, 4, 7 and more terms. Short questions must be
// covered almost fully; long, chatty ones carry filler words.
var coverageNeeded = [4]float64{0.7, 0.72, 0.45, 0.4}

func required(terms int) float64 {
	switch {
	case terms <= 2:
		return coverageNeeded[0]
	case terms <= 4:
		return coverageNeeded[1]
	case terms <= 7:
		return coverageNeeded[2]
	}
	return coverageNeeded[3]
}

// NewMatcher indexes the store.
func NewMatcher(s *Store) *Matcher {
	m := &Matcher{
		store:      s,
		post:       map[string][]posting{},
		paraPost:   map[string][]int32{},
		paraNaming: map[string][]int32{},
		paraAnon:   map[int32][]int32{},
		idf:        map[string]float64{},
		typos:      map[string][]string{},
		vocab:      map[string]struct{}{},
		topicOf:    map[string]string{},
		names:      newNameIndex(s),
		docsFor:    map[string][]int32{},
		docOf:      map[string]int{},
		lex:        newLexicon(),
		attrTerms:  map[string]bool{},
	}
	m.sourcePhrases = sourcePhrases(s, m.lex)
	m.pair = pairOf(s)
	m.director = roleHolders(s, "director")
	m.friend = friendOf(s)
	m.citing = map[string][]int32{}
	for i := range s.Facts {
		for _, c := range s.Facts[i].Cites {
			if ids := m.citing[c.Source]; len(ids) == 0 || ids[len(ids)-1] != int32(i) {
				m.citing[c.Source] = append(ids, int32(i))
			}
		}
	}
	df := map[string]int{}
	factTerms := make([]map[string]bool, len(s.Facts)) // every term of a fact and its questions, for df
	total := 0.0
	for i := range s.Facts {
		f := &s.Facts[i]
		var b strings.Builder
		b.WriteString(indexText(f.Text))
		b.WriteString(" . ")
		b.WriteString(m.hyphenParts(f.Text))
		b.WriteString(" . ")
		b.WriteString(f.Topic)
		for _, k := range f.Keywords {
			b.WriteString(" . ")
			b.WriteString(k)
		}
		about := m.peopleOf(f)
		var people, works []string
		for _, pid := range about {
			if p, ok := s.Person(pid); ok { // a work's name is in the text already
				b.WriteString(" . ")
				b.WriteString(p.Name)
				people = append(people, pid)
			} else {
				works = append(works, pid)
			}
			m.docsFor[pid] = append(m.docsFor[pid], int32(i))
		}
		ws := words(b.String())
		m.addVocab(ws)
		var terms []string
		eachTerm(ws, func(t, _ string) { terms = append(terms, t) })
		tf := map[string]int{}
		for _, t := range terms {
			tf[t]++
		}
		factTerms[i] = map[string]bool{}
		for t, n := range tf {
			m.post[t] = append(m.post[t], posting{doc: int32(i), tf: float32(n)})
			factTerms[i][t] = true
		}
		m.docOf[f.ID] = i
		textTerms := dedupe(termsOf(indexText(f.Text)))
		text := map[string]bool{}
		for _, t := range textTerms {
			text[t] = true
		}
		kinds := kindsOf(s, f, append(people, works...), m.mentions(f.Text), works)
		kinds.speakers = m.names.speakers(f.Text)
		m.docs = append(m.docs, doc{fact: f, length: float64(len(terms)), kinds: kinds,
			text: text, textTerms: textTerms})
		total += float64(len(terms))
	}
	m.indexQuestions(factTerms)
	for _, ts := range factTerms {
		for t := range ts {
			df[t]++
		}
	}
	for i := range s.Quotes {
		q := &s.Quotes[i]
		text := q.Text + " " + q.Context
		if q.Byline { // a writer is no person of the store: find them by name
			text += " " + s.SpeakerName(q)
		}
		m.quoteKeys = append(m.quoteKeys, Key(text))
		m.quoteTerms = append(m.quoteTerms, dedupe(termsOf(text)))
	}
	n := float64(len(m.docs))
	if n > 0 {
		m.avgLen = total / n
	}
	m.floorIDF = math.Log(1 + (n-n/10+0.5)/(n/10+0.5))
	for t, d := range df {
		m.idf[t] = math.Log(1 + (n-float64(d)+0.5)/(float64(d)+0.5))
	}
	for i := range m.paras {
		p := &m.paras[i]
		for _, t := range p.terms {
			p.weights = append(p.weights, m.weight(t))
			p.total += m.weight(t)
		}
		p.total += float64(len(p.people)) * entityWeight * m.floorIDF
	}
	for w := range synonyms {
		m.vocab[w] = struct{}{}
	}
	for w := range attributes {
		if t := term(w); t != "" {
			m.attrTerms[t] = true
		}
	}
	for _, w := range []string{senseRating, senseRemoved, senseAge} {
		m.attrTerms[term(w)] = true
	}
	for _, p := range s.People {
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			m.addVocab(words(a))
		}
	}
	// "plot?" and "the story" ask what the film is about: its premise,
	// free of spoilers, not the first of the plot's beats.
	m.topicOf[term("plot")], m.topicOf[term("story")] = "premise", "premise"
	for _, topic := range sortedKeys(topics) {
		if _, taken := m.topicOf[term(topic)]; !taken && topic != "people" {
			// "people" is the topic of facts about the cast's lives, not
			// what "what did people think" asks about.
			m.topicOf[term(topic)] = topic
		}
	}
	m.spelled = articleWords()
	for w := range m.vocab {
		delete(m.spelled, w)
	}
	addTypos := func(w string) {
		if len(w) >= 4 {
			for _, del := range deletions(w) {
				m.typos[del] = append(m.typos[del], w)
			}
		}
	}
	for w := range m.vocab {
		addTypos(w)
	}
	m.abroad = abroadWords(m.vocab, m.spelled)
	for w := range m.spelled {
		addTypos(w)
	}
	for _, ws := range m.typos {
		sort.Strings(ws) // one answer for a typo, whatever the map's order
	}
	return m
}

// hyphenParts returns the parts of the text's hyphenated words, apart:
// "real-life" is indexed as one word and as "real life", as a user may
// type it either way. Names are left alone.
func (m *Matcher) hyphenParts(text string) string {
	var b strings.Builder
	for _, f := range strings.Fields(text) {
		if !strings.Contains(f, "-") {
			continue
		}
		parts := strings.FieldsFunc(strings.ToLower(f), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(parts) < 2 || m.names.tokens[romanize(parts[0])] {
			continue
		}
		b.WriteString(strings.Join(parts, " "))
		b.WriteString(" . ")
	}
	return b.String()
}

func (m *Matcher) addVocab(ws []string) {
	for _, w := range ws {
		m.vocab[w] = struct{}{}
	}
}

// indexText drops a label before a name ("Director Lee Chung-hyun says…",
// "director Lee Chung-hyun does a fantastic job", "actor Jeon Jong-seo"):
// it says who is speaking, not that they direct or act, so "who directed
// Good Time" must not meet it.
func indexText(s string) string {
	var b strings.Builder
	for s != "" {
		i, label := -1, ""
		for _, l := range nameLabels {
			if j := strings.Index(s, l); j >= 0 && (i < 0 || j < i) {
				i, label = j, l
			}
		}
		if i < 0 {
			b.WriteString(s)
			break
		}
		rest := s[i+len(label):]
		startsWord := i == 0 || !unicode.IsLetter(rune(s[i-1]))
		b.WriteString(s[:i])
		if !startsWord || rest == "" || !unicode.IsUpper([]rune(rest)[0]) {
			b.WriteString(label)
		}
		s = rest
	}
	return b.String()
}

var nameLabels = []string{"Director ", "director ", "actor "}

// peopleOf returns the people and works a fact is about: those it lists
// and those whose name its text mentions.
func (m *Matcher) peopleOf(f *Fact) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range f.People {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range m.mentions(f.Text) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// weight is how much a question term counts: its idf, at least floorIDF. A
// word the store has never seen counts as a common one: it may be filler;
// so does a word only the questions of questions.yaml use ("behind" in
// "who's behind ballerina"): it says how people ask, not what a fact holds.
func (m *Matcher) weight(t string) float64 {
	if _, inFacts := m.post[t]; !inFacts {
		return m.floorIDF
	}
	return max(m.idf[t], m.floorIDF)
}
