package commands

import (
	"context"
	"strings"
	"testing"
)

// reply runs one request through the real table with the embedded store.
func reply(t *testing.T, req Request) Response {
	t.Helper()
	k := testKnowledge(t)
	table := New(Config{Store: k.Store, Matcher: k.Matcher, Version: "test", Intn: func(n int) int { return n - 1 }})
	resp, err := table.Dispatch(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return resp
}

func cmd(name string, opts ...string) Request {
	r := Request{Kind: KindCommand, Command: name, Options: map[string]string{}}
	for i := 0; i+1 < len(opts); i += 2 {
		r.Options[opts[i]] = opts[i+1]
	}
	return r
}

func TestCastResolvesEverySpelling(t *testing.T) {
	tests := []struct {
		typed, title, link string
	}{
		{"okjoo", "Ok-ju", "Jeon Jong-seo"},
		{"Ok-ju", "Ok-ju", "Jeon Jong-seo"},
		{"jang ok ju", "Ok-ju", "Jeon Jong-seo"},
		{"jun jong seo", "Jeon Jong-seo", "Ok-ju"},
		{"JEON JONG-SEO", "Jeon Jong-seo", "Ok-ju"},
		{"kim ji hun", "Kim Ji-hoon", "Choi Pro"},
		{"choi", "Choi Pro", "Kim Ji-hoon"},
		{"choi min-hee", "Min-hee", "Park Yu-rim"},
		{"lee chung-hyung", "Lee Chung-hyun", ""},
		{"Lee Chung Kyun", "Lee Chung-hyun", ""},
		{"GRAY", "Gray", ""},
		{"jeon-jong-seo", "Jeon Jong-seo", "Ok-ju"}, // an id, as autocomplete sends
		{"okjo", "Ok-ju", "Jeon Jong-seo"},          // one typo
	}
	for _, tc := range tests {
		t.Run(tc.typed, func(t *testing.T) {
			r := reply(t, cmd("cast", "name", tc.typed))
			if !r.Found || r.Card == nil || r.Card.Title != tc.title {
				t.Fatalf("got %+v, want the card of %s", r, tc.title)
			}
			text := answerText(r)
			if tc.link != "" && !strings.Contains(text, tc.link) {
				t.Errorf("card of %s does not link %s:\n%s", tc.title, tc.link, text)
			}
			if len(r.Sources) == 0 || !strings.HasPrefix(r.Card.Footer, "Sources: ") {
				t.Errorf("card names no source: %+v", r.Card)
			}
		})
	}
}

func TestCastWithoutNameListsTheCast(t *testing.T) {
	r := reply(t, cmd("cast"))
	text := answerText(r)
	for _, want := range []string{"Jeon Jong-seo", "plays Ok-ju", "Kim Ji-hoon", "Park Yu-rim", "Lee Chung-hyun", "Gray"} {
		if !strings.Contains(text, want) {
			t.Errorf("cast table lacks %q:\n%s", want, text)
		}
	}
}

func TestCastUnknownNameIsAClearNotFound(t *testing.T) {
	for _, typed := range []string{"Keanu Reeves", strings.Repeat("ж", 10000), "@everyone"} {
		r := reply(t, cmd("cast", "name", typed))
		if r.Found || !r.Ephemeral || !strings.Contains(r.Content, "I don't know anyone called") {
			t.Errorf("%.20q: got %+v", typed, r)
		}
		if strings.Contains(r.Content, "@everyone") {
			t.Errorf("the reply echoes a live @everyone: %q", r.Content)
		}
	}
}

func TestCastAutocomplete(t *testing.T) {
	r := reply(t, Request{Kind: KindAutocomplete, Command: "cast", Focused: "name", Options: map[string]string{"name": "ok"}})
	if len(r.Choices) == 0 || r.Choices[0].Value != "ok-ju" {
		t.Fatalf("choices for \"ok\" = %+v, want Ok-ju first", r.Choices)
	}
	all := reply(t, Request{Kind: KindAutocomplete, Command: "cast", Focused: "name", Options: map[string]string{}})
	if len(all.Choices) == 0 || len(all.Choices) > 25 {
		t.Fatalf("with nothing typed: %d choices, want 1..25", len(all.Choices))
	}
	for _, c := range all.Choices {
		if len([]rune(c.Name)) > 100 {
			t.Errorf("choice name over 100 characters: %q", c.Name)
		}
	}
}

func TestPlotHidesSpoilers(t *testing.T) {
	premise := reply(t, cmd("plot"))
	if strings.Contains(premise.Card.Description, "||") {
		t.Errorf("the premise shows spoiler text:\n%s", premise.Card.Description)
	}
	full := reply(t, cmd("plot", "part", "full"))
	if !strings.Contains(full.Card.Description, "||") {
		t.Errorf("the full plot has no spoiler-wrapped part:\n%s", full.Card.Description)
	}
	if strings.Count(full.Card.Description, "||")%2 != 0 {
		t.Errorf("unbalanced spoiler markers:\n%s", full.Card.Description)
	}
	for _, f := range testKnowledge(t).Store.Facts {
		if f.Spoiler && f.Topic == "plot" && strings.Contains(full.Card.Description, f.Text) &&
			!strings.Contains(full.Card.Description, "||"+f.Text+"||") {
			t.Errorf("spoiler %s shown unwrapped", f.ID)
		}
	}
	if bad := reply(t, cmd("plot", "part", "ending")); bad.Found || !bad.Ephemeral {
		t.Errorf("unknown part: %+v", bad)
	}
}

func TestAskShowsBothSidesOfADisagreement(t *testing.T) {
	r := reply(t, cmd("ask", "question", "when was it released on netflix"))
	text := answerText(r)
	for _, want := range []string{"disagree", "Oct. 5", "Oct. 6"} {
		if !strings.Contains(text, want) {
			t.Errorf("release answer lacks %q:\n%s", want, text)
		}
	}
	if len(r.Sources) < 2 {
		t.Errorf("a disagreement names both sources, got %v", r.Sources)
	}
}

func TestAskAbstainsHonestly(t *testing.T) {
	r := reply(t, cmd("ask", "question", "what was the budget"))
	if r.Found || !r.Ephemeral || !strings.HasPrefix(r.Content, "I don't know") {
		t.Errorf("got %+v", r)
	}
	empty := reply(t, cmd("ask", "question", "   "))
	if empty.Found || !strings.Contains(empty.Content, "/ask who plays the villain") {
		t.Errorf("empty question: %+v", empty)
	}
}

func TestQuote(t *testing.T) {
	random := reply(t, cmd("quote"))
	if !random.Found || random.Card == nil || !strings.HasPrefix(random.Card.Description, "“") || len(random.Sources) != 1 {
		t.Fatalf("random quote: %+v", random)
	}
	byWords := reply(t, cmd("quote", "search", "eye of a storm"))
	if !byWords.Found || !strings.Contains(byWords.Card.Description, "eye of a storm") {
		t.Errorf("search: %+v", byWords.Card)
	}
	byID := reply(t, cmd("quote", "search", "quote-no-other-actor"))
	if !byID.Found || !strings.Contains(byID.Card.Description, "no other actor") {
		t.Errorf("by id: %+v", byID.Card)
	}
	none := reply(t, cmd("quote", "search", "squid game"))
	if none.Found || !none.Ephemeral {
		t.Errorf("no match: %+v", none)
	}
}

func TestAboutAndHelp(t *testing.T) {
	about := answerText(reply(t, cmd("about")))
	for _, want := range []string{"Lee Chung-hyun", "Sayart.net", "Korea Herald", "version test"} {
		if !strings.Contains(about+reply(t, cmd("about")).Card.Footer, want) {
			t.Errorf("/about lacks %q", want)
		}
	}
	help := answerText(reply(t, cmd("help")))
	for _, want := range []string{"/ask question:", "/cast [name:]", "/plot [part:]", "/quote [search:]", "/about", "/help"} {
		if !strings.Contains(help, want) {
			t.Errorf("/help lacks %q:\n%s", want, help)
		}
	}
}

func TestDispatchUnknownIsAResponseNotAnError(t *testing.T) {
	tests := []Request{
		cmd("dance"),
		{Kind: KindComponent, CustomID: "nothing:here"},
		{Kind: KindComponent, CustomID: strings.Repeat("x", 500)},
	}
	for _, req := range tests {
		r := reply(t, req)
		if r.Found || !r.Ephemeral || r.Content == "" {
			t.Errorf("%+v: got %+v", req, r)
		}
	}
}
