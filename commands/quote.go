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

// anotherPrefix starts the custom id of the Another button; the id of the
// quote the button sits under follows, so the next quote differs from it
// without any state kept between clicks.
const anotherPrefix = "quote:another:"

// Quote answers /quote [search].
func (q *Quotes) Quote(_ context.Context, req Request) (Response, error) {
	if len(q.Store.Quotes) == 0 {
		return Unknown("I have no quotes yet."), nil
	}
	search := strings.TrimSpace(req.Option("search"))
	if search == "" {
		return q.card(q.random("")), nil
	}
	if found, ok := q.Store.Quote(search); ok { // an id, as autocomplete sends
		return q.card(found), nil
	}
	hits := q.Matcher.SearchQuotes(search)
	if len(hits) == 0 {
		return Unknown(fmt.Sprintf("No quote in my articles matches “%s”. Try `/quote` for a random one.", Quoted(search, 80))), nil
	}
	return q.card(hits[0]), nil
}

// Another answers a click on Another with a new reply holding a random
// quote other than the one the button sits under. A button whose quote has
// left the store still works: any quote will do.
func (q *Quotes) Another(_ context.Context, req Request) (Response, error) {
	shown, ok := strings.CutPrefix(req.CustomID, anotherPrefix)
	if !ok {
		return Unknown("That button is no longer active. Try `/quote`."), nil
	}
	if len(q.Store.Quotes) == 0 {
		return Unknown("I have no quotes yet."), nil
	}
	return q.card(q.random(shown)), nil
}

// random picks a quote at random, never the one with id not when another
// exists.
func (q *Quotes) random(not string) *facts.Quote {
	qs := q.Store.Quotes
	skip := -1
	for i := range qs {
		if qs[i].ID == not {
			skip = i
		}
	}
	if skip < 0 || len(qs) == 1 {
		return &qs[q.Intn(len(qs))]
	}
	i := q.Intn(len(qs) - 1)
	if i >= skip {
		i++
	}
	return &qs[i]
}

// card is a quote's card with the Another button.
func (q *Quotes) card(found *facts.Quote) Response {
	r := QuoteCard(q.Store, found)
	r.Buttons = []Button{{CustomID: anotherPrefix + found.ID, Label: "Another", Style: ButtonSecondary}}
	return r
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
