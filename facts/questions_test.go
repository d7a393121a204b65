package facts

import (
	"strings"
	"testing"
	"testing/fstest"
)

// twoFactStore is a store of one article and two facts, without questions.
func twoFactStore() fstest.MapFS {
	return fstest.MapFS{
		"sources/a.txt": {Data: []byte("The film runs 93 minutes. It streams on Netflix.")},
		"sources.yaml":  {Data: []byte("- {id: art, file: a.txt, label: An article, kind: review}\n")},
		"people.yaml":   {Data: []byte("[]\n")},
		"facts.yaml": {Data: []byte(`
- {id: runtime, topic: release, text: It runs 93 minutes., cites: [{source: art, evidence: "The film runs 93 minutes."}]}
- {id: netflix, topic: release, text: It streams on Netflix., cites: [{source: art, evidence: "It streams on Netflix."}]}
`)},
		"quotes.yaml": {Data: []byte("[]\n")},
		"trivia.yaml": {Data: []byte("[]\n")},
	}
}

func TestLintQuestions(t *testing.T) {
	base := twoFactStore()
	tests := []struct {
		name, body, want string
		unanswered       string // unanswered.yaml, when given
	}{
		{"clean", "runtime: [how long is it]\nnetflix: [where can I watch it]\n", "", ""},
		{"unknown fact", "length: [how long is it]\n", "questions.yaml: length: no fact has this id", ""},
		{"no question", "runtime: []\n", "questions.yaml: runtime: lists no question", ""},
		{"two facts, one question", "runtime: [how long is it]\nnetflix: [\"How long is it?\"]\n", "questions.yaml: runtime: question \"how long is it\" is also given to netflix", ""},
		{"twice in one fact", "runtime: [how long is it, how long is it]\n", "is listed twice", ""},
		{"too long", "runtime: [" + strings.Repeat("long ", 120) + "]\n", "is longer than", ""},
		{name: "unanswered", body: "runtime: [how long is it]\n", unanswered: "[what was the budget]\n"},
		{name: "unanswered but answered", body: "runtime: [how long is it]\n", unanswered: "[\"How long is it?\"]\n",
			want: "unanswered.yaml: entry 1: question \"How long is it?\" is answered by runtime in questions.yaml"},
		{name: "unanswered twice", body: "runtime: [how long is it]\n", unanswered: "[\"what was the budget\", \"What was the budget?\"]\n",
			want: "unanswered.yaml: entry 2: question \"What was the budget?\" is listed twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"questions.yaml": {Data: []byte(tc.body)}}
			if tc.unanswered != "" {
				fsys["unanswered.yaml"] = &fstest.MapFile{Data: []byte(tc.unanswered)}
			}
			for k, v := range base {
				fsys[k] = v
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
			if tc.want == "" && all != "" || tc.want != "" && !strings.Contains(all, tc.want) {
				t.Errorf("problems:\n%s\nwant one containing %q", all, tc.want)
			}
		})
	}
}

func TestLoadRejectsMalformedQuestions(t *testing.T) {
	fsys := fstest.MapFS{
		"sources.yaml":   {Data: []byte("[]\n")},
		"people.yaml":    {Data: []byte("[]\n")},
		"facts.yaml":     {Data: []byte("[]\n")},
		"quotes.yaml":    {Data: []byte("[]\n")},
		"trivia.yaml":    {Data: []byte("[]\n")},
		"questions.yaml": {Data: []byte("runtime: {question: how long}\n")},
	}
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "questions.yaml") {
		t.Errorf("Load = %v, want an error naming questions.yaml", err)
	}
}

// TestUnansweredDeclines shows the bank of unanswered questions at work on
// a small store: a question that shares its words with a fact but is one of
// unanswered.yaml's in other words is declined only with the bank; a fact's
// own question is still answered.
func TestUnansweredDeclines(t *testing.T) {
	fsys := twoFactStore()
	fsys["questions.yaml"] = &fstest.MapFile{Data: []byte("netflix: [where can i stream it]\n")}
	tests := []struct {
		question string
		bank     bool
		found    bool
	}{
		{"does netflix stream it in french", false, true},
		{"does netflix stream it in french", true, false},
		{"where can i stream it", true, true},
	}
	for _, tc := range tests {
		if tc.bank {
			fsys["unanswered.yaml"] = &fstest.MapFile{Data: []byte("[is it streaming in french on netflix]\n")}
		} else {
			delete(fsys, "unanswered.yaml")
		}
		s, err := Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if got := NewMatcher(s).Reply(tc.question).Found(); got != tc.found {
			t.Errorf("%q with the bank %v: found %v, want %v", tc.question, tc.bank, got, tc.found)
		}
	}
}
