package facts

import (
	"sort"
	"strings"
)

//go:generate go run ./internal/lexicon -wordnet /usr/share/wordnet -data data -out lexicon.go

// lexicon looks words up in the WordNet synonym table generated into
// lexicon.go: the store words a word the store never uses may mean.
type lexicon struct {
	lines   []string // "word target…", sorted by word
	english []string // sorted
}

func newLexicon() lexicon {
	return lexicon{
		lines:   strings.Split(strings.TrimSuffix(wordnetSynonyms, "\n"), "\n"),
		english: strings.Split(strings.TrimSuffix(englishWords, "\n"), "\n"),
	}
}

// isEnglish reports whether w is an English word (or an inflection of one)
// WordNet's tagged corpus knows: "honestly", "dizzy", "credits"; not
// "simkl", "wasseypur" or a mistyped "lnog".
func (l lexicon) isEnglish(w string) bool {
	if l.known(w) {
		return true
	}
	for _, d := range morphy {
		if strings.HasSuffix(w, d[0]) && len(w) > len(d[0])+2 && l.known(w[:len(w)-len(d[0])]+d[1]) {
			return true
		}
	}
	return false
}

func (l lexicon) known(w string) bool {
	i := sort.SearchStrings(l.english, w)
	return i < len(l.english) && l.english[i] == w
}

// targets returns the store words w may mean, trying w and then the base
// forms WordNet's morphology rules give ("tunes" -> tune -> music).
func (l lexicon) targets(w string) []string {
	if t := l.lookup(w); t != nil {
		return t
	}
	for _, d := range morphy {
		if strings.HasSuffix(w, d[0]) && len(w) > len(d[0])+2 {
			if t := l.lookup(w[:len(w)-len(d[0])] + d[1]); t != nil {
				return t
			}
		}
	}
	return nil
}

func (l lexicon) lookup(w string) []string {
	i := sort.Search(len(l.lines), func(i int) bool { return l.lines[i] >= w+" " })
	if i < len(l.lines) && strings.HasPrefix(l.lines[i], w+" ") {
		return strings.Fields(l.lines[i][len(w)+1:])
	}
	return nil
}

// morphy are WordNet's detachment rules: an inflected ending and what
// replaces it in the base form.
var morphy = [][2]string{
	{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
	{"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}, {"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"},
}
