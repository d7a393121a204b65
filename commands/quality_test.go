package commands

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ballerina-bot/ballerina/facts"
)

// question is one entry of a question set in testdata/, written from the
// articles independently of the store.
type question struct {
	Q       string   `yaml:"q"`
	Expect  []string `yaml:"expect"`
	Abstain bool     `yaml:"abstain"`
	// Parts is 2 for a question that asks two things; each expected string
	// must then lead the answer to one of the parts.
	Parts  int    `yaml:"parts"`
	Source string `yaml:"source"`
	Kind   string `yaml:"kind"`
	Note   string `yaml:"note"`
}

// loadQuestions decodes a question set strictly, so a misspelt key in a set
// is an error rather than a question that silently expects nothing.
func loadQuestions(t testing.TB, file string) []question {
	t.Helper()
	raw, err := os.ReadFile("../testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var qs []question
	if err := dec.Decode(&qs); err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("%s: %v", file, err)
	}
	for i, q := range qs {
		if strings.TrimSpace(q.Q) == "" || q.Abstain == (len(q.Expect) > 0) {
			t.Fatalf("%s: entry %d needs a question and either expect or abstain", file, i+1)
		}
	}
	return qs
}

var (
	knowledgeOnce sync.Once
	knowledgeVal  *Knowledge
)

// testKnowledge is the real embedded store, loaded once per test binary.
func testKnowledge(t testing.TB) *Knowledge {
	t.Helper()
	knowledgeOnce.Do(func() {
		s, err := facts.LoadEmbedded()
		if err != nil {
			t.Fatal(err)
		}
		knowledgeVal = &Knowledge{Store: s, Matcher: facts.NewMatcher(s)}
	})
	return knowledgeVal
}

// answerText is what a user reads, without the echoed question: the title
// repeats the user's words and must not count as an answer.
func answerText(r Response) string {
	parts := []string{r.Content}
	if r.Card != nil {
		parts = append(parts, r.Card.Description)
		for _, f := range r.Card.Fields {
			parts = append(parts, f.Name, f.Value)
		}
	}
	return strings.Join(parts, "\n")
}

// leadText is the text that answers one part of a reply: the person's card
// or the lead facts, as rendered.
func (k *Knowledge) leadText(a facts.Answer) string {
	if a.Person != nil {
		return answerText(k.personCard(a.Person))
	}
	var b strings.Builder
	for _, f := range a.Facts[:a.Lead] {
		b.WriteString(FactText(f))
		b.WriteByte('\n')
	}
	return b.String()
}

// expectMet reports whether every expected string (with |-alternatives)
// appears in one of texts, ignoring case.
func expectMet(expect []string, texts ...string) bool {
	for _, e := range expect {
		ok := false
		for _, text := range texts {
			ok = ok || containsAlt(text, e)
		}
		if !ok {
			return false
		}
	}
	return true
}

func containsAlt(text, e string) bool {
	text = strings.ToLower(text)
	for _, alt := range strings.Split(e, "|") {
		if strings.Contains(text, strings.ToLower(strings.TrimSpace(alt))) {
			return true
		}
	}
	return false
}

// quality is what measure found on one question set: answered counts
// answerable questions whose reply holds every expected string anywhere,
// first those whose expected strings are in the lead of the reply (for a
// two-part question, each in the lead of one part), declined the
// out-of-scope questions answered with "I don't know".
type quality struct {
	answerable, answered, first, outOfScope, declined int
}

func pct(n, of int) float64 { return 100 * float64(n) / float64(max(of, 1)) }

func (q quality) String() string {
	return fmt.Sprintf("answered %.1f%% (%d/%d), right fact first %.1f%% (%d/%d), declined %.1f%% (%d/%d)",
		pct(q.answered, q.answerable), q.answered, q.answerable, pct(q.first, q.answerable), q.first, q.answerable,
		pct(q.declined, q.outOfScope), q.declined, q.outOfScope)
}

// maxFacts is the most facts one /ask reply may carry.
const maxFacts = 3

