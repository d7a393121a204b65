// Command lexicon generates facts/lexicon.go from the WordNet 3.0 database
// (Debian's wordnet-base package) and the store's vocabulary, so that the
// build and CI need no WordNet:
//
//	go generate ./facts    # runs: go run ./internal/lexicon -wordnet /usr/share/wordnet -data data -out lexicon.go
//
// It writes three tables, each filtered to what the store can use:
//
//   - synonyms: an English word the store never uses -> up to three store
//     words it may mean (same synset in its commonest senses, a derived
//     form, an irregular base form, or the synset's parent). The matcher
//     consults it only for question words the store lacks.
//   - people words: store words whose commonest noun sense is a person or a
//     group of people ("dealer", "couple"), so a "who" question can be
//     answered by a fact that names no one but says who.
//   - place words: store words whose commonest noun sense is a place, a
//     building or an establishment ("desert", "bathtub", "pub"), for "where".
//
// WordNet is read directly: its data files are plain text (see wndb(5WN));
// no Go library for them is kept up to date, and the subset needed here is
// small.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	wn := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dict directory (index.noun, data.noun, …)")
	data := flag.String("data", "data", "the store's data directory")
	out := flag.String("out", "lexicon.go", "file to write")
	flag.Parse()
	db, err := loadWordNet(*wn)
	if err != nil {
		log.Fatalf("lexicon: %v (install Debian's wordnet-base package)", err)
	}
	vocab, lower, err := storeVocabulary(*data)
	if err != nil {
		log.Fatalf("lexicon: %v", err)
	}
	src, err := generate(db, vocab, lower)
	if err != nil {
		log.Fatalf("lexicon: %v", err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatalf("lexicon: %v", err)
	}
}

// storeFiles are the data files whose words make the store's vocabulary.
var storeFiles = []string{"facts.yaml", "people.yaml", "works.yaml", "questions.yaml"}

var (
	wordPattern = regexp.MustCompile(`[a-z]+`)
	// token finds words and hyphenated compounds; a compound may be an id
	// ("lee-chung-hyun") that would make a name look like a word.
	token = regexp.MustCompile(`[A-Za-z]+(?:-[A-Za-z]+)*`)
)

// abstractPlaces are nouns WordNet files under location whose commonest
// sense is a part of something rather than a place one can be at.
var abstractPlaces = map[string]bool{"end": true, "top": true, "middle": true, "center": true, "area": true, "south": true,
	"works": true, "scene": true, "setting": true, "point": true, "side": true, "part": true}

// storeVocabulary returns every word of the store, and those of them the
// store also writes in lower case (a word only ever capitalised is a name:
// "Park", "Lee", "Dutch").
func storeVocabulary(dir string) (vocab, lower map[string]bool, err error) {
	vocab, lower = map[string]bool{}, map[string]bool{}
	for _, f := range storeFiles {
		raw, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return nil, nil, err
		}
		for _, w := range wordPattern.FindAllString(strings.ToLower(string(raw)), -1) {
			if len(w) >= 3 {
				vocab[w] = true
			}
		}
		for _, t := range token.FindAllString(string(raw), -1) {
			if !strings.Contains(t, "-") && t == strings.ToLower(t) {
				lower[t] = true
			}
		}
	}
	return vocab, lower, nil
}

// synset is one WordNet synset: its lexicographer file, its words and the
// pointers this generator follows.
type synset struct {
	lexFile  int
	instance bool // a named individual ("Drew", "WHO"), not a kind of thing
	words    []string
	hypernym []string // offsets (same part of speech)
	derived  []derivation
}

type derivation struct {
	pos, offset string
	source      int // word number in this synset, 1-based
	target      int // word number in the target synset
}

type wordNet struct {
	// senses: lemma -> part of speech -> synset offsets, commonest first.
	senses     map[string]map[string][]string
	synsets    map[string]map[string]*synset // pos -> offset -> synset
	exceptions map[string][]string           // irregular form -> base forms
	// tagged counts how often each part of speech of a lemma was seen in
	// WordNet's tagged corpus (cntlist.rev).
	tagged map[string]map[byte]int
}

