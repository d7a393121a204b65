package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/trivia"
)

var t0 = time.Date(2024, 3, 1, 20, 0, 0, 0, time.UTC)

func openTrivia(t *testing.T, path string) (*store.DB, *store.Trivia) {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return db, db.Trivia()
}

func game(id, scope string, at time.Time) trivia.Game {
	return trivia.Game{ID: id, Scope: scope, GuildID: "g1", ChannelID: "c-" + id, Starter: commands.User{ID: "1", Name: "Alice"},
		Mode: "buttons", Rounds: 5, Seconds: 20, StartedAt: at}
}

func answer(gameID string, round int, uid, name string, points int, at time.Time) trivia.Answer {
	return trivia.Answer{GameID: gameID, Round: round, User: commands.User{ID: uid, Name: name}, Choice: "A",
		Correct: points > 0, Points: points, Streak: min(points/100, 3), Elapsed: time.Duration(points) * time.Millisecond, At: at}
}

func mustRecord(t *testing.T, s *store.Trivia, a trivia.Answer) {
	t.Helper()
	if ok, err := s.RecordAnswer(context.Background(), a); err != nil || !ok {
		t.Fatalf("record %+v: %v, %v", a, ok, err)
	}
}

func TestTriviaStoreScoresSurviveReopening(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db, s := openTrivia(t, path)
		for _, g := range []trivia.Game{game("game1", "g:1", t0), game("game2", "g:1", t0.Add(time.Hour)), game("game3", "g:2", t0)} {
			if err := s.StartGame(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
		mustRecord(t, s, answer("game1", 1, "a", "Alice", 140, t0.Add(time.Second)))
		mustRecord(t, s, answer("game1", 2, "a", "Alice", 150, t0.Add(2*time.Second)))
		mustRecord(t, s, answer("game1", 1, "b", "Bob", 0, t0.Add(time.Second)))
		mustRecord(t, s, answer("game2", 1, "b", "Bobby", 290, t0.Add(time.Hour))) // Bob renamed himself
		mustRecord(t, s, answer("game2", 1, "c", "Carol", 120, t0.Add(time.Hour)))
		mustRecord(t, s, answer("game3", 1, "c", "Carol", 500, t0)) // another server
		if ok, err := s.RecordAnswer(ctx, answer("game1", 1, "a", "Alice", 0, t0.Add(3*time.Second))); err != nil || ok {
			t.Fatalf("a second answer to the same round: recorded %v, err %v", ok, err)
		}
		if err := s.FinishGame(ctx, "game1", "finished", t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		db.Close()

		db, s = openTrivia(t, path) // a restart
		defer db.Close()
		want := []trivia.Standing{
			{Rank: 1, User: commands.User{ID: "a", Name: "Alice"}, Points: 290, Correct: 2, Answered: 2},
			{Rank: 1, User: commands.User{ID: "b", Name: "Bobby"}, Points: 290, Correct: 1, Answered: 2},
			{Rank: 3, User: commands.User{ID: "c", Name: "Carol"}, Points: 120, Correct: 1, Answered: 1},
		}
		got, err := s.Leaderboard(ctx, "g:1", 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("leaderboard after reopening (-want +got):\n%s", diff)
		}
		if top, _ := s.Leaderboard(ctx, "g:1", 2); len(top) != 2 {
			t.Errorf("limit 2 gave %d rows", len(top))
		}
		me, ok, err := s.Standing(ctx, "g:1", "c")
		if err != nil || !ok || me.Rank != 3 || me.Points != 120 {
			t.Errorf("Carol's standing = %+v, %v, %v", me, ok, err)
		}
		if _, ok, _ := s.Standing(ctx, "g:1", "nobody"); ok {
			t.Error("a stranger has a standing")
		}
		if other, _ := s.Leaderboard(ctx, "g:2", 10); len(other) != 1 || other[0].Points != 500 {
			t.Errorf("the other server's board = %+v", other)
		}
		if none, err := s.Leaderboard(ctx, "g:3", 10); err != nil || len(none) != 0 {
			t.Errorf("an empty board = %+v, %v", none, err)
		}

		st, err := s.Stats(ctx, "g:1", "a")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(trivia.Stats{Games: 1, Answered: 2, Correct: 2, Points: 290, BestStreak: 1, Fastest: 140 * time.Millisecond}, st); diff != "" {
			t.Errorf("Alice's stats (-want +got):\n%s", diff)
		}
		if st, _ := s.Stats(ctx, "g:1", "b"); st.Games != 2 || st.Fastest != 290*time.Millisecond {
			t.Errorf("Bob's stats = %+v", st)
		}
		if st, err := s.Stats(ctx, "g:1", "nobody"); err != nil || st != (trivia.Stats{}) {
			t.Errorf("a stranger's stats = %+v, %v", st, err)
		}

		scores, err := s.GameScores(ctx, "game1")
		if err != nil || len(scores) != 2 || scores[0].User.Name != "Alice" || scores[1].Points != 0 {
			t.Errorf("game1 scores = %+v, %v", scores, err)
		}
	})
}

func TestTriviaStoreGameLifecycle(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db, s := openTrivia(t, path)
		defer db.Close()
		g1, g2 := game("game1", "g:1", t0), game("game2", "c:dm", t0.Add(time.Minute))
		g2.GuildID, g2.Mode = "", "typed"
		for _, g := range []trivia.Game{g2, g1} {
			if err := s.StartGame(ctx, g); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.StartGame(ctx, g1); err == nil {
			t.Error("a game id was stored twice")
		}
		got, err := s.UnfinishedGames(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]trivia.Game{g1, g2}, got); diff != "" {
			t.Errorf("unfinished games (-want +got):\n%s", diff)
		}
		if err := s.FinishGame(ctx, "game1", "stopped", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishGame(ctx, "game1", "restart", t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var reason string
		if err := db.SQL().QueryRowContext(ctx, `SELECT end_reason FROM trivia_games WHERE id = 'game1'`).Scan(&reason); err != nil || reason != "stopped" {
			t.Errorf("end reason = %q, %v; the first ending should stay", reason, err)
		}
		if got, _ := s.UnfinishedGames(ctx); len(got) != 1 || got[0].ID != "game2" {
			t.Errorf("unfinished after finishing game1 = %+v", got)
		}

		if err := s.RecordRound(ctx, "game1", 1, "trivia-director"); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordRound(ctx, "game1", 1, "trivia-other"); err != nil {
			t.Fatal(err)
		}
		if id, ok, err := s.RoundQuestion(ctx, "game1", 1); err != nil || !ok || id != "trivia-director" {
			t.Errorf("round 1 = %q, %v, %v", id, ok, err)
		}
		if _, ok, err := s.RoundQuestion(ctx, "game1", 2); err != nil || ok {
			t.Errorf("an unrecorded round: %v, %v", ok, err)
		}
		if _, err := s.RecordAnswer(ctx, answer("no-such-game", 1, "a", "A", 100, t0)); err == nil {
			t.Error("an answer to an unknown game was stored")
		}
	})
}

// Simultaneous answers to one round by one player: one is stored.
func TestTriviaStoreConcurrentAnswers(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db, s := openTrivia(t, path)
		defer db.Close()
		if err := s.StartGame(ctx, game("game1", "g:1", t0)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored := 0
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.RecordAnswer(ctx, answer("game1", 1, "a", "Alice", 100+i, t0))
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					stored++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		var rows int
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM trivia_answers`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if stored != 1 || rows != 1 {
			t.Errorf("%d answers reported stored, %d rows; want 1", stored, rows)
		}
	})
}
