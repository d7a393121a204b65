package facts

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLintEmbeddedStore is the curators' check: the shipped store must be
// faithful to its sources and fit Discord.
func TestLintEmbeddedStore(t *testing.T) {
	s, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Lint() {
		t.Error(p)
	}
}

func TestLintFindsEachKindOfProblem(t *testing.T) {
	src := "Jun Jong-seo plays Ok-ju. The film runs 93 minutes.\nWEEKLY HOT\n- 1 Squid Game experience opens"
	sources := "- {id: art, file: a.txt, label: An article, kind: review, noise: [\"WEEKLY HOT\", \"- 1 Squid Game experience opens\"]}\n" +
		"- {id: other, file: b.txt, label: Other piece, publication: Daily Film, kind: review}\n"
	who := func(question, answer, wrong, quote, fact string) string {
		return fmt.Sprintf("- {id: t9, kind: speaker, question: %q, answer: %q, wrong: [%s], quote: %s, fact: %s, difficulty: hard}", question, answer, wrong, quote, fact)
	}
	base := fstest.MapFS{
		"sources/a.txt": {Data: []byte(src)},
		"sources/b.txt": {Data: []byte("Daily Film. Gray scored the film with hip-hop beats. Choi is the villain.")},
		"sources.yaml":  {Data: []byte(sources)},
		"people.yaml": {Data: []byte(`
- {id: jeon, name: Jun Jong-seo, kind: person, description: Actor., cites: [{source: art, evidence: "Jun Jong-seo plays Ok-ju"}]}
`)},
		"facts.yaml": {Data: []byte(`
- {id: runtime, topic: release, text: It runs 93 minutes., cites: [{source: art, evidence: "The film runs 93 minutes."}]}
- {id: music, topic: music, text: Gray scored it., cites: [{source: other, evidence: "Gray scored the film"}]}
- {id: both, topic: cast, text: Two say it., cites: [{source: art, evidence: "Jun Jong-seo plays Ok-ju"}, {source: other, evidence: "Choi is the villain"}]}
`)},
		"plot.yaml": {Data: []byte("premise: [runtime]\nfull: [runtime]\n")},
		"quotes.yaml": {Data: []byte(`
- {id: q1, speaker: jeon, text: "Jun Jong-seo plays Ok-ju", context: the lead, source: art}
- {id: q2, byline: true, text: "Gray scored the film with hip-hop beats", context: the music, source: other}
`)},
		"trivia.yaml": {Data: []byte(`
- {id: t1, question: "How long?", answer: 93 minutes, wrong: [80 minutes, 100 minutes, 120 minutes], fact: runtime, difficulty: easy}
`)},
	}
	tests := []struct {
		name string
		file string
		body string
		want string // a substring of the problem, which must name the entry
	}{
		{"clean store", "", "", ""},
		{"evidence not in source", "facts.yaml", `- {id: runtime, topic: release, text: x, cites: [{source: art, evidence: "The film runs 95 minutes."}]}`, "facts.yaml: runtime: evidence not found"},
		{"evidence from noise", "facts.yaml", `- {id: runtime, topic: release, text: x, cites: [{source: art, evidence: "Squid Game experience opens"}]}`, "facts.yaml: runtime: evidence not found"},
		{"evidence with other whitespace and case passes", "facts.yaml", "- {id: runtime, topic: release, text: x, cites: [{source: art, evidence: \"the FILM   runs 93\\nminutes.\"}]}", ""},
		{"duplicate id", "facts.yaml", "- {id: runtime, topic: release, text: x, cites: [{source: art, evidence: \"The film runs 93 minutes.\"}]}\n- {id: runtime, topic: release, text: y, cites: [{source: art, evidence: \"The film runs 93 minutes.\"}]}", "facts.yaml: runtime: duplicate id"},
		{"unknown source", "facts.yaml", `- {id: runtime, topic: release, text: x, cites: [{source: nope, evidence: "The film runs 93 minutes."}]}`, "cites unknown source"},
		{"lonely conflict", "facts.yaml", `- {id: runtime, topic: release, text: x, conflict: length, cites: [{source: art, evidence: "The film runs 93 minutes."}]}`, "facts.yaml: length: conflict group has only one fact"},
		{"text over Discord limit", "facts.yaml", "- {id: runtime, topic: release, text: " + strings.Repeat("x", 1100) + ", cites: [{source: art, evidence: \"The film runs 93 minutes.\"}]}", "over Discord's limit"},
		{"trivia without fact", "trivia.yaml", `- {id: t1, question: "Q?", answer: A, wrong: [B, C, D], fact: missing, difficulty: easy}`, "trivia.yaml: t1: supporting fact \"missing\" does not exist"},
		{"trivia wrong choice accepted", "trivia.yaml", `- {id: t1, question: "Q?", answer: 93 minutes, accept: ["93"], wrong: ["93", C, D], fact: runtime, difficulty: easy}`, "is an accepted answer"},
		{"trivia two wrong choices", "trivia.yaml", `- {id: t1, question: "Q?", answer: A, wrong: [B, C], fact: runtime, difficulty: easy}`, "needs exactly three wrong choices"},
		{"ambiguous alias", "people.yaml", `
- {id: jeon, name: Jun Jong-seo, kind: person, description: Actor., cites: [{source: art, evidence: "Jun Jong-seo plays"}]}
- {id: okju, name: Ok-ju, kind: character, aliases: [Jeon Jong-seo], description: Lead., cites: [{source: art, evidence: "plays Ok-ju"}]}`, "people.yaml: okju: alias \"Jeon Jong-seo\" is ambiguous: it also names jeon"},
		{"which article: answer not a label", "trivia.yaml", `- {id: t2, kind: source, question: "Which article?", answer: Nope, wrong: [An article, A, B], fact: music, difficulty: hard}`, "trivia.yaml: t2: answer \"Nope\" is not the label of an article"},
		{"which article: wrong choice not a label", "trivia.yaml", `- {id: t2, kind: source, question: "Which article?", answer: Other piece, wrong: [An article, The Times, B], fact: music, difficulty: hard}`, "wrong choice \"The Times\" is not the label of an article"},
		{"which article: fact stated by two", "trivia.yaml", `- {id: t2, kind: source, question: "Which article?", answer: Other piece, wrong: [An article, A, B], fact: both, difficulty: hard}`, "trivia.yaml: t2: fact both is stated by art, other, not by other alone"},
		{"which article: a wrong choice states it", "trivia.yaml", `- {id: t2, kind: source, question: "Which article?", answer: Other piece, wrong: [An article, A, B], fact: both, difficulty: hard}`, "wrong choice \"An article\" also states fact both"},
		{"who said it: wrong speaker", "trivia.yaml", who("Who said it? “Jun Jong-seo plays Ok-ju”", "Daily Film", "Jun Jong-seo, A, B", "q1", "runtime"), "trivia.yaml: t9: answer \"Daily Film\" is not the quote's speaker \"Jun Jong-seo\""},
		{"who said it: wrong choice speaks no quote", "trivia.yaml", who("Who said it? “Jun Jong-seo plays Ok-ju”", "Jun Jong-seo", "Daily Film, Gray, Ok-ju", "q1", "runtime"), "wrong choice \"Gray\" is not a speaker of any quote"},
		{"who said it: words altered", "trivia.yaml", who("Who said it? “Jun Jong-seo plays Min-hee”", "Jun Jong-seo", "Daily Film, A, B", "q1", "runtime"), "are not in quote q1"},
		{"who said it: nothing quoted", "trivia.yaml", who("Who said that Jun plays Ok-ju?", "Jun Jong-seo", "Daily Film, A, B", "q1", "runtime"), "quotes the words between"},
		{"who said it: fact from another article", "trivia.yaml", who("Who said it? “Jun Jong-seo plays Ok-ju”", "Jun Jong-seo", "Daily Film, A, B", "q1", "music"), "fact music does not cite art"},
		{"who said it: unknown quote", "trivia.yaml", who("Who said it? “x”", "Jun Jong-seo", "Daily Film, A, B", "q7", "runtime"), "quote \"q7\" does not exist"},
		{"who said it: the quote's own article as a wrong choice", "trivia.yaml", who("Who said it? “Jun Jong-seo plays Ok-ju”", "Jun Jong-seo", "The An article, A, B", "q1", "runtime"), "wrong choice \"The An article\" is the article quote q1 appears in"},
		{"byline author is the outlet", "trivia.yaml", who("Who said it? “Gray scored the film…hip-hop beats”", "Daily Film", "Jun Jong-seo, A, B", "q2", "music"), "wrong choice \"A\" is not a speaker"},
		{"blank without a blank", "trivia.yaml", `- {id: t2, kind: blank, question: "How long is it?", answer: "93", fact: runtime, difficulty: easy}`, "needs one ___"},
		{"true/false with other answers", "trivia.yaml", `- {id: t2, kind: truefalse, question: "It runs 93 minutes.", answer: "True", accept: ["yes"], fact: runtime, difficulty: easy}`, "takes no wrong choices and no other answers"},
		{"quote with speaker and byline", "quotes.yaml", `- {id: q1, speaker: jeon, byline: true, text: "Jun Jong-seo plays Ok-ju", context: c, source: art}`, "quotes.yaml: q1: a quote has a speaker or is a byline, not both"},
		{"quote by a character", "quotes.yaml", `- {id: q1, speaker: okju, text: "Jun Jong-seo plays Ok-ju", context: c, source: art}`, "quotes.yaml: q1: unknown speaker \"okju\""},
		{"source author not in the article", "sources.yaml", sources + "- {id: third, file: b.txt, label: Third, author: Jane Doe, date: '2023-10-15', kind: review}\n", "sources.yaml: third: author \"Jane Doe\" does not appear in the article"},
		{"source date not in the article", "sources.yaml", sources + "- {id: third, file: b.txt, label: Third, date: '2023-10-15', kind: review}\n", "sources.yaml: third: date \"2023-10-15\" does not appear"},
		{"plot fact unknown", "plot.yaml", "premise: [runtime]\nfull: [runtime, nope]", "plot.yaml: full: fact \"nope\" does not exist"},
		{"plot fact told twice", "plot.yaml", "full: [runtime, music, runtime]", "plot.yaml: full: fact \"runtime\" is told twice"},
		{"plot premise too long", "plot.yaml", "premise: [runtime, music, both, runtime, music]", "plot.yaml: premise: tells 5 facts, at most 4"},
		{"plot premise spoils", "facts.yaml", "- {id: runtime, topic: plot, spoiler: true, text: x, cites: [{source: art, evidence: \"The film runs 93 minutes.\"}]}", "plot.yaml: premise: fact \"runtime\" is a spoiler"},
		{"alias no article uses", "people.yaml", `- {id: jeon, name: Jun Jong-seo, kind: person, aliases: [Jeon Ji-su, Jun Jong-seo], description: Actor., cites: [{source: art, evidence: "Jun Jong-seo plays"}]}`, "alias \"Jeon Ji-su\" is not used by any article"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			if tc.file != "" {
				fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.body)}
			}
			s, err := Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range s.Lint() {
				got = append(got, p.String())
			}
			all := strings.Join(got, "\n")
			if tc.want == "" && len(got) > 0 {
				t.Fatalf("want no problems, got:\n%s", all)
			}
			if tc.want != "" && !strings.Contains(all, tc.want) {
				t.Fatalf("want a problem containing %q, got:\n%s", tc.want, all)
			}
		})
	}
}