var posFiles = map[string]string{"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

func loadWordNet(dir string) (*wordNet, error) {
	db := &wordNet{senses: map[string]map[string][]string{}, synsets: map[string]map[string]*synset{},
		exceptions: map[string][]string{}, tagged: map[string]map[byte]int{}}
	if err := db.readCounts(filepath.Join(dir, "cntlist.rev")); err != nil {
		return nil, err
	}
	for pos, name := range posFiles {
		if err := db.readIndex(filepath.Join(dir, "index."+name), pos); err != nil {
			return nil, err
		}
		if err := db.readData(filepath.Join(dir, "data."+name), pos); err != nil {
			return nil, err
		}
		if err := db.readExceptions(filepath.Join(dir, name+".exc")); err != nil {
			return nil, err
		}
	}
	return db, nil
}

func eachLine(path string, f func(fields []string)) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") { // the licence header
			continue
		}
		if i := strings.Index(line, " | "); i >= 0 { // a data line's gloss
			line = line[:i]
		}
		f(strings.Fields(line))
	}
	return sc.Err()
}

// readIndex reads lemma lines: lemma pos synset_cnt p_cnt [ptr…] sense_cnt
// tagsense_cnt offset…
func (db *wordNet) readIndex(path, pos string) error {
	return eachLine(path, func(f []string) {
		if len(f) < 6 {
			return
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || len(f) < n {
			return
		}
		if db.senses[f[0]] == nil {
			db.senses[f[0]] = map[string][]string{}
		}
		db.senses[f[0]][pos] = f[len(f)-n:]
	})
}

// readData reads synset lines: offset lex_filenum ss_type w_cnt word lex_id
// … p_cnt [ptr_symbol offset pos source/target]…
func (db *wordNet) readData(path, pos string) error {
	db.synsets[pos] = map[string]*synset{}
	return eachLine(path, func(f []string) {
		if len(f) < 4 {
			return
		}
		lex, _ := strconv.Atoi(f[1])
		wc, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return
		}
		s := &synset{lexFile: lex}
		i := 4
		for k := 0; k < int(wc) && i+1 < len(f); k++ {
			w := strings.ToLower(f[i])
			if j := strings.IndexByte(w, '('); j > 0 { // adjective markers: "big(a)"
				w = w[:j]
			}
			s.words = append(s.words, w)
			i += 2
		}
		if i >= len(f) {
			return
		}
		pc, _ := strconv.Atoi(f[i])
		i++
		for k := 0; k < pc && i+3 < len(f); k++ {
			sym, off, ppos, st := f[i], f[i+1], f[i+2], f[i+3]
			i += 4
			if ppos == "s" {
				ppos = "a"
			}
			switch sym {
			case "@", "@i":
				if ppos == pos {
					s.hypernym = append(s.hypernym, off)
				}
				s.instance = s.instance || sym == "@i"
			case "+":
				src, _ := strconv.ParseInt(st[:2], 16, 32)
				dst, _ := strconv.ParseInt(st[2:], 16, 32)
				s.derived = append(s.derived, derivation{pos: ppos, offset: off, source: int(src), target: int(dst)})
			}
		}
		db.synsets[pos][f[0]] = s
	})
}

// readCounts reads "sense_key sense_number tag_cnt" lines; a sense key is
// lemma%ss_type:…, ss_type 1 noun, 2 verb, 3 and 5 adjective, 4 adverb.
func (db *wordNet) readCounts(path string) error {
	return eachLine(path, func(f []string) {
		if len(f) < 3 {
			return
		}
		lemma, rest, ok := strings.Cut(f[0], "%")
		n, err := strconv.Atoi(f[2])
		if !ok || rest == "" || err != nil {
			return
		}
		pos := rest[0]
		if pos == '5' {
			pos = '3'
		}
		if db.tagged[lemma] == nil {
			db.tagged[lemma] = map[byte]int{}
		}
		db.tagged[lemma][pos] += n
	})
}

// oftenNoun reports whether a word is used as a noun at least a third as
// often as any other part of speech ("desert" the place, not the verb).
func (db *wordNet) oftenNoun(w string) bool {
	c := db.tagged[w]
	for pos, n := range c {
		if pos != '1' && n > 3*c['1'] {
			return false
		}
	}
	return true
}

