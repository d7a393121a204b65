package commands_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/facts"
)

func TestPlotPremiseIsShortAndSpoilerFree(t *testing.T) {
	table, s := quoteTable(t, func(int) int { return 0 })
	for _, part := range []string{"", "premise", " Premise "} {
		r := dispatch(t, table, command("plot", "", "part", part))
		if !r.Found || r.Card == nil || len(r.Buttons) != 0 {
			t.Fatalf("premise %q: %+v", part, r)
		}
		text := r.Card.Description
		if strings.Contains(text, "||") {
			t.Errorf("the premise hides something, so it tells a spoiler: %s", text)
		}
		told := 0
		for _, id := range s.Plot.Premise {
			f, _ := s.Fact(id)
			if n := strings.Count(text, f.Text); n != 1 {
				t.Errorf("premise tells %s %d times", id, n)
			}
			told++
		}
		if told == 0 || told > facts.MaxPremise || len(r.Sources) == 0 {
			t.Errorf("premise tells %d facts from %v", told, r.Sources)
		}
	}
}

// TestPlotFullPages reads the full plot page by page through the Next
// buttons, then back through Previous: each page within MaxPlotPage with
// its spoilers paired, every fact of the story once and in order.
func TestPlotFullPages(t *testing.T) {
	table, s := quoteTable(t, func(int) int { return 0 })
	r := dispatch(t, table, command("plot", "", "part", "full"))
	var pages []string
	for {
		if !r.Found || r.Card == nil || len(r.Buttons) != 2 {
			t.Fatalf("page %d: %+v", len(pages)+1, r)
		}
		if n := utf8.RuneCountInString(r.Card.Description); n > commands.MaxPlotPage {
			t.Errorf("page %d has %d characters", len(pages)+1, n)
		}
		if commandstest.CheckSpoilers(t, "plot page", r) == 0 {
			t.Errorf("page %d hides nothing", len(pages)+1)
		}
		pages = append(pages, r.Card.Description)
		prev, next := r.Buttons[0], r.Buttons[1]
		if prev.Label != "Previous" || next.Label != "Next" || prev.Disabled != (len(pages) == 1) {
			t.Fatalf("page %d buttons %+v", len(pages), r.Buttons)
		}
		if next.Disabled {
			break
		}
		r = dispatch(t, table, click(next.CustomID))
		if !r.Update {
			t.Fatalf("Next sends a new message instead of turning the page")
		}
	}
	if len(pages) < 2 {
		t.Fatalf("the full plot fits one page; the paging is untested")
	}
	story := strings.Join(pages, "\n")
	at := 0
	for _, id := range s.Plot.Full {
		f, _ := s.Fact(id)
		i := strings.Index(story[at:], commands.FactText(f))
		if i < 0 {
			t.Fatalf("fact %s is missing or out of order", id)
		}
		at += i + len(commands.FactText(f))
		if strings.Count(story, commands.FactText(f)) != 1 {
			t.Errorf("fact %s is told twice", id)
		}
	}
	for n := len(pages); n > 1; n-- {
		r = dispatch(t, table, click(r.Buttons[0].CustomID))
		if r.Card == nil || r.Card.Description != pages[n-2] {
			t.Fatalf("Previous from page %d: %+v", n, r)
		}
	}
}

func TestPlotStaleAndBadPages(t *testing.T) {
	table, _ := quoteTable(t, func(int) int { return 0 })
	for _, id := range []string{"plot:page:0", "plot:page:99", "plot:page:-1", "plot:page:x", "plot:page:", "plot:next", "plot:"} {
		r := dispatch(t, table, click(id))
		if r.Found || !r.Ephemeral || !strings.Contains(r.Content, "/plot part:full") {
			t.Errorf("%s: got %+v", id, r)
		}
	}
	r := dispatch(t, table, command("plot", "", "part", "||ending||"))
	if r.Found || !r.Ephemeral || strings.Contains(r.Content, "||ending||") {
		t.Errorf("unknown part: %+v", r)
	}
}

func TestAboutNamesEverySource(t *testing.T) {
	table, s := quoteTable(t, func(int) int { return 0 })
	r := dispatch(t, table, command("about", ""))
	if r.Card == nil || len(r.Card.Fields) != len(s.Sources) {
		t.Fatalf("about: %+v", r)
	}
	for i, src := range s.Sources {
		f := r.Card.Fields[i]
		if f.Name != src.Label {
			t.Errorf("field %d is %q, want %q", i, f.Name, src.Label)
		}
		for _, want := range []string{src.Title, src.Publication, src.Author, src.Date} {
			if !strings.Contains(f.Value, want) {
				t.Errorf("%s: %q lacks %q", src.ID, f.Value, want)
			}
		}
	}
}
