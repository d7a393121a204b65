package discord

import (
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/facts"
)

// TestRenderKeepsSpoilersClosed puts every fact and quote of the shipped
// store where Discord's limits cut it — content, title, description, field,
// footer, the 6000-character total, button labels and autocomplete names —
// at every offset of the text, and checks that no rendered line leaves a
// spoiler open.
func TestRenderKeepsSpoilersClosed(t *testing.T) {
	t.Parallel()
	s, err := facts.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i := range s.Facts {
		if f := &s.Facts[i]; f.Spoiler {
			texts = append(texts, commands.FactText(f))
		}
	}
	for i := range s.Quotes {
		if q := &s.Quotes[i]; q.Spoiler {
			texts = append(texts, commands.QuoteCard(s, q).Card.Description)
		}
	}
	if len(texts) < 5 {
		t.Fatalf("only %d spoiler texts in the store: the test checks little", len(texts))
	}
	check := func(where string, strs ...string) {
		t.Helper()
		for _, str := range strs {
			if line, bad := commandstest.UnpairedSpoiler(str); bad {
				t.Fatalf("%s: a spoiler is left open in %q", where, line[max(0, len(line)-200):])
			}
		}
	}
	// pad puts text so that a limit of n cuts it after k of its runes.
	pad := func(text string, n, k int) string { return strings.Repeat("x", max(n-k, 0)) + text }
	for _, text := range texts {
		for k := 0; k <= runes(text); k++ {
			body := renderMessage(commands.Response{
				Content: pad(text, maxContent, k),
				Card: &commands.Card{
					Title:       pad(text, maxEmbedTitle, k),
					Description: pad(text, maxEmbedDesc, k),
					Fields:      []commands.Field{{Name: pad(text, maxFieldName, k), Value: pad(text, maxFieldValue, k)}},
					Footer:      pad(text, maxFooter, k),
				},
				Buttons: []commands.Button{{CustomID: "x:1", Label: pad(text, maxButtonLabel, k)}},
			}, false)
			e := (*body.Embeds)[0]
			check("render", *body.Content, e.Title, e.Description, e.Fields[0].Name, e.Fields[0].Value, e.Footer.Text,
				(*body.Components)[0].Components[0].(buttonComponent).Label)

			// Over the 6000 total, the description is cut to what is left.
			total := renderCard(commands.Response{Card: &commands.Card{
				Description: strings.Repeat("y", 3000) + text,
				// Fields of 3000-k characters leave 3000+k for the description.
				Fields: []commands.Field{
					{Name: "a", Value: strings.Repeat("z", 1000)}, {Name: "b", Value: strings.Repeat("z", 1000)},
					{Name: "c", Value: strings.Repeat("z", 997-k)},
				},
			}})
			check("6000 total", total.Description)

			choices := renderChoices([]commands.Choice{{Name: pad(text, maxChoiceName, k), Value: "v"}}, false)
			check("choices", choices.Choices[0].Name)
		}
	}
}
