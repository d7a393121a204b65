package facts

import "strings"

// Questions about an article itself: "who wrote the sayart article", "when
// was the sayart piece published", "reviewer's @?". /about shows each
// article's byline from sources.yaml; /ask answers from the same fields,
// one sentence cited to the article, and says so when the article does not
// give what was asked ("The casting interview does not name its author.").
// The check runs only when sources.go found an article in the question.

// articleDetail is what a question asks of an article, as bits: a question
// may ask two things ("who wrote the sayart article and when").
type articleDetail uint8

const (
	detailAuthor articleDetail = 1 << iota
	detailDate
	detailOutlet
	detailTitle
)

// articleAsk is a question about one article: which, and what of it.
type articleAsk struct {
	source string
	detail articleDetail
}

// Words that ask for a detail of an article. Every other word of the
// question must name the article or be a stopword: "what does the sayart
// article say about who wrote the script" asks about the script.
var (
	authorAsks = set("wrote", "write", "writes", "written", "writer", "writers", "author", "authors", "authored",
		"byline", "handle", "username", "behind", "twitter", "instagram", "account", "socials", "fb", "facebook", "x")
	dateAsks   = set("when", "date", "year", "month")
	outletAsks = set("outlet", "site", "website", "publication", "publisher", "newspaper", "paper", "magazine", "where", "which", "ran", "run", "appear", "appeared")
	titleAsks  = set("title", "titled", "headline", "called", "named")
	// publishWords make "where" ask for an outlet: "where was it
	// published", not "where is the reviewer from".
	publishWords = set("published", "posted", "appeared", "appear", "ran", "run", "online")
	// fillerAsks are words that ask nothing of their own in such a question.
	fillerAsks = set("who", "whos", "whose", "name", "the", "a", "an", "of", "is", "was", "were", "are", "did", "does", "do", "what", "whats", "its", "it", "and", "by", "on", "in",
		"for", "from", "this", "that", "tell", "me", "please", "pls", "exactly", "s", "has", "have", "had", "actually", "originally",
		"published", "publish", "posted", "post", "released", "come", "came", "out", "time", "go", "went", "up", "online",
		"about", "ballerina", "film", "movie") // every article is about the film: "the sayart article about ballerina"
	// writerWords name an article by its writer: "the reviewer" is whoever
	// wrote the review.
	writerWords = map[string]string{"reviewer": "review", "reviewers": "review"}
	writerNames = set("reviewer", "reviewers")
)

// articleWords returns the words that ask about an article or name one,
// for the typo corrector ("writters", "peice", "reveiwer").
func articleWords() map[string]bool {
	out := map[string]bool{}
	for _, ws := range []map[string]bool{authorAsks, dateAsks, outletAsks, titleAsks, publishWords, writerNames, sourceWords} {
		for w := range ws {
			out[w] = true
		}
	}
	return out
}

// asksArticle reports what ws ask of one article the question names, if
// they ask nothing else. named is sources.go's finding (term -> article).
func (m *Matcher) asksArticle(ws []string, named map[string]string) (articleAsk, bool) {
	var ask articleAsk
	for _, id := range named {
		if ask.source != "" && ask.source != id {
			return articleAsk{}, false // two articles: a comparison, not a byline
		}
		ask.source = id
	}
	byWriter := false
	for i := 0; i < len(ws); i++ {
		if n, id := m.articleWordsAt(ws, i); n > 0 {
			if ask.source != "" && ask.source != id {
				return articleAsk{}, false
			}
			ask.source, byWriter = id, byWriter || writerWords[ws[i+n-1]] != ""
			i += n - 1
			continue
		}
		w := ws[i]
		switch {
		case writerWords[w] != "":
			id := m.onlySourceOfKind(writerWords[w])
			if id == "" || ask.source != "" && ask.source != id {
				return articleAsk{}, false
			}
			ask.source, byWriter = id, true
		case dateAsks[w] || months[w] && w != "may" || len(w) == 4 && isDigits(w) || w == "day" && hasAny(ws, months):
			// "on which day of october 2023": a date, narrowed; a day
			// alone may be the weekday an article reports.
			ask.detail |= detailDate
		case authorAsks[w]:
			ask.detail |= detailAuthor
		case titleAsks[w]:
			ask.detail |= detailTitle
		case outletAsks[w]:
			if w != "which" && w != "run" && (w != "where" || hasAny(ws, publishWords)) {
				ask.detail |= detailOutlet
			}
		case fillerAsks[w] || sourceWords[w]:
		default:
			return articleAsk{}, false
		}
	}
	if ask.source == "" {
		return articleAsk{}, false
	}
	if ask.detail&detailDate != 0 && has(ws, "when") {
		ask.detail &^= detailAuthor // "when was it written": the date, not the writer
	}
	if has(ws, "name") && ask.detail&^detailTitle == 0 {
		if byWriter {
			ask.detail = detailAuthor // "the reviewer's name"
		} else {
			ask.detail |= detailTitle // "the name of the sayart article"
		}
	}
	if ask.detail&detailAuthor != 0 && ask.detail&detailOutlet != 0 && !hasAny(ws, set("outlet", "site", "website", "publication", "publisher", "newspaper", "paper", "magazine")) {
		ask.detail &^= detailOutlet // "where is the writer from" is none of these; "which" alone asks who
	}
	if ask.detail == 0 && byWriter && has(ws, "who") {
		ask.detail = detailAuthor
	}
	if ask.detail == 0 && byWriter && len(ws) <= 3 {
		ask.detail = detailAuthor // "reviewer's @?", "the reviewer?"
	}
	return ask, ask.detail != 0
}

