package facts

import (
	"strings"
	"testing"
)

// leadTexts returns the lead sentences of each answer of a reply and the
// articles they cite.
func leadTexts(r Reply) (texts, sources []string) {
	for _, a := range r.Parts {
		for _, f := range a.Facts[:a.Lead] {
			texts = append(texts, f.Text)
			sources = append(sources, strings.Join(FactSources(f), " "))
		}
	}
	return texts, sources
}

func TestReplyAnswersAboutAnArticle(t *testing.T) {
	m := testMatcher(t)
	const (
		byYim  = "The Sayart.net feature is by Blue YIM."
		handle = "The genre review's writer gives the handle @thegenrejunkie in a reply under the review."
	)
	for _, c := range []struct {
		q, want, source string
	}{
		// Author, byline, handle.
		{"who wrote the sayart article", byYim, "sayart"},
		{"sayart article author?", byYim, "sayart"},
		{"who is the author of the genre review", handle, "genre-review"},
		{"reviewer's @?", handle, "genre-review"},
		{"who is the reviewer", handle, "genre-review"},
		{"the reviewer's twitter?", handle, "genre-review"},
		{"whats the genre reviewers handle", handle, "genre-review"},
		{"whats the reveiwer's handle on fb and x", handle, "genre-review"},
		{"what was the sayart writters name", byYim, "sayart"}, // typos of the words that ask
		{"who wrote the sayart peice", byYim, "sayart"},
		{"whos the author of the sayart article", byYim, "sayart"},        // "whos" typed without its apostrophe
		{"who wrote the sayart article about ballerina", byYim, "sayart"}, // every article is about the film
		{"who wrote the review", handle, "genre-review"},                  // the one review among the articles
		// Date.
		{"when was the sayart piece published", "The Sayart.net feature is dated 2023-10-15.", "sayart"},
		{"what day in october did the sayart article go up", "The Sayart.net feature is dated 2023-10-15.", "sayart"}, // a month narrows the date asked
		{"what date is the feature dated 2023-10-16", "The feature article is dated 2023-10-16.", "catharsis-feature"},
		// Outlet.
		{"what site published the korea herald interview", "The Korea Herald interview appeared in The Korea Herald.", "korea-herald"},
		{"which publication is the korea herald interview from", "The Korea Herald interview appeared in The Korea Herald.", "korea-herald"},
		{"which outlet ran the sayart feature", "The Sayart.net feature appeared in Sayart.net.", "sayart"},
		{"which outlet ran the piece from october 15", "The Sayart.net feature appeared in Sayart.net.", "sayart"}, // its date, spoken
		{"when was the article from oct 16 written", "The feature article is dated 2023-10-16.", "catharsis-feature"},
		// Title.
		{"what is the title of the sayart article", "The Sayart.net feature is titled “Director Lee Chung-hyun's \"Ballerina\": A Cinematic Exploration of Justice”.", "sayart"},
		// The article does not give it: a found answer that says so.
		{"who wrote the casting interview", "The casting interview does not name its author.", "casting-interview"},
		{"when was the genre review published", "The genre review does not give its date.", "genre-review"},
		{"what is the title of the korea herald interview", "The Korea Herald interview does not give its title.", "korea-herald"},
	} {
		r := m.Reply(c.q)
		texts, sources := leadTexts(r)
		if !r.Found() || len(texts) != 1 || texts[0] != c.want || sources[0] != c.source {
			t.Errorf("%q: got %q from %q, want %q from %q", c.q, texts, sources, c.want, c.source)
		}
	}
}

func TestReplyAnswersTwoThingsAboutAnArticle(t *testing.T) {
	m := testMatcher(t)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"who wrote the sayart article and on which date was it published?", []string{"The Sayart.net feature is by Blue YIM.", "The Sayart.net feature is dated 2023-10-15."}},
		{"who wrote the sayart article? when was it published?", []string{"The Sayart.net feature is by Blue YIM.", "The Sayart.net feature is dated 2023-10-15."}},
		{"who wrote the sayart article and when", []string{"The Sayart.net feature is by Blue YIM.", "The Sayart.net feature is dated 2023-10-15."}},
		{"author and date of the sayart article", []string{"The Sayart.net feature is by Blue YIM.", "The Sayart.net feature is dated 2023-10-15."}},
	} {
		texts, _ := leadTexts(m.Reply(c.q))
		if strings.Join(texts, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.q, texts, c.want)
		}
	}
}

func TestReplyAsksNoArticleWhatItDoesNotAsk(t *testing.T) {
	// Who wrote something that is not one of the articles, who was
	// interviewed or interviewed, what an article says: no byline answer.
	m := testMatcher(t)
	for _, q := range []string{
		"who wrote the songs on the soundtrack",
		"who wrote the script",
		"who interviewed the director for the korea herald",
		"what's the name of the korea herald reporter",
		"Who is the journalist who wrote the Korea Herald interview?",
		"korea herald interview day?",
		"where is the reviewer from",
		"what does the korea herald interview say about the release date",
		"who is interviewed in the korea herald interview",
		"how many minutes long is it",
		"was it released on october 15", // a date alone names no article
	} {
		for _, a := range m.Reply(q).Parts {
			if a.article != "" {
				t.Errorf("%q: answered about the article: %q", q, a.Facts[0].Text)
			}
		}
	}
}
