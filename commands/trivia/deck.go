package trivia

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// The deck of a game: which questions it asks in what order, how the choices
// are shuffled, and the compact ids its buttons carry.

// filter is the choice of questions a game was started with.
type filter struct {
	mode       string // buttons games cannot ask typed-only questions
	difficulty string // "mixed" or one of facts.Difficulties
	topic      string // "mixed" or one of facts.TriviaTopics
	spoilers   bool
}

func filterOf(g Game) filter {
	return filter{mode: g.Mode, difficulty: g.Difficulty, topic: g.Topic, spoilers: g.Spoilers}
}

// pool is every question a game with these filters may ask, in store order:
// each backed by a fact that cites an article, shaped for its kind, no
// question asked twice under two ids.
func (t *Games) pool(f filter) []*facts.Trivia {
	var out []*facts.Trivia
	seenID, seenQ := map[string]bool{}, map[string]bool{}
	for i := range t.Store.Trivia {
		q := &t.Store.Trivia[i]
		key := facts.Key(q.Question)
		if seenID[q.ID] || seenQ[key] || !t.playable(q, f.mode) {
			continue
		}
		seenID[q.ID], seenQ[key] = true, true
		if f.difficulty != mixed && q.Difficulty != f.difficulty ||
			f.topic != mixed && t.Store.TriviaTopic(q) != f.topic ||
			!f.spoilers && t.Store.TriviaSpoiler(q) {
			continue
		}
		out = append(out, q)
	}
	return out
}

// playable reports whether q can be asked in a game of this mode.
func (t *Games) playable(q *facts.Trivia, mode string) bool {
	f, ok := t.Store.Fact(q.Fact)
	if !ok || len(f.Cites) == 0 || q.Question == "" || q.Answer == "" {
		return false
	}
	switch q.TriviaKind() {
	case facts.KindTrueFalse:
		k := facts.Key(q.Answer)
		return k == "true" || k == "false"
	case facts.KindBlank:
		if q.Typed() {
			return mode == "typed"
		}
	case facts.KindSpeaker:
		if _, ok := t.Store.Quote(q.Quote); !ok {
			return false
		}
	case facts.KindChoice, facts.KindSource:
	default:
		return false
	}
	return len(q.Wrong) == 3
}

// deal draws up to n questions for a game in scope: first those the scope
// has not been asked since its pool last started over, then — when too few
// are left — the pool starts over and the rest come from what was seen.
// Within each part the difficulties interleave (easy, medium, hard, easy, …)
// so a mixed game mixes them.
func (t *Games) deal(ctx context.Context, scope string, f filter, n int) ([]*facts.Trivia, error) {
	pool := t.pool(f)
	if len(pool) == 0 {
		return nil, nil
	}
	seenIDs, err := t.scores().SeenQuestions(ctx, scope)
	if err != nil {
		return nil, fmt.Errorf("seen questions: %w", err)
	}
	seen := map[string]bool{}
	for _, id := range seenIDs {
		seen[id] = true
	}
	var fresh, stale []*facts.Trivia
	for _, q := range pool {
		if seen[q.ID] {
			stale = append(stale, q)
		} else {
			fresh = append(fresh, q)
		}
	}
	out := t.interleave(fresh, n)
	if len(out) < n && len(stale) > 0 {
		var ids []string
		for _, q := range stale {
			ids = append(ids, q.ID)
		}
		if err := t.scores().ForgetSeen(ctx, scope, ids); err != nil {
			return nil, fmt.Errorf("start the pool over: %w", err)
		}
		out = append(out, t.interleave(stale, n-len(out))...)
	}
	return out, nil
}

// interleave shuffles qs and takes up to n of them, the difficulties taking
// turns.
func (t *Games) interleave(qs []*facts.Trivia, n int) []*facts.Trivia {
	order := slices.Clone(facts.Difficulties)
	groups := map[string][]*facts.Trivia{}
	for _, q := range qs {
		if !slices.Contains(order, q.Difficulty) {
			order = append(order, q.Difficulty)
		}
		groups[q.Difficulty] = append(groups[q.Difficulty], q)
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
	choices := q.Choices()
	if q.TriviaKind() == facts.KindTrueFalse { // always True, then False
		if facts.Key(q.Answer) == "true" {
			return []string{"True", "False"}, 0
		}
		return []string{"True", "False"}, 1
	}
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
	actAgain   = 'p' // trivia:p:<game>:<round>        Play again, on a game's last reveal
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
	case actAnswer, actTyped, actExplain, actAgain:
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
