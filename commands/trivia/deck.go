package trivia

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// The deck of a game: which questions it asks in what order, how the choices
// are shuffled, and the compact ids its buttons carry.

// pick draws up to n questions for a game: no repeats, each backed by a fact
// that cites an article, the difficulties interleaved (easy, medium, hard,
// easy, …) so every game mixes them.
func (t *Games) pick(n int) []*facts.Trivia {
	order := []string{"easy", "medium", "hard"}
	groups := map[string][]*facts.Trivia{}
	seenID, seenQ := map[string]bool{}, map[string]bool{}
	for i := range t.Store.Trivia {
		q := &t.Store.Trivia[i]
		f, ok := t.Store.Fact(q.Fact)
		key := facts.Key(q.Question)
		if !ok || len(f.Cites) == 0 || q.Question == "" || q.Answer == "" || len(q.Wrong) != 3 || seenID[q.ID] || seenQ[key] {
			continue
		}
		seenID[q.ID], seenQ[key] = true, true
		d := q.Difficulty
		if !slices.Contains(order, d) {
			order = append(order, d)
		}
		groups[d] = append(groups[d], q)
	}
	for _, g := range groups {
		t.shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
	}
	var out []*facts.Trivia
	for len(out) < n {
		took := false
		for _, d := range order {
			if len(out) < n && len(groups[d]) > 0 {
				out = append(out, groups[d][0])
				groups[d] = groups[d][1:]
				took = true
			}
		}
		if !took {
			break
		}
	}
	return out
}

// shuffleChoices returns the right answer and the wrong ones in random order,
// and where the right one landed.
func (t *Games) shuffleChoices(q *facts.Trivia) ([]string, int) {
	choices := append([]string{q.Answer}, q.Wrong...)
	right := 0
	t.shuffle(len(choices), func(i, j int) {
		choices[i], choices[j] = choices[j], choices[i]
		switch right {
		case i:
			right = j
		case j:
			right = i
		}
	})
	return choices, right
}

// shuffle is Fisher–Yates over the injected randomness.
func (t *Games) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, t.intn(i+1))
	}
}

// newGameID is a short id no other game has: the start second and six
// random characters, in base 36.
func (t *Games) newGameID(now time.Time) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := []byte(strconv.FormatInt(max(now.Unix(), 0)%(36*36*36*36*36*36), 36))
	for len(b) < 6 {
		b = append([]byte{'0'}, b...)
	}
	for range 6 {
		b = append(b, digits[t.intn(len(digits))])
	}
	return string(b)
}

// The actions a trivia custom id can name.
const (
	actChoice  = 'c' // trivia:c:<game>:<round>:<A-D>  a choice button
	actAnswer  = 'a' // trivia:a:<game>:<round>        the Answer button of typed mode
	actTyped   = 't' // trivia:t:<game>:<round>        the typed-answer modal
	actExplain = 'x' // trivia:x:<game>:<round>        the Explain button of a reveal
)

// answerField is the text input of the typed-answer modal.
const answerField = "answer"

// maxCustomID is Discord's limit on a custom id.
const maxCustomID = 100

// customID is a parsed custom id.
type customID struct {
	action byte
	game   string
	round  int
	choice int // 0–3 for actChoice
}

func (id customID) String() string {
	s := "trivia:" + string(id.action) + ":" + id.game + ":" + strconv.Itoa(id.round)
	if id.action == actChoice {
		s += ":" + string(rune('A'+id.choice))
	}
	return s
}

// parseCustomID accepts exactly the ids String makes, and nothing else.
func parseCustomID(s string) (customID, bool) {
	if len(s) > maxCustomID {
		return customID{}, false
	}
	parts := strings.Split(s, ":")
	if len(parts) < 4 || parts[0] != "trivia" || len(parts[1]) != 1 {
		return customID{}, false
	}
	id := customID{action: parts[1][0], game: parts[2]}
	want := 4
	switch id.action {
	case actChoice:
		want = 5
	case actAnswer, actTyped, actExplain:
	default:
		return customID{}, false
	}
	if len(parts) != want || !validGameID(id.game) {
		return customID{}, false
	}
	r := parts[3]
	if r == "" || len(r) > 2 || r[0] == '0' || strings.Trim(r, "0123456789") != "" {
		return customID{}, false
	}
	id.round, _ = strconv.Atoi(r)
	if id.round > maxRounds {
		return customID{}, false
	}
	if want == 5 {
		c := parts[4]
		if len(c) != 1 || c[0] < 'A' || c[0] > 'D' {
			return customID{}, false
		}
		id.choice = int(c[0] - 'A')
	}
	return id, true
}

func validGameID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
