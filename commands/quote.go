package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// Quotes serves /quote: a random quote, or one found by words or picked from
// autocomplete.
type Quotes struct {
	Store   *facts.Store
	Matcher *facts.Matcher
	// Intn returns a random int in [0, n); injected so tests are deterministic.
	Intn func(n int) int
}

// Quote answers /quote [search].
func (q *Quotes) Quote(_ context.Context, req Request) (Response, error) {
	if len(q.Store.Quotes) == 0 {
		return Unknown("I have no quotes yet."), nil
	}
	search := strings.TrimSpace(req.Option("search"))
	if search == "" {
		return QuoteCard(q.Store, &q.Store.Quotes[q.Intn(len(q.Store.Quotes))]), nil
	}
	if found, ok := q.Store.Quote(search); ok { // an id, as autocomplete sends
		return QuoteCard(q.Store, found), nil
	}
	hits := q.Matcher.SearchQuotes(search)
	if len(hits) == 0 {
		return Unknown(fmt.Sprintf("No quote in my articles matches “%s”. Try `/quote` for a random one.", Quoted(search, 80))), nil
	}
	return QuoteCard(q.Store, hits[0]), nil
}

// Autocomplete suggests quotes for /quote search.
func (q *Quotes) Autocomplete(_ context.Context, req Request) (Response, error) {
	var out []Choice
	for _, found := range q.Matcher.CompleteQuotes(req.Option(req.Focused), 25) {
		label := found.Text
		if found.Spoiler {
			label = "(spoiler) " + found.Context
		}
		out = append(out, Choice{Name: Clip(label, 100), Value: found.ID})
	}
	return Response{Found: len(out) > 0, Choices: out}, nil
}

// QuoteCard renders a quote with its speaker, context and source; the quote
// of the day uses it too.
func QuoteCard(s *facts.Store, q *facts.Quote) Response {
	text := "“" + q.Text + "”"
	if q.Spoiler {
		text = Spoiler(text)
	}
	return Response{
		Found: true,
		Card: &Card{
			Description: text,
			Fields: []Field{
				{Name: "Said by", Value: s.Attribution(q), Inline: true},
				{Name: "About", Value: q.Context, Inline: true},
			},
			Footer: Footer(s, []string{q.Source}),
			Color:  ColorPink,
		},
		Sources: []string{q.Source},
	}
}
