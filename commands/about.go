package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// About serves /about and /help.
type About struct {
	Store   *facts.Store
	Version string
	// Table returns the command table, for /help; a func because the table
	// contains this handler.
	Table func() Table
}

// About describes the film, the five articles and the bot's version.
func (a *About) About(_ context.Context, _ Request) (Response, error) {
	c := &Card{
		Title: "Ballerina (2023)",
		Description: "A Korean revenge thriller written and directed by Lee Chung-hyun, streaming on Netflix. " +
			"Everything I say comes from the five articles below, and every answer names the ones it used. " +
			"Spoilers are hidden behind ||spoiler bars||.",
		Color: ColorRed,
	}
	var ids []string
	for _, s := range a.Store.Sources {
		var parts []string
		if s.Title != "" {
			parts = append(parts, "“"+s.Title+"”")
		}
		if s.Publication != "" {
			parts = append(parts, s.Publication)
		}
		if s.Author != "" {
			parts = append(parts, "by "+s.Author)
		}
		if s.Date != "" {
			parts = append(parts, s.Date)
		}
		parts = append(parts, s.Kind)
		c.Fields = append(c.Fields, Field{Name: s.Label, Value: Clip(strings.Join(parts, " · "), facts.MaxEmbedFieldValue)})
		ids = append(ids, s.ID)
	}
	c.Footer = fmt.Sprintf("%d facts · %d quotes · %d trivia questions · version %s",
		len(a.Store.Facts), len(a.Store.Quotes), len(a.Store.Trivia), a.Version)
	return Response{Found: true, Card: c, Sources: ids}, nil
}

// Help lists every command of the table with its options.
func (a *About) Help(_ context.Context, _ Request) (Response, error) {
	var b strings.Builder
	for _, cmd := range a.Table() {
		if len(cmd.Subcommands) == 0 {
			fmt.Fprintf(&b, "`/%s%s` — %s\n", cmd.Name, optionList(cmd.Options), cmd.Description)
			continue
		}
		for _, sub := range cmd.Subcommands {
			fmt.Fprintf(&b, "`/%s %s%s` — %s\n", cmd.Name, sub.Name, optionList(sub.Options), sub.Description)
		}
	}
	b.WriteString("\nYou can also mention me with a question: `@Ballerina who plays the villain?`")
	return Response{
		Found:     true,
		Ephemeral: true,
		Card:      &Card{Title: "What I can do", Description: b.String(), Color: ColorPink},
	}, nil
}

func optionList(opts []Option) string {
	var b strings.Builder
	for _, o := range opts {
		if o.Required {
			fmt.Fprintf(&b, " %s:", o.Name)
		} else {
			fmt.Fprintf(&b, " [%s:]", o.Name)
		}
	}
	return b.String()
}
