package commands

import (
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/facts"
)

func TestAskAnswersFirst(t *testing.T) {
	r := reply(t, cmd("ask", "question", "how long is it?"))
	if !r.Found || r.Card == nil {
		t.Fatalf("got %+v", r)
	}
	if !strings.HasPrefix(r.Card.Description, "Ballerina runs a lean 93 minutes.") {
		t.Errorf("the first line does not answer:\n%s", r.Card.Description)
	}
	// One article: no markers, the footer names it once.
	if r.Card.Footer != "Source: genre review" || strings.Contains(r.Card.Description, "¹") {
		t.Errorf("footer %q, description %q", r.Card.Footer, r.Card.Description)
	}
}

func TestAskMarksSourcesWhenTheyDiffer(t *testing.T) {
	r := reply(t, cmd("ask", "question", "when did it come out"))
	d := r.Card.Description
	if !strings.HasPrefix(d, "The articles disagree:") || !strings.Contains(d, "Oct. 5") || !strings.Contains(d, "Oct. 6") {
		t.Fatalf("release date:\n%s", d)
	}
	if !strings.Contains(d, "¹") || !strings.Contains(d, "²") || !strings.HasPrefix(r.Card.Footer, "Sources: ¹ ") || strings.Count(r.Card.Footer, "·") != 1 {
		t.Errorf("markers in %q, footer %q", d, r.Card.Footer)
	}
	if strings.Contains(d, "— *") {
		t.Errorf("sources repeated after the facts:\n%s", d)
	}
}

func TestAskDisagreeBannerOnlyForRealDisagreements(t *testing.T) {
	for _, q := range []string{"who directed it", "main actress?", "who did the music", "did it come out on the same platform as the call"} {
		r := reply(t, cmd("ask", "question", q))
		if !r.Found || strings.Contains(answerText(r), "disagree") {
			t.Errorf("%q:\n%s", q, answerText(r))
		}
	}
}

func TestAskAnswersEachPartOfATwoPartQuestion(t *testing.T) {
	r := reply(t, cmd("ask", "question", "who directed it and how long is it?"))
	d := r.Card.Description
	for _, want := range []string{"**who directed it**\nLee Chung-hyun directed Ballerina.", "**how long is it?**\nBallerina runs a lean 93 minutes."} {
		if !strings.Contains(d, want) {
			t.Errorf("lacks %q:\n%s", want, d)
		}
	}
	half := reply(t, cmd("ask", "question", "who directed it and what was the budget?"))
	if !half.Found || !strings.Contains(half.Card.Description, "**what was the budget?**\nI don't know") {
		t.Errorf("the unanswered part must say so:\n%s", answerText(half))
	}
}

func TestAskNamesTheArticlesOfACardAmongParts(t *testing.T) {
	// A person's card as one part of a reply cites its articles, as a
	// card alone does.
	r := reply(t, cmd("ask", "question", "who is gray? and what was the budget?"))
	if !r.Found || !strings.Contains(r.Card.Description, "**Gray**") || len(r.Sources) == 0 || !strings.HasPrefix(r.Card.Footer, "Source") {
		t.Errorf("sources %v, footer %q:\n%s", r.Sources, r.Card.Footer, answerText(r))
	}
}

func TestAskGuidesGreetingsAndHelp(t *testing.T) {
	for _, q := range []string{"hi!", "hello there :)", "help", "what can you do?"} {
		r := reply(t, cmd("ask", "question", q))
		if r.Found || !r.Ephemeral || !strings.Contains(r.Content, "/ask who plays the villain?") {
			t.Errorf("%q: %+v", q, r)
		}
	}
	other := reply(t, cmd("ask", "question", "is the ballerina with ana de armas good"))
	if other.Found || !strings.Contains(other.Content, "I only know *Ballerina* (2023)") {
		t.Errorf("other film: %+v", other)
	}
}

func TestAskNeverShowsMoreThanThreeFacts(t *testing.T) {
	k := testKnowledge(t)
	for _, q := range []string{"music", "what's the plot", "main actress?", "how do you spell the director's name",
		"who is choi, when was it released and how did it chart"} {
		n := 0
		for _, a := range k.compose(q).reply.Parts {
			n += len(a.Facts)
		}
		if n > maxFacts {
			t.Errorf("%q: %d facts", q, n)
		}
	}
}

func TestSuggestionsKeepSpoilersWhole(t *testing.T) {
	short := &facts.Fact{Text: "She dies.", Spoiler: true}
	long := &facts.Fact{Text: strings.Repeat("spoiler ", 60), Spoiler: true}
	plain := &facts.Fact{Text: strings.Repeat("word ", 60)}
	if s, ok := suggestion(short); !ok || s != "||She dies.||" {
		t.Errorf("short spoiler: %q %v", s, ok)
	}
	if _, ok := suggestion(long); ok {
		t.Error("a long spoiler is cut instead of left out")
	}
	if s, ok := suggestion(plain); !ok || len([]rune(s)) > maxSuggestion {
		t.Errorf("plain: %d runes", len([]rune(s)))
	}
	r := testKnowledge(t).dontKnow("x", []*facts.Fact{long, short})
	if strings.Count(r.Content, "||")%2 != 0 || strings.Contains(r.Content, "spoiler spoiler") {
		t.Errorf("dontKnow:\n%s", r.Content)
	}
}

func TestAskAnswersAboutAnArticle(t *testing.T) {
	for _, c := range []struct{ q, lead, footer string }{
		{"who wrote the sayart article", "The Sayart.net feature is by Blue YIM.", "Source: Sayart.net feature"},
		{"who wrote the casting interview", "The casting interview does not name its author.", "Source: casting interview"},
	} {
		r := reply(t, cmd("ask", "question", c.q))
		if !r.Found || r.Card == nil || r.Card.Description != c.lead || r.Card.Footer != c.footer {
			t.Errorf("%q: got %+v", c.q, r.Card)
		}
	}
}
