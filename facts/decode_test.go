package facts

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// strictBase is a small valid store; each case replaces one file.
var strictBase = fstest.MapFS{
	"sources/a.txt": {Data: []byte("Jun Jong-seo plays Ok-ju. The film runs 93 minutes.")},
	"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: An article, kind: review}\n")},
	"people.yaml":   {Data: []byte("- {id: jeon, name: Jun Jong-seo, kind: person, description: Actor., cites: [{source: art, evidence: \"Jun Jong-seo plays Ok-ju\"}]}\n")},
	"facts.yaml": {Data: []byte(`
- id: runtime
  topic: release
  text: It runs 93 minutes.
  cites: [{source: art, evidence: "The film runs 93 minutes."}]
- id: ending
  topic: plot
  text: Ok-ju is played by Jun Jong-seo.
  spoiler: true
  cites: [{source: art, evidence: "Jun Jong-seo plays Ok-ju"}]
`)},
	"quotes.yaml": {Data: []byte("[]\n")},
	"trivia.yaml": {Data: []byte("")},
}

func TestLoadRefusesUnknownFields(t *testing.T) {
	tests := []struct {
		name, file, body string
		want             []string // every line Load must report, in order
	}{
		{
			name: "misspelled spoiler flag",
			file: "facts.yaml",
			body: "- id: runtime\n  topic: release\n  text: x\n  cites: []\n- id: ending\n  topic: plot\n  text: y\n  spoilr: true\n",
			want: []string{`facts.yaml: ending: unknown field "spoilr" (line 8)`},
		},
		{
			name: "flow style",
			file: "people.yaml",
			body: "- {id: jeon, name: Jun Jong-seo, kind: person, alias: [Jun]}\n",
			want: []string{`people.yaml: jeon: unknown field "alias" (line 1)`},
		},
		{
			name: "inside a citation",
			file: "facts.yaml",
			body: "- id: runtime\n  topic: release\n  text: x\n  cites:\n    - source: art\n      evidnce: The film runs 93 minutes.\n",
			want: []string{`facts.yaml: runtime: unknown field "evidnce" (line 6)`},
		},
		{
			name: "entry without an id",
			file: "quotes.yaml",
			body: "- {id: q1, speaker: jeon, text: a, context: b, source: art}\n- {speaker: jeon, text: a, context: b, source: art, spoiler: true, said: x}\n",
			want: []string{`quotes.yaml: entry 2: unknown field "said" (line 2)`},
		},
		{
			name: "every problem of a file at once",
			file: "trivia.yaml",
			body: "- {id: t1, question: 'Q?', answer: A, wrong: [B, C, D], fact: runtime, dificulty: easy}\n- {id: t2, question: 'Q?', answer: A, wrong: [B, C, D], fact: runtime, difficulty: easy, hint: x}\n",
			want: []string{`trivia.yaml: t1: unknown field "dificulty" (line 1)`, `trivia.yaml: t2: unknown field "hint" (line 2)`},
		},
		{
			name: "a value of the wrong kind",
			file: "facts.yaml",
			body: "- {id: runtime, topic: release, text: x, spoiler: maybe}\n",
			want: []string{"facts.yaml: runtime: cannot unmarshal !!str `maybe` into bool (line 1)"},
		},
		{
			name: "a file that is not a list",
			file: "sources.yaml",
			body: "id: art\nfile: a.txt\n",
			want: []string{"sources.yaml: (top level): cannot unmarshal !!map into []facts.Source (line 1)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range strictBase {
				fsys[k] = v
			}
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.body)}
			_, err := Load(fsys)
			if err == nil {
				t.Fatal("Load accepted the store")
			}
			if got := strings.Split(err.Error(), "\n"); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("error:\n%s\nwant:\n%s", err, strings.Join(tc.want, "\n"))
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.File != tc.file {
				t.Errorf("error %v is not a *DecodeError for %s", err, tc.file)
			}
		})
	}
}

func TestLoadStrictAcceptsAValidStore(t *testing.T) {
	s, err := Load(strictBase)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Facts) != 2 || !s.Facts[1].Spoiler || len(s.Trivia) != 0 {
		t.Errorf("facts %+v, trivia %+v", s.Facts, s.Trivia)
	}
}
