package trivia

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// MemoryStore is a Store in memory: games run and scores last as long as
// the process. Games uses one when no Scores is wired; tests share one
// between several Games as they would share a database. It keeps the SQL
// store's rules (one game per channel, one answer per player and round,
// leases), which is why it is written out here rather than faked.
type MemoryStore struct {
	mu      sync.Mutex
	games   map[string]*Game
	order   []string // game ids in the order they started
	rounds  map[string][]Round
	answers []Answer
	seen    map[string]map[string]bool // scope -> trivia ids
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{games: map[string]*Game{}, rounds: map[string][]Round{}, seen: map[string]map[string]bool{}}
}

var _ Store = (*MemoryStore)(nil)

func (m *MemoryStore) StartGame(_ context.Context, g Game) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.games[g.ID]; dup {
		return fmt.Errorf("start game %s: duplicate id", g.ID)
	}
	for _, o := range m.games {
		if !o.Finished && o.ChannelID == g.ChannelID {
			return ErrChannelBusy
		}
	}
	g.Deck = slices.Clone(g.Deck)
	m.games[g.ID] = &g
	m.order = append(m.order, g.ID)
	return nil
}

// GameIDs lists every game's id, finished or not, in the order they started.
func (m *MemoryStore) GameIDs(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.order), nil
}

func (m *MemoryStore) Game(_ context.Context, id string) (Game, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if g := m.games[id]; g != nil {
		return *g, true, nil
	}
	return Game{}, false, nil
}

func (m *MemoryStore) RunningGame(_ context.Context, channelID string) (Game, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range m.order {
		if g := m.games[id]; !g.Finished && g.ChannelID == channelID {
			return *g, true, nil
		}
	}
	return Game{}, false, nil
}

func (m *MemoryStore) UnfinishedGames(context.Context) ([]Game, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Game
	for _, id := range m.order {
		if g := m.games[id]; !g.Finished {
			out = append(out, *g)
		}
	}
	return out, nil
}

func (m *MemoryStore) ClaimGame(_ context.Context, id, owner string, now, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.games[id]
	if g == nil || g.Finished || g.Owner != owner && g.LeaseUntil.After(now) {
		return false, nil
	}
	g.Owner, g.LeaseUntil = owner, until
	return true, nil
}

func (m *MemoryStore) FinishGame(_ context.Context, id, reason string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.games[id]
	if g == nil || g.Finished {
		return false, nil
	}
	g.Finished, g.EndReason = true, reason
	return true, nil
}

// ownsLocked reports whether owner may advance game id.
func (m *MemoryStore) ownsLocked(id, owner string) bool {
	g := m.games[id]
	return g != nil && !g.Finished && g.Owner == owner
}

func (m *MemoryStore) OpenRound(_ context.Context, owner string, r Round) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ownsLocked(r.GameID, owner) {
		return false, nil
	}
	for _, o := range m.rounds[r.GameID] {
		if o.N == r.N {
			return false, nil
		}
	}
	r.Choices = slices.Clone(r.Choices)
	m.rounds[r.GameID] = append(m.rounds[r.GameID], r)
	return true, nil
}

func (m *MemoryStore) roundLocked(id string, n int) *Round {
	rs := m.rounds[id]
	for i := range rs {
		if rs[i].N == n {
			return &rs[i]
		}
	}
	return nil
}

func (m *MemoryStore) SetRoundMessage(_ context.Context, id string, n int, messageID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.roundLocked(id, n); r != nil {
		r.MessageID = messageID
	}
	return nil
}

func (m *MemoryStore) RevealRound(_ context.Context, owner, id string, n int, at time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.roundLocked(id, n)
	if r == nil || !r.RevealedAt.IsZero() || !m.ownsLocked(id, owner) {
		return false, nil
	}
	r.RevealedAt = at
	return true, nil
}

func (m *MemoryStore) Round(_ context.Context, id string, n int) (Round, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.roundLocked(id, n); r != nil {
		return *r, true, nil
	}
	return Round{}, false, nil
}

func (m *MemoryStore) LastRound(_ context.Context, id string) (Round, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var last *Round
	for i, r := range m.rounds[id] {
		if last == nil || r.N > last.N {
			last = &m.rounds[id][i]
		}
	}
	if last == nil {
		return Round{}, false, nil
	}
	return *last, true, nil
}

func (m *MemoryStore) RecordAnswer(_ context.Context, a Answer) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.roundLocked(a.GameID, a.Round); r == nil || !r.RevealedAt.IsZero() {
		return false, nil
	}
	for _, o := range m.answers {
		if o.GameID == a.GameID && o.Round == a.Round && o.User.ID == a.User.ID {
			return false, nil
		}
	}
	m.answers = append(m.answers, a)
	return true, nil
}

func (m *MemoryStore) Answer(_ context.Context, id string, n int, userID string) (Answer, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, a := range m.answers {
		if a.GameID == id && a.Round == n && a.User.ID == userID {
			return a, true, nil
		}
	}
	return Answer{}, false, nil
}

func (m *MemoryStore) RoundAnswers(_ context.Context, id string, n int) ([]Answer, error) {
	return m.pick(func(a Answer) bool { return a.GameID == id && a.Round == n }), nil
}

// pick returns the answers keep keeps, in the order they came.
func (m *MemoryStore) pick(keep func(Answer) bool) []Answer {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Answer
	for _, a := range m.answers {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out
}

func (m *MemoryStore) inScope(scope string, since time.Time) func(Answer) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	games := map[string]bool{}
	for id, g := range m.games {
		games[id] = g.Scope == scope
	}
	return func(a Answer) bool { return games[a.GameID] && !a.At.Before(since) }
}

func (m *MemoryStore) GameScores(_ context.Context, id string) ([]Standing, error) {
	return totals(m.pick(func(a Answer) bool { return a.GameID == id })), nil
}

func (m *MemoryStore) Leaderboard(_ context.Context, scope string, since time.Time, limit int) ([]Standing, error) {
	out := totals(m.pick(m.inScope(scope, since)))
	return out[:min(limit, len(out))], nil
}

func (m *MemoryStore) Standing(_ context.Context, scope, userID string, since time.Time) (Standing, bool, error) {
	for _, s := range totals(m.pick(m.inScope(scope, since))) {
		if s.User.ID == userID {
			return s, true, nil
		}
	}
	return Standing{}, false, nil
}

func (m *MemoryStore) Stats(_ context.Context, scope, userID string) (Stats, error) {
	var st Stats
	games := map[string]bool{}
	in := m.inScope(scope, time.Time{})
	for _, a := range m.pick(func(a Answer) bool { return in(a) && a.User.ID == userID }) {
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

// totals ranks players over answers: points, then right answers, then the
// player who answered first; the name is their latest.
func totals(answers []Answer) []Standing {
	by := map[string]*Standing{}
	var order []string
	for _, a := range answers {
		s := by[a.User.ID]
		if s == nil {
			s = &Standing{}
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
	out := make([]Standing, 0, len(order))
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

func (m *MemoryStore) SeenQuestions(_ context.Context, scope string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for id := range m.seen[scope] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

func (m *MemoryStore) MarkSeen(_ context.Context, scope, id string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen[scope] == nil {
		m.seen[scope] = map[string]bool{}
	}
	m.seen[scope][id] = true
	return nil
}

func (m *MemoryStore) ForgetSeen(_ context.Context, scope string, ids []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		delete(m.seen[scope], id)
	}
	return nil
}
