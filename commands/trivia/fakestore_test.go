package trivia_test

import (
	"context"
	"sort"

	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// fakeScores is the MemoryStore with a failure to inject and views the
// tests read.
type fakeScores struct {
	*trivia.MemoryStore
	fail error // StartGame fails with it when set
}

func newFakeScores() *fakeScores { return &fakeScores{MemoryStore: trivia.NewMemoryStore()} }

func (f *fakeScores) StartGame(ctx context.Context, g trivia.Game) error {
	if f.fail != nil {
		return f.fail
	}
	return f.MemoryStore.StartGame(ctx, g)
}

// games lists every game stored, oldest first.
func (f *fakeScores) games() []trivia.Game {
	var out []trivia.Game
	for _, id := range f.ids() {
		g, _, _ := f.Game(context.Background(), id)
		out = append(out, g)
	}
	return out
}

// ids are the stored games' ids.
func (f *fakeScores) ids() []string {
	ids, _ := f.GameIDs(context.Background())
	sort.Strings(ids)
	return ids
}

// finished maps each ended game to why it ended.
func (f *fakeScores) finished() map[string]string {
	out := map[string]string{}
	for _, g := range f.games() {
		if g.Finished {
			out[g.ID] = g.EndReason
		}
	}
	return out
}

// answersOf lists a game's answers, round by round.
func (f *fakeScores) answersOf(gameID string) []trivia.Answer {
	var out []trivia.Answer
	for n := 1; n <= 20; n++ {
		as, _ := f.RoundAnswers(context.Background(), gameID, n)
		out = append(out, as...)
	}
	return out
}
