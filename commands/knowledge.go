package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// Knowledge answers questions about the film from the fact store: /ask,
// /cast and /plot.
type Knowledge struct {
	Store   *facts.Store
	Matcher *facts.Matcher
}

// MaxQuestion is the longest question /ask takes; Discord allows 6000 in
// an option, and no real question needs more than this.
const MaxQuestion = 500

// Ask answers a free question.
func (k *Knowledge) Ask(_ context.Context, req Request) (Response, error) {
	q := strings.TrimSpace(req.Option("question"))
	if q == "" {
		return Unknown("Ask me something about *Ballerina* (2023), for example `/ask who plays the villain`."), nil
	}
	if len([]rune(q)) > MaxQuestion {
		q = string([]rune(q)[:MaxQuestion])
	}
	return k.render(k.compose(q)), nil
}

// Cast shows the cast table, or one person's card.
func (k *Knowledge) Cast(_ context.Context, req Request) (Response, error) {
	name := strings.TrimSpace(req.Option("name"))
	if name == "" {
		return k.castTable(), nil
	}
	p, ok := k.Matcher.ResolvePerson(name)
	if !ok {
		msg := fmt.Sprintf("I don't know anyone called “%s” in *Ballerina*.", Quoted(name, 80))
		if near := k.Matcher.CompletePeople(name, 3); len(near) > 0 {
			names := make([]string, len(near))
			for i, p := range near {
				names[i] = p.Name
			}
			msg += " Did you mean " + strings.Join(names, ", ") + "?"
		} else {
			msg += " Try `/cast` for everyone the articles name."
		}
		return Unknown(msg), nil
	}
	return k.personCard(p), nil
}

// CastAutocomplete suggests names for /cast.
func (k *Knowledge) CastAutocomplete(_ context.Context, req Request) (Response, error) {
	var out []Choice
	for _, p := range k.Matcher.CompletePeople(req.Option(req.Focused), 25) {
		out = append(out, Choice{Name: Clip(p.Name+" — "+personRole(k.Store, p), 100), Value: p.ID})
	}
	return Response{Found: len(out) > 0, Choices: out}, nil
}

// personRole is a short "who is this" line: "Ok-ju, played by Jeon Jong-seo".
func personRole(s *facts.Store, p *facts.Person) string {
	link := func(ids []string) string {
		var names []string
		for _, id := range ids {
			if q, ok := s.Person(id); ok {
				names = append(names, q.Name)
			}
		}
		return strings.Join(names, ", ")
	}
	switch {
	case len(p.Plays) > 0:
		return "plays " + link(p.Plays)
	case len(p.PlayedBy) > 0:
		return "played by " + link(p.PlayedBy)
	case len(p.Roles) > 0:
		return strings.Join(p.Roles, ", ")
	}
	return p.Kind
}

func (k *Knowledge) personCard(p *facts.Person) Response {
	c := &Card{Title: p.Name, Description: p.Description, Color: ColorRed}
	if p.Spoiler {
		c.Description = Spoiler(p.Description)
	}
	link := func(label string, ids []string) {
		var names []string
		for _, id := range ids {
			if q, ok := k.Store.Person(id); ok {
				names = append(names, q.Name)
			}
		}
		if len(names) > 0 {
			c.Fields = append(c.Fields, Field{Name: label, Value: strings.Join(names, ", "), Inline: true})
		}
	}
	link("Plays", p.Plays)
	link("Played by", p.PlayedBy)
	if len(p.Roles) > 0 {
		c.Fields = append(c.Fields, Field{Name: "Role", Value: strings.Join(p.Roles, ", "), Inline: true})
	}
	if aka := otherSpellings(p); len(aka) > 0 {
		c.Fields = append(c.Fields, Field{Name: "Also written", Value: strings.Join(aka, ", ")})
	}
	if len(p.OtherWork) > 0 {
		c.Fields = append(c.Fields, Field{Name: "Other work the articles mention", Value: strings.Join(p.OtherWork, ", ")})
	}
	srcs := sourceSet(personSources(p))
	c.Footer = Footer(k.Store, srcs)
	return Response{Found: true, Card: c, Sources: srcs}
}

// otherSpellings lists a person's aliases that are spelled differently from
// their display name, skipping bare family or given names.
func otherSpellings(p *facts.Person) []string {
	var out []string
	for _, a := range p.Aliases {
		if strings.EqualFold(a, p.Name) || !strings.ContainsAny(a, " -") && len(a) < 6 {
			continue
		}
		out = append(out, a)
	}
	return out
}

func (k *Knowledge) castTable() Response {
	c := &Card{Title: "Ballerina (2023): cast and crew", Color: ColorPink}
	srcs := sourceSet{}
	for i := range k.Store.People {
		p := &k.Store.People[i]
		if p.Kind != "person" {
			continue
		}
		c.Fields = append(c.Fields, Field{Name: p.Name, Value: personRole(k.Store, p), Inline: true})
		for _, cite := range p.Cites {
			srcs.add(cite.Source)
		}
	}
	c.Description = "Use `/cast name:` with any spelling (Ok-joo, Jun Jong-seo, Choi Pro…) for a card."
	c.Footer = Footer(k.Store, srcs)
	return Response{Found: true, Card: c, Sources: srcs}
}
