package facts

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sahilm/fuzzy"
	"go.yaml.in/yaml/v3"
)

// benchQuestion is an entry of testdata/questions.yaml (see commands'
// quality test for the full format).
type benchQuestion struct {
	Q       string   `yaml:"q"`
	Expect  []string `yaml:"expect"`
	Abstain bool     `yaml:"abstain"`
}

func loadBenchQuestions(b testing.TB) []benchQuestion {
	b.Helper()
	raw, err := os.ReadFile("../testdata/questions.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var qs []benchQuestion
	if err := yaml.Unmarshal(raw, &qs); err != nil {
		b.Fatal(err)
	}
	return qs
}

func benchStore(b testing.TB) *Store {
	b.Helper()
	s, err := LoadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkAsk times what /ask does with a message (Reply: splitting,
// analysis, scoring, composing) over every test question, one question per
// op, and reports the median per question.
func BenchmarkAsk(b *testing.B) {
	s := benchStore(b)
	m := NewMatcher(s)
	qs := loadBenchQuestions(b)
	per := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)].Q
		start := time.Now()
		m.Reply(q)
		per = append(per, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(per, func(i, j int) bool { return per[i] < per[j] })
	b.ReportMetric(float64(per[len(per)/2].Nanoseconds()), "median-ns/question")
}

// BenchmarkCompletePeople times /cast autocomplete on partial names.
func BenchmarkCompletePeople(b *testing.B) {
	m := NewMatcher(benchStore(b))
	typed := []string{"", "o", "okj", "jun jo", "kim ji h", "choi", "gr", "lee chung hy", "park"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.CompletePeople(typed[i%len(typed)], 25)
	}
}

// BenchmarkCompleteQuotes times /quote autocomplete.
func BenchmarkCompleteQuotes(b *testing.B) {
	m := NewMatcher(benchStore(b))
	typed := []string{"", "ballet", "jun", "female", "revenge sex", "korea locat"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		m.CompleteQuotes(typed[i%len(typed)], 25)
	}
}

// BenchmarkAskVsFuzzy runs the test questions through the matcher and
// through sahilm/fuzzy over the raw fact texts (the naive design), and
// reports both accuracies, both abstention rates and the speed ratio.
func BenchmarkAskVsFuzzy(b *testing.B) {
	s := benchStore(b)
	m := NewMatcher(s)
	qs := loadBenchQuestions(b)
	texts := make([]string, len(s.Facts))
	for i, f := range s.Facts {
		texts[i] = f.Text
	}
	fuzzyAsk := func(q string) (string, bool) {
		ms := fuzzy.Find(clampRunes(strings.ToLower(q), maxFuzzyPattern), texts)
		if len(ms) == 0 {
			return "", false
		}
		return texts[ms[0].Index], true
	}
	matcherAsk := func(q string) (string, bool) {
		r := m.Reply(q)
		var parts []string
		for _, a := range r.Parts {
			if a.Person != nil {
				parts = append(parts, a.Person.Name, a.Person.Description, strings.Join(a.Person.Roles, " "), strings.Join(a.Person.OtherWork, " "))
			}
			for _, f := range a.Facts {
				parts = append(parts, f.Text)
			}
		}
		return strings.Join(parts, "\n"), r.Found()
	}
	score := func(ask func(string) (string, bool)) (acc, abst float64) {
		var n, ok, oos, ab int
		for _, q := range qs {
			text, found := ask(q.Q)
			if q.Abstain {
				oos++
				if !found {
					ab++
				}
				continue
			}
			n++
			if found && containsAll(text, q.Expect) {
				ok++
			}
		}
		return float64(ok) / float64(n), float64(ab) / float64(oos)
	}
	timeAll := func(ask func(string) (string, bool)) time.Duration {
		start := time.Now()
		for i := 0; i < b.N; i++ {
			ask(qs[i%len(qs)].Q)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	tm := timeAll(matcherAsk)
	tf := timeAll(fuzzyAsk)
	b.StopTimer()
	macc, mab := score(matcherAsk)
	facc, fab := score(fuzzyAsk)
	b.ReportMetric(100*macc, "matcher-acc-%")
	b.ReportMetric(100*mab, "matcher-abstain-%")
	b.ReportMetric(100*facc, "fuzzy-acc-%")
	b.ReportMetric(100*fab, "fuzzy-abstain-%")
	b.ReportMetric(float64(tf)/float64(tm), "fuzzy/matcher-time")
	b.Logf("matcher: accuracy %.1f%%, abstention %.1f%%, %v per question; sahilm/fuzzy on fact texts: accuracy %.1f%%, abstention %.1f%%, %v per question; fuzzy takes %.1f× the matcher's time",
		100*macc, 100*mab, tm/time.Duration(b.N), 100*facc, 100*fab, tf/time.Duration(b.N), float64(tf)/float64(tm))
}

func containsAll(text string, expect []string) bool {
	text = strings.ToLower(text)
	for _, e := range expect {
		hit := false
		for _, alt := range strings.Split(e, "|") {
			if strings.Contains(text, strings.ToLower(strings.TrimSpace(alt))) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	return true
}
