package commands

import (
	"github.com/ballerina-bot/ballerina/facts"
)

// Config is what the command table needs; main wires it.
type Config struct {
	Store   *facts.Store
	Matcher *facts.Matcher
	Version string
	// Intn returns a random int in [0, n).
	Intn func(n int) int
	// Extra commands (trivia, quote of the day) are appended to the table
	// when their features are wired.
	Extra []Command
}

// New builds the command table: the one list both registration and dispatch
// read.
func New(c Config) Table {
	k := &Knowledge{Store: c.Store, Matcher: c.Matcher}
	q := &Quotes{Store: c.Store, Matcher: c.Matcher, Intn: c.Intn}
	var t Table
	a := &About{Store: c.Store, Version: c.Version, Table: func() Table { return t }}
	t = Table{
		{
			Name:        "ask",
			Description: "Ask anything about the film Ballerina (2023)",
			Options: []Option{{
				Name: "question", Description: "Your question, e.g. who plays the villain", Type: OptionString,
				Required: true, MaxLength: MaxQuestion,
			}},
			DMs:     true,
			Handler: k.Ask,
		},
		{
			Name:        "cast",
			Description: "The cast and crew, or one person or character in any spelling",
			Options: []Option{{
				Name: "name", Description: "A person or character (Ok-joo, Jun Jong-seo, Choi Pro…)", Type: OptionString,
				Autocomplete: true, MaxLength: 100,
			}},
			DMs:          true,
			Handler:      k.Cast,
			Autocomplete: k.CastAutocomplete,
		},
		{
			Name:        "plot",
			Description: "The premise, or the whole plot with spoilers hidden",
			Options: []Option{{
				Name: "part", Description: "premise (no spoilers) or full", Type: OptionString,
				Choices: []Choice{{Name: "premise (no spoilers)", Value: "premise"}, {Name: "full plot (spoilers hidden)", Value: "full"}},
			}},
			DMs:       true,
			Handler:   k.Plot,
			Component: k.PlotPage,
		},
		{
			Name:        "quote",
			Description: "A quote from the articles: random, or search by words",
			Options: []Option{{
				Name: "search", Description: "Words from the quote, or who said it", Type: OptionString,
				Autocomplete: true, MaxLength: 100,
			}},
			DMs:          true,
			Handler:      q.Quote,
			Autocomplete: q.Autocomplete,
			Component:    q.Another,
		},
		{Name: "about", Description: "About the film, the five source articles and this bot", DMs: true, Handler: a.About},
		{Name: "help", Description: "What the bot can do", DMs: true, Handler: a.Help},
	}
	t = append(t, c.Extra...)
	return t
}
