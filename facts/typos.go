package facts

import "strings"

// Typos: a word that is neither the store's nor English is corrected to a
// word of the store within one edit, and mistyped question words are read
// as the question words they stand for.

// fixTypos corrects a word that is neither the store's nor English to a
// word of the store within one edit, before names are looked for:
// "villian" is villain, "okjo" Okju, "lnog" long.
func (m *Matcher) fixTypos(ws []string) ([]string, bool) {
	var out []string
	for i, w := range ws {
		if _, known := m.vocab[w]; known || len(w) < 4 || stopwords[w] || chatter[w] || isDigits(w) ||
			m.names.tokens[romanize(w)] || m.lex.known(w) {
			continue // a word of the store, of a name, or of English: not a typo
		}
		if _, isNum := numberOf(w); isNum {
			continue
		}
		if fix, ok := m.correct(w); ok && !(len(fix) == len(w) && fix[:len(fix)-1] == w[:len(w)-1] && (agentNoun(w) || m.lex.isEnglish(w))) {
			// A word for someone stays one ("choreographer" is no mistyped
			// "choreographed"), and so does an English inflection
			// ("shows" is no mistyped "shown").

			if out == nil {
				out = append([]string(nil), ws...)
			}
			out[i] = fix
		}
	}
	if out == nil {
		return ws, false
	}
	return out, true
}

// questionTypos are question words as they are often mistyped; too short
// for the typo corrector, which needs five letters to be sure.
var questionTypos = map[string]string{
	"wich": "which", "whitch": "which", "wher": "where", "were's": "where", "hwo": "who", "woh": "who", "waht": "what",
	"wht": "what", "wat": "what", "wut": "what", "whn": "when", "wen": "when", "hwat": "what", "whta": "what", "howmany": "how many", "hw": "how", "wy": "why",
}

// pointsInTime are what "since what …" may count from.
var pointsInTime = set("age", "year", "time", "point", "date", "month", "day")

// fixQuestionWords corrects mistyped question words, so that the slot they
// ask for is read. "were" opening a question before an auxiliary ("were is
// the deal", "were did she find her") is "where"; "were they classmates"
// stays.
func fixQuestionWords(ws []string) []string {
	var out []string
	for i, w := range ws {
		fix, ok := questionTypos[w]
		if w == "were" && i == 0 && len(ws) > 1 && auxiliaries[ws[1]] && ws[1] != "were" {
			fix, ok = "where", true
		}
		if ok {
			if out == nil {
				out = append([]string(nil), ws...)
			}
			out[i] = fix
		}
		if w == "since" && i+2 < len(ws) && (ws[i+1] == "what" || ws[i+1] == "which") && pointsInTime[ws[i+2]] {
			// "since what age", "since which year": since when.
			if out == nil {
				out = append([]string(nil), ws...)
			}
			out[i+1], out[i+2] = "when", ""
		}
	}
	if out == nil {
		return ws
	}
	return strings.Fields(strings.Join(out, " "))
}

// correct finds a word of the store within one edit of w (insert, delete,
// replace or swap of neighbours), preferring the most specific one. A
// letter held down ("showw", "boddy") or a word spelt as it sounds
// ("compair", "fite") is tried first: those are what the fast typist
// meant, however many words lie within one edit ("shown", "fit").
func (m *Matcher) correct(w string) (string, bool) {
	if fix, ok := m.undouble(w); ok {
		return fix, true
	}
	if fix, ok := m.soundsLike(w); ok {
		return fix, true
	}
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
		if _, ok := m.vocab[d]; ok || m.spelled[d] {
			try([]string{d})
		}
		try(m.typos[d])
	}
	return best, best != ""
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

// undouble returns w without one letter of a doubled pair when that is a
// word of the store: "showw" is show, "boddy" body.
func (m *Matcher) undouble(w string) (string, bool) {
	for i := 1; i < len(w); i++ {
		if w[i] != w[i-1] {
			continue
		}
		fix := w[:i] + w[i+1:]
		if _, ok := m.vocab[fix]; ok {
			return fix, true
		}
	}
	return "", false
}

// soundEndings are endings typed as they sound, and how they are spelt.
var soundEndings = [][2]string{{"ite", "ight"}, {"ites", "ights"}, {"air", "are"}, {"airs", "ares"}, {"el", "le"}, {"els", "les"}, {"uf", "ough"}}

// soundVowels are vowel pairs that sound alike inside a word: "meating"
// is meeting.
var soundVowels = [][2]string{{"ea", "ee"}, {"ee", "ea"}}

// soundsLike returns the word of the store w is typed as it sounds:
// "compair" is compare, "fite" fight, "meating" meeting.
func (m *Matcher) soundsLike(w string) (string, bool) {
	for _, v := range soundVowels {
		if i := strings.Index(w, v[0]); i > 0 {
			fix := w[:i] + v[1] + w[i+len(v[0]):]
			if _, ok := m.vocab[fix]; ok {
				return fix, true
			}
		}
	}
	for _, e := range soundEndings {
		if len(w) > len(e[0]) && w[len(w)-len(e[0]):] == e[0] {
			fix := w[:len(w)-len(e[0])] + e[1]
			if _, ok := m.vocab[fix]; ok {
				return fix, true
			}
		}
	}
	return "", false
}
