package store_test

import (
	"context"
	"fmt"
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
		Mode: "buttons", Rounds: 5, Seconds: 20, StartedAt: at, Owner: "p1", LeaseUntil: at.Add(time.Minute)}
}

// openRounds opens rounds 1..n of a game owned by p1, so they take answers.
func openRounds(t *testing.T, s *store.Trivia, gameID string, n int) {
	t.Helper()
	for r := 1; r <= n; r++ {
		ok, err := s.OpenRound(context.Background(), "p1", trivia.Round{GameID: gameID, N: r, TriviaID: "q" + fmt.Sprint(r),
			Choices: []string{"a", "b"}, OpenedAt: t0, Deadline: t0.Add(time.Minute)})
		if err != nil || !ok {
			t.Fatalf("open %s/%d: %v, %v", gameID, r, ok, err)
		}
	}
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
			openRounds(t, s, g.ID, 2)
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
		if _, err := s.FinishGame(ctx, "game1", "finished", t0.Add(time.Minute)); err != nil {
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
		got, err := s.Leaderboard(ctx, "g:1", time.Time{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("leaderboard after reopening (-want +got):\n%s", diff)
		}
		if top, _ := s.Leaderboard(ctx, "g:1", time.Time{}, 2); len(top) != 2 {
			t.Errorf("limit 2 gave %d rows", len(top))
		}
		me, ok, err := s.Standing(ctx, "g:1", "c", time.Time{})
		if err != nil || !ok || me.Rank != 3 || me.Points != 120 {
			t.Errorf("Carol's standing = %+v, %v, %v", me, ok, err)
		}
		if _, ok, _ := s.Standing(ctx, "g:1", "nobody", time.Time{}); ok {
			t.Error("a stranger has a standing")
		}
		if other, _ := s.Leaderboard(ctx, "g:2", time.Time{}, 10); len(other) != 1 || other[0].Points != 500 {
			t.Errorf("the other server's board = %+v", other)
		}
		if none, err := s.Leaderboard(ctx, "g:3", time.Time{}, 10); err != nil || len(none) != 0 {
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
		if ended, err := s.FinishGame(ctx, "game1", "stopped", t0.Add(time.Hour)); err != nil || !ended {
			t.Fatalf("finish: %v, %v", ended, err)
		}
		if ended, err := s.FinishGame(ctx, "game1", "restart", t0.Add(2*time.Hour)); err != nil || ended {
			t.Fatalf("finish a finished game: %v, %v", ended, err)
		}
		var reason string
		if err := db.SQL().QueryRowContext(ctx, `SELECT end_reason FROM trivia_games WHERE id = 'game1'`).Scan(&reason); err != nil || reason != "stopped" {
			t.Errorf("end reason = %q, %v; the first ending should stay", reason, err)
		}
		if got, _ := s.UnfinishedGames(ctx); len(got) != 1 || got[0].ID != "game2" {
			t.Errorf("unfinished after finishing game1 = %+v", got)
		}

		if ok, err := s.OpenRound(ctx, "p1", trivia.Round{GameID: "game1", N: 1, TriviaID: "q1"}); err != nil || ok {
			t.Errorf("a finished game opened a round: %v, %v", ok, err)
		}
		if ok, err := s.RecordAnswer(ctx, answer("no-such-game", 1, "a", "A", 100, t0)); err != nil || ok {
			t.Errorf("an answer to an unknown game: stored %v, %v", ok, err)
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
		openRounds(t, s, "game1", 1)
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

// A game keeps its options; leaderboards count the answers of a period; a
// scope's seen questions start over when told.
func TestTriviaStoreOptionsPeriodsAndSeen(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s := db.Trivia()
		ctx := context.Background()
		g := game("game1", "g:1", t0)
		g.Difficulty, g.Topic, g.Spoilers, g.Target = "hard", "music", true, 750
		if err := s.StartGame(ctx, g); err != nil {
			t.Fatal(err)
		}
		openRounds(t, s, "game1", 2)
		mustRecord(t, s, answer("game1", 1, "a", "Alice", 140, t0))
		mustRecord(t, s, answer("game1", 2, "b", "Bob", 150, t0.Add(time.Hour)))
		if _, err := s.FinishGame(ctx, "game1", "target", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		g.Finished, g.EndReason = true, "target"
		got, ok, err := s.Game(ctx, "game1")
		if err != nil || !ok {
			t.Fatalf("game1: %v, %v", ok, err)
		}
		if diff := cmp.Diff(g, got); diff != "" {
			t.Errorf("finished game (-want +got):\n%s", diff)
		}
		if _, ok, err := s.Game(ctx, "nope"); ok || err != nil {
			t.Errorf("unknown game: %v, %v", ok, err)
		}

		for _, tc := range []struct {
			since time.Time
			want  []string
		}{
			{time.Time{}, []string{"b", "a"}},
			{t0, []string{"b", "a"}},
			{t0.Add(time.Millisecond), []string{"b"}},
			{t0.Add(2 * time.Hour), nil},
		} {
			top, err := s.Leaderboard(ctx, "g:1", tc.since, 10)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, st := range top {
				ids = append(ids, st.User.ID)
			}
			if diff := cmp.Diff(tc.want, ids); diff != "" {
				t.Errorf("since %v (-want +got):\n%s", tc.since, diff)
			}
			_, played, err := s.Standing(ctx, "g:1", "a", tc.since)
			if err != nil || played != (len(tc.want) == 2) {
				t.Errorf("since %v: Alice played %v, %v", tc.since, played, err)
			}
		}

		for _, id := range []string{"q1", "q2", "q3", "q1"} {
			if err := s.MarkSeen(ctx, "g:1", id, t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.MarkSeen(ctx, "g:2", "q9", t0); err != nil {
			t.Fatal(err)
		}
		if err := s.ForgetSeen(ctx, "g:1", []string{"q1", "q3", "q9"}); err != nil {
			t.Fatal(err)
		}
		for scope, want := range map[string][]string{"g:1": {"q2"}, "g:2": {"q9"}, "g:3": nil} {
			got, err := s.SeenQuestions(ctx, scope)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("seen in %s (-want +got):\n%s", scope, diff)
			}
		}
	})
}
