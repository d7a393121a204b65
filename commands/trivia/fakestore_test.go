package trivia_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// fakeScores is an in-memory Store.
type fakeScores struct {
	mu       sync.Mutex
	games    map[string]trivia.Game
	finished map[string]string // game id -> reason
	answers  []trivia.Answer
	rounds   map[string]string          // "game/round" -> trivia id
	seen     map[string]bool            // "game/round/user"
	asked    map[string]map[string]bool // scope -> trivia ids seen
	fail     error
}

func newFakeScores() *fakeScores {
	return &fakeScores{games: map[string]trivia.Game{}, finished: map[string]string{}, rounds: map[string]string{}, seen: map[string]bool{}, asked: map[string]map[string]bool{}}
}

func (f *fakeScores) StartGame(_ context.Context, g trivia.Game) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if _, dup := f.games[g.ID]; dup {
		return fmt.Errorf("duplicate game %s", g.ID)
	}
	f.games[g.ID] = g
	return nil
}

func (f *fakeScores) RecordAnswer(_ context.Context, a trivia.Answer) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := fmt.Sprintf("%s/%d/%s", a.GameID, a.Round, a.User.ID)
	if f.seen[k] {
		return false, nil
	}
	f.seen[k] = true
	f.answers = append(f.answers, a)
	return true, nil
}

func (f *fakeScores) RecordRound(_ context.Context, game string, round int, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rounds[fmt.Sprintf("%s/%d", game, round)] = id
	return nil
}

func (f *fakeScores) RoundQuestion(_ context.Context, game string, round int) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id, ok := f.rounds[fmt.Sprintf("%s/%d", game, round)]
	return id, ok, nil
}

func (f *fakeScores) FinishGame(_ context.Context, id, reason string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, done := f.finished[id]; !done {
		f.finished[id] = reason
	}
	return nil
}

func (f *fakeScores) UnfinishedGames(context.Context) ([]trivia.Game, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []trivia.Game
	for id, g := range f.games {
		if _, done := f.finished[id]; !done {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (f *fakeScores) Game(_ context.Context, id string) (trivia.Game, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.games[id]
	return g, ok, nil
}

func (f *fakeScores) SeenQuestions(_ context.Context, scope string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for id := range f.asked[scope] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

func (f *fakeScores) MarkSeen(_ context.Context, scope, id string, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.asked[scope] == nil {
		f.asked[scope] = map[string]bool{}
	}
	f.asked[scope][id] = true
	return nil
}

func (f *fakeScores) ForgetSeen(_ context.Context, scope string, ids []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		delete(f.asked[scope], id)
	}
	return nil
}

func (f *fakeScores) total(keep func(trivia.Answer) bool) []trivia.Standing {
	f.mu.Lock()
	defer f.mu.Unlock()
	by := map[string]*trivia.Standing{}
	var order []string
	for _, a := range f.answers {
		if !keep(a) {
			continue
		}
		s := by[a.User.ID]
		if s == nil {
			s = &trivia.Standing{}
			by[a.User.ID] = s
			order = append(order, a.User.ID)
		}
		s.User = a.User
		s.Points += a.Points
		s.Answered++
		if a.Correct {
			s.Correct++
		}
	}
	var out []trivia.Standing
	for _, id := range order {
		out = append(out, *by[id])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Points > out[j].Points })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && out[i].Points == out[i-1].Points {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

func (f *fakeScores) scopeOf(gameID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.games[gameID].Scope
}

func (f *fakeScores) GameScores(_ context.Context, id string) ([]trivia.Standing, error) {
	return f.total(func(a trivia.Answer) bool { return a.GameID == id }), nil
}

func (f *fakeScores) inScope(scope string) func(trivia.Answer) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	games := map[string]bool{}
	for id, g := range f.games {
		games[id] = g.Scope == scope
	}
	return func(a trivia.Answer) bool { return games[a.GameID] }
}

func (f *fakeScores) Leaderboard(_ context.Context, scope string, since time.Time, limit int) ([]trivia.Standing, error) {
	in := f.inScope(scope)
	out := f.total(func(a trivia.Answer) bool { return in(a) && !a.At.Before(since) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeScores) Standing(_ context.Context, scope, user string, since time.Time) (trivia.Standing, bool, error) {
	in := f.inScope(scope)
	for _, s := range f.total(func(a trivia.Answer) bool { return in(a) && !a.At.Before(since) }) {
		if s.User.ID == user {
			return s, true, nil
		}
	}
	return trivia.Standing{}, false, nil
}

func (f *fakeScores) Stats(_ context.Context, scope, user string) (trivia.Stats, error) {
	keep := f.inScope(scope)
	f.mu.Lock()
	defer f.mu.Unlock()
	var st trivia.Stats
	games := map[string]bool{}
	for _, a := range f.answers {
		if !keep(a) || a.User.ID != user {
			continue
		}
		games[a.GameID] = true
		st.Answered++
		st.Points += a.Points
		st.BestStreak = max(st.BestStreak, a.Streak)
		if a.Correct {
			if st.Correct == 0 || a.Elapsed < st.Fastest {
				st.Fastest = a.Elapsed
			}
			st.Correct++
		}
	}
	st.Games = len(games)
	return st, nil
}

func (f *fakeScores) answersOf(gameID string) []trivia.Answer {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []trivia.Answer
	for _, a := range f.answers {
		if a.GameID == gameID {
			out = append(out, a)
		}
	}
	return out
}