// detachments are WordNet's morphy rules: the endings an inflected word may
// lose (and what replaces them) to give its base form.
var detachments = [][2]string{
	{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
	{"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}, {"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"},
}

// bases returns the WordNet lemmas an inflected word may come from,
// including itself when it is one.
func (db *wordNet) bases(w string) []string { return db.detach(w, detachments) }

// nounBases is bases for nouns only: "dealers" -> dealer, but "makes" is
// not a plural of "make".
func (db *wordNet) nounBases(w string) []string {
	if strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed") {
		return nil
	}
	return db.detach(w, detachments[:8])
}

func (db *wordNet) detach(w string, rules [][2]string) []string {
	var out []string
	if db.senses[w] != nil {
		out = append(out, w)
	}
	out = append(out, db.exceptions[w]...)
	for _, d := range rules {
		if strings.HasSuffix(w, d[0]) && len(w) > len(d[0])+2 {
			if b := w[:len(w)-len(d[0])] + d[1]; db.senses[b] != nil {
				out = append(out, b)
			}
		}
	}
	return out
}

func (db *wordNet) readExceptions(path string) error {
	return eachLine(path, func(f []string) {
		if len(f) >= 2 {
			db.exceptions[f[0]] = append(db.exceptions[f[0]], f[1:]...)
		}
	})
}

// Lexicographer files used to classify store words.
const (
	lexGroup    = 14
	lexLocation = 15
	lexPerson   = 18
)

// maxTargets bounds the store words one word may stand for.
const maxTargets = 3

// dominant returns the commonest sense of a word in its commonest part of
// speech (by WordNet's tagged counts), and that part of speech. Only that
// sense counts: further senses and parts of speech ("game" the adjective,
// "brave") point at words the user did not mean more often than not.
func (db *wordNet) dominant(lemma string) (*synset, string) {
	best, bestN := "", -1
	for _, pos := range []string{"n", "v", "a", "r"} {
		offs := db.senses[lemma][pos]
		if len(offs) == 0 {
			continue
		}
		n := db.tagged[lemma][posDigit[pos]]
		if n > bestN {
			best, bestN = pos, n
		}
	}
	if best == "" {
		return nil, ""
	}
	return db.synsets[best][db.senses[lemma][best][0]], best
}

var posDigit = map[string]byte{"n": '1', "v": '2', "a": '3', "r": '4'}

// targets lists the store words a word not in the store may mean, best
// first: its irregular base forms, the words of its commonest sense, their
// derived forms, and for a noun the sense's parent ("pistol" -> gun).
func (db *wordNet) targets(lemma string, vocab map[string]bool) []string {
	var out []string
	add := func(w string) {
		if vocab[w] && w != lemma && len(out) < maxTargets {
			for _, o := range out {
				if o == w {
					return
				}
			}
			out = append(out, w)
		}
	}
	for _, base := range db.exceptions[lemma] {
		add(base)
	}
	s, pos := db.dominant(lemma)
	if s == nil {
		return out
	}
	for _, w := range s.words {
		add(w)
	}
	for _, d := range s.derived {
		if t := db.synsets[d.pos][d.offset]; t != nil && d.target >= 1 && d.target <= len(t.words) &&
			(d.source == 0 || d.source <= len(s.words) && s.words[d.source-1] == lemma) {
			add(t.words[d.target-1])
		}
	}
	if pos == "n" {
		for _, h := range s.hypernym {
			if t := db.synsets["n"][h]; t != nil {
				for _, w := range t.words {
					add(w)
				}
			}
		}
	}
	return out
}

// firstNoun returns the commonest noun sense of a word.
func (db *wordNet) firstNoun(w string) *synset {
	if offs := db.senses[w]["n"]; len(offs) > 0 {
		return db.synsets["n"][offs[0]]
	}
	return nil
}

// isA reports whether s or one of its ancestors holds word.
func (db *wordNet) isA(s *synset, words ...string) bool {
	seen := map[*synset]bool{}
	for queue := []*synset{s}; len(queue) > 0; queue = queue[1:] {
		c := queue[0]
		if c == nil || seen[c] {
			continue
		}
		seen[c] = true
		for _, w := range c.words {
			for _, want := range words {
				if w == want {
					return true
				}
			}
		}
		for _, h := range c.hypernym {
			queue = append(queue, db.synsets["n"][h])
		}
	}
	return false
}

func generate(db *wordNet, vocab, lower map[string]bool) ([]byte, error) {
	table, entries := synonymTable(db, vocab)
	people, places := classify(db, vocab, lower)
	english := englishWords(db)

	var b bytes.Buffer
	b.WriteString("// Code generated by go run ./internal/lexicon; DO NOT EDIT.\n\n")
	b.WriteString("// WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.\n")
	b.WriteString("// (WordNet licence: https://wordnet.princeton.edu/license-and-commercial-use)\n\n")
	b.WriteString("package facts\n\n")
	fmt.Fprintf(&b, "// wordnetSynonyms has %d lines \"word target…\", sorted: the store words\n// a word the store never uses may mean.\n", entries)
	fmt.Fprintf(&b, "const wordnetSynonyms = %s\n\n", strconv.Quote(table))
	fmt.Fprintf(&b, "// englishWords has %d lines: the words of WordNet's tagged corpus and their\n// irregular forms, sorted. A question word the store lacks that is not\n// among them is a name or a title, not filler.\n", strings.Count(english, "\n"))
	fmt.Fprintf(&b, "const englishWords = %s\n\n", strconv.Quote(english))
	b.WriteString("// peopleWords are store words whose commonest sense is a person or a group\n// of people.\n")
	fmt.Fprintf(&b, "var peopleWords = set(%s)\n\n", quoteAll(people))
	b.WriteString("// placeWords are store words whose commonest sense is a place, a building\n// or an establishment.\n")
	fmt.Fprintf(&b, "var placeWords = set(%s)\n", quoteAll(places))
	return format.Source(b.Bytes())
}

// englishWords lists the lemmas seen in WordNet's tagged corpus (single
// words of three letters or more) and the irregular forms of any lemma.
func englishWords(db *wordNet) string {
	seen := map[string]bool{}
	for w := range db.tagged {
		if len(w) >= 3 && isWord(w) {
			seen[w] = true
		}
	}
	for form := range db.exceptions {
		if len(form) >= 3 && isWord(form) {
			seen[form] = true
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return strings.Join(out, "\n") + "\n"
}

// synonymTable maps every WordNet word the store does not use to the store
// words it may mean.
func synonymTable(db *wordNet, vocab map[string]bool) (string, int) {
	// The store's words as WordNet lemmas: "firearms" makes "firearm" a
	// word the store uses, so "pistol" can point at it.
	known := map[string]bool{}
	for w := range vocab {
		known[w] = true
		for _, b := range db.bases(w) {
			known[b] = true
		}
	}
	var lemmas []string
	for l := range db.senses {
		if len(l) >= 3 && !known[l] && isWord(l) {
			lemmas = append(lemmas, l)
		}
	}
	for form := range db.exceptions {
		if len(form) >= 3 && !known[form] && isWord(form) && db.senses[form] == nil {
			lemmas = append(lemmas, form)
		}
	}
	sort.Strings(lemmas)
	var table strings.Builder
	entries := 0
	for _, l := range lemmas {
		if ts := db.targets(l, known); len(ts) > 0 {
			fmt.Fprintf(&table, "%s %s\n", l, strings.Join(ts, " "))
			entries++
		}
	}
	return table.String(), entries
}

// classify finds the store words that name people or places. A word the
// store only ever capitalises is a name ("Park", "Lee", "Dutch") and counts
// only as a named place ("Korea", "Seoul").
func classify(db *wordNet, vocab, lower map[string]bool) (people, places []string) {
	for w := range vocab {
		for _, base := range db.nounBases(w) {
			s := db.firstNoun(base)
			if s == nil || s.instance && lower[w] || !db.oftenNoun(base) || abstractPlaces[base] {
				continue
			}
			isPlace := db.isA(s, "geographical_area", "region", "structure", "establishment", "land", "geological_formation", "room", "tub")
			switch {
			case !lower[w]:
				if s.instance && s.lexFile == lexLocation && isPlace {
					places = append(places, w)
				}
			case s.lexFile == lexPerson || s.lexFile == lexGroup && db.isA(s, "social_group", "people"):
				people = append(people, w)
			case isPlace:
				places = append(places, w)
			default:
				continue
			}
			break
		}
	}
	sort.Strings(people)
	sort.Strings(places)
	return people, places
}

func isWord(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func quoteAll(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	return strings.Join(q, ", ")
}