// followUp answers a question that asks more of the article the one
// before it asked about: "who wrote the sayart article and on which date
// was it published", "… and when". It names no article of its own.
func (m *Matcher) followUp(ws []string, prev string) (Answer, bool) {
	if prev == "" || m.sourceWordsOf(ws) != nil {
		return Answer{}, false
	}
	ask, ok := m.asksArticle(ws, map[string]string{"": prev})
	if !ok || len(ws) > 1 && !hasAny(ws, set("it", "its", "that", "this")) {
		return Answer{}, false // "when": the bare word asks of the same article
	}
	a := m.articleAnswer(ask)
	return a, a.Found
}

// namesArticle reports whether ws ask something of an article.
func (m *Matcher) namesArticle(ws []string) bool {
	named := m.sourceWordsOf(ws)
	if named == nil && !hasAny(ws, writerNames) {
		return false
	}
	_, ok := m.asksArticle(ws, named)
	return ok
}

// articleWordsAt returns how many words at i name an article (0 if none)
// and which. The writer of an article names it too: "the genre reviewer".
func (m *Matcher) articleWordsAt(ws []string, i int) (int, string) {
	for _, p := range m.sourcePhrases {
		n := len(p.words)
		if hasWordsAt(ws, i, p.words) {
			return n, p.id
		}
		if n > 1 && hasWordsAt(ws, i, p.words[:n-1]) && i+n <= len(ws) && writerWords[ws[i+n-1]] == p.words[n-1] {
			return n, p.id
		}
	}
	return 0, ""
}

// onlySourceOfKind returns the one article of a kind ("review"), or ""
// when the store has none or several.
func (m *Matcher) onlySourceOfKind(kind string) string {
	id := ""
	for _, src := range m.store.Sources {
		if src.Kind == kind {
			if id != "" {
				return ""
			}
			id = src.ID
		}
	}
	return id
}

// articleAnswer answers a question about an article from its sources.yaml
// fields: a sentence per detail asked, cited to the article.
func (m *Matcher) articleAnswer(ask articleAsk) Answer {
	src, ok := m.store.Source(ask.source)
	if !ok {
		return Answer{}
	}
	name := "The " + articleName(src.Label)
	author := name + " is by " + src.Author + "."
	if strings.HasPrefix(src.Author, "@") && inNoise(src, src.Author) {
		// sources.yaml takes a handle only from the writer's reply under
		// the article, not from a byline.
		author = name + "'s writer gives the handle " + src.Author + " in a reply under the " + src.Kind + "."
	}
	// Each detail: its field, the sentence that gives it, the one that
	// says the article does not.
	details := []struct {
		bit          articleDetail
		value, given string
		missing      string
	}{
		{detailAuthor, src.Author, author, " does not name its author."},
		{detailDate, src.Date, name + " is dated " + src.Date + ".", " does not give its date."},
		{detailOutlet, src.Publication, name + " appeared in " + src.Publication + ".", " does not name the outlet it appeared in."},
		{detailTitle, src.Title, name + " is titled “" + src.Title + "”.", " does not give its title."},
	}
	var texts []string
	for _, d := range details {
		switch {
		case ask.detail&d.bit == 0:
		case d.value == "":
			texts = append(texts, name+d.missing)
		default:
			texts = append(texts, d.given)
		}
	}
	a := Answer{Found: true, Coverage: 1, article: src.ID}
	for i, t := range texts {
		a.Facts = append(a.Facts, &Fact{
			ID:    "article-" + src.ID + "-" + string(rune('a'+i)),
			Topic: "source",
			Text:  t,
			Cites: []Citation{{Source: src.ID}},
		})
	}
	a.Lead = len(a.Facts)
	return a
}

// articleName is a label without its bracketed date: "feature article
// (2023-10-16)" reads "feature article".
func articleName(label string) string {
	if i := strings.Index(label, " ("); i > 0 {
		return label[:i]
	}
	return label
}

// inNoise reports whether s occurs in one of the article's noise lines
// (its reader comments and replies among them).
func inNoise(src *Source, s string) bool {
	for _, line := range src.Noise {
		if strings.Contains(line, s) {
			return true
		}
	}
	return false
}
