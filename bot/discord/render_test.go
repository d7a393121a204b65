package discord

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRenderMessageShape(t *testing.T) {
	t.Parallel()
	r := commands.Response{
		Found: true, Ephemeral: true, Content: "Hello @everyone",
		Card:    &commands.Card{Title: "Ok-ju", Description: "Played by Jeon Jong-seo", Fields: []commands.Field{{Name: "Role", Value: "bodyguard", Inline: true}}, Footer: "Sources: Netflix Tudum"},
		Buttons: []commands.Button{{CustomID: "trivia:a", Label: "A", Style: commands.ButtonPrimary}},
	}
	got := mustJSON(t, renderMessage(r, false))
	want := `{"content":"Hello @everyone","embeds":[{"title":"Ok-ju","description":"Played by Jeon Jong-seo","color":16033478,` +
		`"fields":[{"name":"Role","value":"bodyguard","inline":true}],"footer":{"text":"Sources: Netflix Tudum"}}],` +
		`"components":[{"type":1,"components":[{"type":2,"style":1,"label":"A","custom_id":"trivia:a"}]}],` +
		`"flags":64,"allowed_mentions":{"parse":[]}}`
	if got != want {
		t.Errorf("create body:\n got %s\nwant %s", got, want)
	}
	// An edit states every part, so stale embeds and buttons go away, and
	// never carries flags.
	edit := mustJSON(t, renderMessage(commands.Response{Content: "done"}, true))
	if edit != `{"content":"done","embeds":[],"components":[],"allowed_mentions":{"parse":[]}}` {
		t.Errorf("edit body: %s", edit)
	}
	// Discord refuses an empty message.
	empty := renderMessage(commands.Response{}, false)
	if empty.Content == nil || *empty.Content != emptyAnswer {
		t.Errorf("empty response rendered as %s", mustJSON(t, empty))
	}
}

func TestRenderCardColorsAndSources(t *testing.T) {
	t.Parallel()
	found := renderCard(commands.Response{Found: true, Card: &commands.Card{Title: "x"}, Sources: []string{"tudum", "koreaherald"}})
	if found.Color != commands.ColorPink || found.Footer == nil || found.Footer.Text != "Sources: tudum · koreaherald" {
		t.Errorf("found card: %+v", found)
	}
	missing := renderCard(commands.Response{Card: &commands.Card{Title: "x"}})
	if missing.Color != commands.ColorRed || missing.Footer != nil {
		t.Errorf("not-found card: %+v", missing)
	}
	custom := renderCard(commands.Response{Card: &commands.Card{Title: "x", Color: 0x123456, Fields: []commands.Field{{Name: "", Value: " "}}}})
	if custom.Color != 0x123456 || custom.Fields[0].Name != "\u200b" || custom.Fields[0].Value != "\u200b" {
		t.Errorf("custom card: %+v", custom)
	}
}

func TestRenderTruncatesToDiscordLimits(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("é", n) } // 2 bytes, 1 rune: limits count runes
	var fields []commands.Field
	for range 30 {
		fields = append(fields, commands.Field{Name: long(300), Value: long(2000)})
	}
	var buttons []commands.Button
	for i := range 30 {
		buttons = append(buttons, commands.Button{CustomID: "b:" + strings.Repeat("x", i), Label: long(100)})
	}
	buttons = append(buttons, commands.Button{CustomID: strings.Repeat("y", 101), Label: "dropped"})
	r := commands.Response{
		Content: long(2500),
		Card:    &commands.Card{Title: long(300), Description: long(5000), Fields: fields, Footer: long(3000)},
		Buttons: buttons,
	}
	b := renderMessage(r, false)
	if n := runes(*b.Content); n != maxContent {
		t.Errorf("content %d runes", n)
	}
	e := (*b.Embeds)[0]
	if runes(e.Title) > maxEmbedTitle || runes(e.Description) > maxEmbedDesc || len(e.Fields) > maxEmbedFields ||
		e.Footer == nil || runes(e.Footer.Text) > maxFooter {
		t.Errorf("embed over a limit: title %d desc %d fields %d", runes(e.Title), runes(e.Description), len(e.Fields))
	}
	for _, f := range e.Fields {
		if runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
			t.Fatalf("field over a limit: %d/%d", runes(f.Name), runes(f.Value))
		}
	}
	if n := embedSize(e); n > maxEmbedTotal {
		t.Errorf("embed total %d > %d", n, maxEmbedTotal)
	}
	rows := *b.Components
	if len(rows) != maxRows {
		t.Errorf("%d rows, want %d", len(rows), maxRows)
	}
	for _, row := range rows {
		if len(row.Components) > maxButtonsPerRow {
			t.Errorf("row of %d buttons", len(row.Components))
		}
		for _, c := range row.Components {
			bc := c.(buttonComponent)
			if runes(bc.Label) > maxButtonLabel || runes(bc.CustomID) > maxCustomID || bc.Label == "dropped" {
				t.Errorf("button %+v", bc)
			}
		}
	}
}

