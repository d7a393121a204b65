package facts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Who said a quote, rendered one way for /quote, the quote of the day and
// "who said it?" trivia alike.

// SpeakerName is who a quote belongs to: the quoted person's name; for the
// article's own words its author, else its outlet, else the article itself
// ("The casting interview") when the text names neither.
func (s *Store) SpeakerName(q *Quote) string {
	if !q.Byline {
		if p, ok := s.Person(q.Speaker); ok {
			return p.Name
		}
		return q.Speaker
	}
	src, ok := s.Source(q.Source)
	switch {
	case !ok:
		return q.Source
	case src.Author != "":
		return src.Author
	case src.Publication != "":
		return src.Publication
	}
	return upperFirst("the " + src.Label)
}

// Attribution is "Name, Outlet": the speaker and where the article appeared
// (its publication, else its label). The outlet is left out when the name
// already is it, as for an unsigned Korea Herald sentence.
func (s *Store) Attribution(q *Quote) string {
	name := s.SpeakerName(q)
	src, ok := s.Source(q.Source)
	if !ok {
		return name
	}
	outlet := src.Publication
	if outlet == "" {
		outlet = src.Label
	}
	if strings.Contains(Key(name), Key(outlet)) {
		return name
	}
	return name + ", " + outlet
}

// Speakers lists the distinct speaker names of the store's quotes, in store
// order: the pool "who said it?" questions draw wrong choices from.
func (s *Store) Speakers() []string {
	var out []string
	seen := map[string]bool{}
	for i := range s.Quotes {
		n := s.SpeakerName(&s.Quotes[i])
		if !seen[Key(n)] {
			seen[Key(n)] = true
			out = append(out, n)
		}
	}
	return out
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
