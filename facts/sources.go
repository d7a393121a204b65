package facts

import (
	"strconv"
	"strings"
	"time"
)

// Source mentions: "What does the Korea Herald interview say about the
// colours", "in the casting interview, …", "according to the Sayart piece".
// The article named says where the answer is: every fact that cites it
// holds the words that name it, whether or not its text names the article;
// a fact whose text does name it still ranks higher (BM25).

// sourceWords are what people call an article besides its name.
var sourceWords = set("article", "articles", "piece", "interview", "review", "feature", "story", "report", "dated", "net",
	"writeup", "column", "site", "website", "the", "a")

// sourcePhrase is a way to name an article: the words of its label or its
// publication.
type sourcePhrase struct {
	words []string
	id    string
	// spoken: the article's date as people say it ("october 15"), which
	// names the article only right after a word for one ("the piece from
	// october 15"); alone it is a date like any other.
	spoken bool
}

// sourcePhrases returns the ways to name each article of the store: its
// label and publication ("korea herald interview", "korea herald"), the
// label without its last word when what is left still names it
// ("sayart net", "sayart"; not "casting" or "genre", which are words of
// their own), and its date ("2023-10-16").
func sourcePhrases(s *Store, lex lexicon) []sourcePhrase {
	var out []sourcePhrase
	add := func(ws []string, id string) {
		for len(ws) > 0 && sourceWords[ws[0]] {
			ws = ws[1:]
		}
		if len(ws) > 0 {
			out = append(out, sourcePhrase{words: ws, id: id})
		}
	}
	for _, src := range s.Sources {
		only := src.Kind != ""
		for _, other := range s.Sources {
			only = only && (other.ID == src.ID || other.Kind != src.Kind)
		}
		if only {
			// "who wrote the review": the one review among the articles.
			out = append(out, sourcePhrase{words: []string{src.Kind}, id: src.ID})
		}
	}
	for _, src := range s.Sources {
		for _, name := range []string{src.Label, src.Publication} {
			ws := words(name)
			add(ws, src.ID)
			for n := len(ws) - 1; n >= 1; n-- {
				rest := ws[:n]
				if !sourceWords[ws[n]] && !strings.ContainsAny(ws[n], "0123456789") {
					break
				}
				if len(rest) >= 2 || !lex.isEnglish(rest[0]) {
					add(rest, src.ID)
				}
			}
		}
		if src.Date != "" {
			add(words(src.Date), src.ID)
			if d, err := time.Parse(time.DateOnly, src.Date); err == nil {
				month, day := strings.ToLower(d.Month().String()), strconv.Itoa(d.Day())
				for _, ws := range [][]string{{month, day}, {month[:3], day}, {day, month}} {
					out = append(out, sourcePhrase{words: ws, id: src.ID, spoken: true})
				}
			}
		}
	}
	return out
}

// sourceWordsOf finds the articles ws name and returns the terms of the
// words that name them ("korea", "herald", "interview"), each with its
// article: a fact citing the article holds them.
func (m *Matcher) sourceWordsOf(ws []string) map[string]string {
	var out map[string]string
	for i := 0; i < len(ws); i++ {
		for _, p := range m.sourcePhrases {
			if !hasWordsAt(ws, i, p.words) || p.spoken && !afterArticleWord(ws, i) {
				continue
			}
			start, end := i, i+len(p.words)
			for start > 0 && sourceWords[ws[start-1]] {
				start-- // "the feature dated 2023-10-16"
			}
			for end < len(ws) && (sourceWords[ws[end]] || isDigits(ws[end])) {
				end++
			}
			if out == nil {
				out = map[string]string{}
			}
			eachTerm(ws[start:end], func(t, _ string) {
				if _, taken := out[t]; !taken {
					out[t] = p.id
				}
			})
			i = end - 1
			break
		}
	}
	return out
}

// afterArticleWord reports whether the words before i call something an
// article: "the piece from", "the feature dated", "the article of".
func afterArticleWord(ws []string, i int) bool {
	if i > 0 && (ws[i-1] == "from" || ws[i-1] == "of" || ws[i-1] == "on") {
		i--
	}
	return i > 0 && sourceWords[ws[i-1]] && ws[i-1] != "the" && ws[i-1] != "a"
}

func hasWordsAt(ws []string, i int, phrase []string) bool {
	if i+len(phrase) > len(ws) {
		return false
	}
	for j, w := range phrase {
		if ws[i+j] != w {
			return false
		}
	}
	return true
}