func TestFitEmbedKeepsWhatFits(t *testing.T) {
	t.Parallel()
	e := embed{Title: "t", Description: strings.Repeat("d", 4000), Footer: &embedFooter{Text: "Sources: x"}}
	for range 3 {
		e.Fields = append(e.Fields, embedField{Name: "n", Value: strings.Repeat("v", 1000)})
	}
	fitEmbed(&e)
	if embedSize(e) != maxEmbedTotal || len(e.Fields) != 3 || e.Footer == nil || !strings.HasSuffix(e.Description, "…") {
		t.Errorf("size %d fields %d footer %v", embedSize(e), len(e.Fields), e.Footer)
	}
	// Nothing but fields: trailing ones go.
	e = embed{}
	for range 10 {
		e.Fields = append(e.Fields, embedField{Name: strings.Repeat("n", 256), Value: strings.Repeat("v", 1024)})
	}
	fitEmbed(&e)
	if embedSize(e) > maxEmbedTotal || len(e.Fields) != 4 {
		t.Errorf("size %d fields %d", embedSize(e), len(e.Fields))
	}
}

func TestRenderModalAndChoices(t *testing.T) {
	t.Parallel()
	m := commands.Modal{CustomID: "trivia:modal", Title: strings.Repeat("T", 60), Inputs: []commands.TextInput{
		{CustomID: "answer", Label: "Your answer", MaxLength: 100, Required: true},
		{CustomID: "essay", Label: strings.Repeat("L", 50), Placeholder: strings.Repeat("p", 150), MaxLength: 9000},
	}}
	d, ok := renderModal(m)
	if !ok {
		t.Fatal("modal refused")
	}
	got := mustJSON(t, d)
	want := `{"custom_id":"trivia:modal","title":"` + strings.Repeat("T", 44) + `…","components":[` +
		`{"type":1,"components":[{"type":4,"custom_id":"answer","style":1,"label":"Your answer","max_length":100,"required":true}]},` +
		`{"type":1,"components":[{"type":4,"custom_id":"essay","style":2,"label":"` + strings.Repeat("L", 44) + `…","placeholder":"` +
		strings.Repeat("p", 99) + `…","max_length":4000,"required":false}]}]}`
	if got != want {
		t.Errorf("modal:\n got %s\nwant %s", got, want)
	}
	if _, ok := renderModal(commands.Modal{CustomID: strings.Repeat("x", 101), Inputs: m.Inputs}); ok {
		t.Error("a modal with a too long custom id was accepted")
	}

	var cs []commands.Choice
	for i := range 30 {
		cs = append(cs, commands.Choice{Name: strings.Repeat("n", 90+i), Value: string(rune('a' + i%26))})
	}
	cs[0].Value = strings.Repeat("v", 101) // too long to send: skipped, not cut
	data := renderChoices(cs, false)
	if len(data.Choices) != maxChoices || data.Choices[0].Value != "b" {
		t.Fatalf("%d choices, first %v", len(data.Choices), data.Choices[0].Value)
	}
	for _, c := range data.Choices {
		if runes(c.Name) > maxChoiceName {
			t.Errorf("choice name %d runes", runes(c.Name))
		}
	}
	nums := renderChoices([]commands.Choice{{Name: "three", Value: "3"}, {Name: "bad", Value: "x"}}, true)
	if diff := cmp.Diff(`{"choices":[{"name":"three","value":3}]}`, mustJSON(t, nums)); diff != "" {
		t.Error(diff)
	}
	if got := mustJSON(t, renderChoices(nil, false)); got != `{"choices":[]}` {
		t.Errorf("no choices: %s", got)
	}
}