// measure asks every question of a set through /ask. With verbose it logs
// each miss; only the tuned sets are ever measured verbosely, so that
// nobody tunes the matcher on the held-out questions.
func measure(t *testing.T, file string, verbose bool) quality {
	k := testKnowledge(t)
	var m quality
	padded, unsourced := 0, 0
	for _, q := range loadQuestions(t, file) {
		r := k.compose(q.Q)
		resp := k.render(r)
		text := answerText(resp)
		shown := 0
		for _, a := range r.reply.Parts {
			shown += len(a.Facts)
		}
		if shown > maxFacts {
			padded++
			if verbose {
				t.Logf("PADDED %q: %d facts", q.Q, shown)
			}
		}
		if resp.Found && len(resp.Sources) == 0 {
			unsourced++
			if verbose {
				t.Logf("UNSOURCED %q", q.Q)
			}
		}
		if q.Abstain {
			m.outOfScope++
			if !resp.Found {
				m.declined++
			} else if verbose {
				t.Logf("ANSWERED out-of-scope %q:\n    %s", q.Q, oneLine(text))
			}
			continue
		}
		m.answerable++
		var leads []string
		for _, a := range r.reply.Parts {
			if a.Found {
				leads = append(leads, k.leadText(a))
			}
		}
		answered := resp.Found && expectMet(q.Expect, text)
		first := answered && expectMet(q.Expect, leads...)
		if answered {
			m.answered++
		}
		if first {
			m.first++
		}
		if verbose && !first {
			what := "MISSED"
			if answered {
				what = "NOT FIRST"
			}
			t.Logf("%s %q (want %v, found=%v):\n    %s", what, q.Q, q.Expect, resp.Found, oneLine(text))
		}
	}
	if padded > 0 {
		t.Errorf("%s: %d replies carry more than %d facts", file, padded, maxFacts)
	}
	if unsourced > 0 {
		t.Errorf("%s: %d answers name no source", file, unsourced)
	}
	t.Logf("%s: %v", file, m)
	return m
}

// floors are the figures a set must keep, in percent.
type floors struct{ answered, first, declined float64 }

func checkFloors(t *testing.T, file string, m quality, f floors) {
	t.Helper()
	if pct(m.answered, m.answerable) < f.answered || pct(m.first, m.answerable) < f.first || pct(m.declined, m.outOfScope) < f.declined {
		t.Errorf("%s: %v; below the floors %.0f%% / %.0f%% / %.0f%%", file, m, f.answered, f.first, f.declined)
	}
}

// tunedSets are the question sets the matcher and its vocabulary were
// tuned on; their misses are logged with BALLERINA_QUALITY_VERBOSE=1.
var tunedSets = []struct {
	file   string
	floors floors
}{
	{"questions.yaml", floors{94, 92, 98}},
	{"questions_dev.yaml", floors{95, 94, 98}},
	{"questions_dev2.yaml", floors{95, 92, 98}},
	// Written from the articles by people who never saw the store, in
	// careful formal and terse moderator voices; measured before it was
	// tuned on at 72.4 / 68.4 / 84.6 (see README).
	{"questions_dev_b.yaml", floors{94, 92, 98}},
	// A teenage fan typing fast (slang, typos, chatter), written from the
	// articles only; measured before it was tuned on at 68.8 / 67.3 / 92.3,
	// after at 97.0 / 96.0 / 100.
	{"questions_dev_a.yaml", floors{95, 94, 98}},
	// Casual adult server chat (follow-ups, romanizations, two-part,
	// either/or, paraphrases without the articles' words), written from the
	// articles only; measured before it was tuned on at 64.0 / 61.5 / 81.4,
	// 63.0 / 61.0 / 81.4 without the bank questions that were its own; after
	// at 79.0 / 78.0 / 91.4, and 79.0 / 78.0 / 95.7 after the fifth round.
	{"questions_dev_c.yaml", floors{78, 77, 94}},
	// A Korean-cinema fan club (Konglish slang, loose romanizations,
	// students' precise trivia, long pasted context), mostly out-of-scope
	// questions that reuse the film's words; written from the articles
	// only; measured before it was tuned on at 90.0 / 86.7 / 79.3, 88.3 /
	// 85.0 / 79.3 without the bank questions that were its own; after at
	// 91.7 / 88.3 / 90.0.
	{"questions_dev_d.yaml", floors{90, 86, 88}},
	// A general weekend server (short direct questions, autocorrect slips,
	// follow-ups with "he/she/it"), written from the articles only; measured
	// before it was tuned on at 73.3 / 72.0 / 90.0 (88.0 declined on the
	// matcher as this round found it), the same without the bank questions
	// that were its own; after at 76.7 / 75.3 / 96.0.
	{"questions_dev_e.yaml", floors{75, 74, 94}},
	// An international server (second-language English: simple grammar,
	// literal translations, short and long polite questions), written from
	// the articles only; first read at 76.4 / 75.7 / 80.0 on the matcher as
	// the fifth round found it (75.7 / 75.0 / 80.0 on the round's rules
	// until one was mended), tuned on once a slip had printed its misses
	// (see README); after at 80.0 / 79.3 / 81.7.
	{"questions_dev_f.yaml", floors{78, 77, 80}},
}

