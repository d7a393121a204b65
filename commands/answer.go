package commands

import (
	"fmt"
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// /ask replies answer first: the first line answers the question in one
// sentence, at most two further facts follow when they add to it, and the
// articles are named once, in the footer, with a marker per fact when the
// facts come from different articles. A message that asks two things gets
// one answer per question, under the question's own words.

// composed is /ask's answer before rendering: the user's message and what
// the matcher made of it.
type composed struct {
	question string
	reply    facts.Reply
}

// compose asks the matcher.
func (k *Knowledge) compose(q string) composed {
	return composed{question: q, reply: k.Matcher.Reply(q)}
}

// render turns a composed reply into the Response users see.
func (k *Knowledge) render(c composed) Response {
	r := c.reply
	switch {
	case len(r.Parts) == 0 && r.OtherFilm:
		return Unknown(otherFilm)
	case len(r.Parts) == 0:
		return Unknown(guide)
	case !r.Found():
		return k.dontKnow(c.question, r.Parts[0].Suggestions)
	case len(r.Parts) == 1 && r.Parts[0].Person != nil:
		return k.personCard(r.Parts[0].Person)
	}
	var shown []*facts.Fact
	var people []*facts.Person
	for _, a := range r.Parts {
		shown = append(shown, a.Facts...)
		if a.Person != nil {
			people = append(people, a.Person)
		}
	}
	marks := newMarkers(k.Store, shown, people)
	var b strings.Builder
	for i, a := range r.Parts {
		if len(r.Parts) > 1 {
			if i > 0 {
				b.WriteString("\n\n")
			}
			fmt.Fprintf(&b, "**%s**\n", Quoted(a.Question, 200))
		}
		k.writeAnswer(&b, a, marks)
	}
	return Response{
		Found: true,
		Card: &Card{
			Title:       Quoted(c.question, 200),
			Description: b.String(),
			Footer:      marks.footer(),
		},
		Sources: marks.ids,
	}
}

// writeAnswer writes one question's answer: the lead (or the sides of a
// disagreement), then the facts that add to it.
func (k *Knowledge) writeAnswer(b *strings.Builder, a facts.Answer, marks markers) {
	switch {
	case a.Person != nil:
		fmt.Fprintf(b, "**%s** (%s): %s%s", a.Person.Name, personRole(k.Store, a.Person), personDescription(a.Person),
			marks.ofSources(personSources(a.Person)))
		return
	case !a.Found:
		b.WriteString("I don't know: none of my five articles says.")
		return
	}
	if a.Disagree {
		b.WriteString("The articles disagree:")
		for _, f := range a.Facts[:a.Lead] {
			fmt.Fprintf(b, "\n• %s%s", FactText(f), marks.of(f))
		}
	} else {
		for i, f := range a.Facts[:a.Lead] {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(b, "%s%s", FactText(f), marks.of(f))
		}
	}
	if more := a.Facts[a.Lead:]; len(more) > 0 {
		b.WriteString("\n")
		for _, f := range more {
			fmt.Fprintf(b, "\n• %s%s", FactText(f), marks.of(f))
		}
	}
}

func personDescription(p *facts.Person) string {
	if p.Spoiler {
		return Spoiler(p.Description)
	}
	return p.Description
}

// markers number the articles a reply cites, in the order its facts cite
// them. With one article, facts carry no marker and the footer names it.
type markers struct {
	store *facts.Store
	ids   []string
}

func newMarkers(s *facts.Store, shown []*facts.Fact, people []*facts.Person) markers {
	var ids sourceSet
	for _, f := range shown {
		ids.add(facts.FactSources(f)...)
	}
	for _, p := range people {
		ids.add(personSources(p)...) // a card among the parts cites its articles too
	}
	return markers{store: s, ids: ids}
}

// personSources are the articles a person's card draws on.
func personSources(p *facts.Person) []string {
	var ids sourceSet
	for _, c := range p.Cites {
		ids.add(c.Source)
	}
	return ids
}

var superscripts = []string{"¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"}

func (m markers) mark(id string) string {
	for i, x := range m.ids {
		if x == id && i < len(superscripts) {
			return superscripts[i]
		}
	}
	return ""
}

// of is the marker of a fact: " ¹³" for a fact two articles state.
func (m markers) of(f *facts.Fact) string { return m.ofSources(facts.FactSources(f)) }

// ofSources is the marker of what the given articles state.
func (m markers) ofSources(ids []string) string {
	if len(m.ids) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteByte(' ')
	for _, id := range ids {
		b.WriteString(m.mark(id))
	}
	return b.String()
}

// footer names the articles once: "Source: genre review", or
// "Sources: ¹ casting interview · ² Korea Herald interview".
func (m markers) footer() string {
	names := sourceNames(m.store, m.ids)
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "Source: " + names[0]
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = m.mark(m.ids[i]) + " " + n
	}
	return "Sources: " + strings.Join(parts, " · ")
}

// guide is the reply to a greeting or a bare "help": what to ask, not a
// fact nobody asked for.
const guide = "Hi! I answer questions about *Ballerina* (2023), Lee Chung-hyun's South Korean revenge thriller on Netflix, " +
	"from five articles about it. Try:\n" +
	"• `/ask who plays the villain?`\n" +
	"• `/ask when did it come out, and how long is it?`\n" +
	"• `/ask what inspired the film?`\n" +
	"Or `/cast`, `/plot`, `/quote`, and `/help` for everything I do."

// otherFilm is the reply to a question about another film called Ballerina.
const otherFilm = "I only know *Ballerina* (2023), Lee Chung-hyun's South Korean revenge thriller starring Jeon Jong-seo, " +
	"not the other film called Ballerina. Ask me about this one, for example `/ask who plays the villain?`"

// dontKnow is the honest abstention: no guess, the nearest things the store
// does know as suggestions.
func (k *Knowledge) dontKnow(q string, near []*facts.Fact) Response {
	var b strings.Builder
	fmt.Fprintf(&b, "I don't know: none of my five articles about *Ballerina* (2023) answers “%s”.", Quoted(q, 150))
	shown := 0
	for _, f := range near {
		line, ok := suggestion(f)
		if !ok {
			continue
		}
		if shown == 0 {
			b.WriteString("\nClosest things I do know:")
		}
		fmt.Fprintf(&b, "\n• %s", line)
		shown++
	}
	if shown == 0 {
		b.WriteString("\nI can tell you about the cast (`/cast`), the plot (`/plot`), quotes (`/quote`) and how the film was made.")
	}
	return Response{Ephemeral: true, Content: b.String()}
}

// maxSuggestion is the longest a suggestion may be.
const maxSuggestion = 160

// suggestion is a fact as a "closest thing I know": shortened when it is
// long, but a spoiler is shown whole or not at all, since a cut could leave
// it unhidden.
func suggestion(f *facts.Fact) (string, bool) {
	if !f.Spoiler {
		return cutForReply(f.Text, maxSuggestion), true
	}
	if len([]rune(f.Text)) > 2*maxSuggestion {
		return "", false
	}
	return FactText(f), true
}

// cutForReply shortens user-visible text of /ask to n runes, keeping
// spoiler marks paired.
func cutForReply(s string, n int) string { return Clip(s, n) }
