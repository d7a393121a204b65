package facts

import (
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
	base := fstest.MapFS{
		"sources/a.txt": {Data: []byte(src)},
		"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: An article, kind: review, noise: [\"WEEKLY HOT\", \"- 1 Squid Game experience opens\"]}\n")},
		"people.yaml": {Data: []byte(`
- {id: jeon, name: Jun Jong-seo, kind: person, description: Actor., cites: [{source: art, evidence: "Jun Jong-seo plays Ok-ju"}]}
`)},
		"facts.yaml": {Data: []byte(`
- {id: runtime, topic: release, text: It runs 93 minutes., cites: [{source: art, evidence: "The film runs 93 minutes."}]}
`)},
		"quotes.yaml": {Data: []byte("[]\n")},
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