// heldOutSets were written from the articles by people who never saw the
// store and were never used for tuning. Their floors sit a point or two
// under what they measured when the matcher last changed (see README).
var heldOutSets = []struct {
	file   string
	floors floors
}{
	{"questions_holdout.yaml", floors{81, 81, 92}},
	{"questions_holdout2.yaml", floors{79, 77, 91}},
	// Written at the end of the fifth round: 75.0 / 72.9 / 78.3 on the
	// matcher as the round found it, 74.3 / 72.9 / 81.7 after.
	{"questions_holdout3.yaml", floors{72, 71, 79}},
}

// TestAnswerQuality measures /ask on the tuned question sets; with
// BALLERINA_QUALITY_VERBOSE=1 it logs every miss (go test ./commands/ -run
// 'TestAnswerQuality$' -v), the development loop.
func TestAnswerQuality(t *testing.T) {
	verbose := os.Getenv("BALLERINA_QUALITY_VERBOSE") == "1"
	for _, set := range tunedSets {
		t.Run(set.file, func(t *testing.T) {
			m := measure(t, set.file, verbose)
			if m.answerable < 50 || m.outOfScope < 15 {
				t.Errorf("a tuned set needs at least 50 answerable and 15 out-of-scope questions, has %d and %d", m.answerable, m.outOfScope)
			}
			checkFloors(t, set.file, m, set.floors)
		})
	}
}

// TestAnswerQualityHoldout measures /ask on the held-out sets: the honest
// estimate of how it does on questions nobody has seen. Only aggregate
// figures are logged, never a question: nobody may tune on them.
func TestAnswerQualityHoldout(t *testing.T) {
	for _, set := range heldOutSets {
		t.Run(set.file, func(t *testing.T) {
			checkFloors(t, set.file, measure(t, set.file, false), set.floors)
		})
	}
}

// gist is a question without its function words, folded: "how did
// min-hee die" and "how does Min-hee die?" are one question.
func gist(q string) string {
	var out []string
	for _, w := range strings.Fields(facts.Key(q)) {
		if !functionWords[w] {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// functionWords are left out of a question's gist.
var functionWords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields("a an the is are was were be been do does did has have had will would can could " +
		"what whats who whos which when where why how it its this that in on of to for with by at from about " +
		"and or i you me my your s ballerina film movie") {
		out[w] = true
	}
	return out
}()

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// TestStoreQuestionsAreNotTestQuestions keeps the tuned figures honest: a
// question of questions.yaml (the questions users ask that a fact answers)
// or of unanswered.yaml (those no article answers) may not be a question of
// a tuned set, or the set would measure recall of
// its own questions. The held-out sets are not compared, so that nobody
// learns their questions from a failure.
func TestStoreQuestionsAreNotTestQuestions(t *testing.T) {
	k := testKnowledge(t)
	asked := map[string]string{}
	for _, set := range tunedSets {
		for _, q := range loadQuestions(t, set.file) {
			asked[gist(q.Q)] = set.file
		}
	}
	for id, qs := range k.Store.Questions {
		for _, q := range qs {
			if file, ok := asked[gist(q)]; ok {
				t.Errorf("questions.yaml: %s: %q is a question of %s", id, q, file)
			}
		}
	}
	for _, q := range k.Store.Unanswered {
		if file, ok := asked[gist(q)]; ok {
			t.Errorf("unanswered.yaml: %q is a question of %s", q, file)
		}
	}
}
