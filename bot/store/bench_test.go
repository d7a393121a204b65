package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
	"github.com/ballerina-bot/ballerina/commands/trivia"
)

// The store's round trips, on SQLite and (with BALLERINA_TEST_DATABASE_URL)
// PostgreSQL:
//
//	go test -run '^$' -bench . ./bot/store/

// BenchmarkRecordAnswer records one trivia answer: what a button click costs
// the store.
func BenchmarkRecordAnswer(b *testing.B) {
	storetest.Bench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		s := db.Trivia()
		at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
		if err := s.StartGame(ctx, trivia.Game{ID: "g", Scope: "g:1", ChannelID: "c", Starter: commands.User{ID: "u", Name: "U"},
			Mode: "buttons", Rounds: 5, Seconds: 20, StartedAt: at}); err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			i++
			ok, err := s.RecordAnswer(ctx, trivia.Answer{GameID: "g", Round: 1, User: commands.User{ID: fmt.Sprint(i), Name: "P"},
				Choice: "A", Correct: true, Points: 100, Streak: 1, Elapsed: time.Second, At: at})
			if err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
}

// BenchmarkClaimAndComplete claims a day's quote-of-the-day post and
// completes it: the two writes that make one post happen once.
func BenchmarkClaimAndComplete(b *testing.B) {
	storetest.Bench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		q := db.QOTD()
		i := 0
		for b.Loop() {
			i++
			g := fmt.Sprint(i)
			if c, err := q.ClaimPost(ctx, g, "2024-05-01", "bench"); err != nil || !c.Won {
				b.Fatal(c, err)
			}
			if ok, err := q.CompletePost(ctx, qotd.Post{GuildID: g, Date: "2024-05-01", ChannelID: "c", MessageID: "m",
				QuoteID: "q", Nonce: "n", PostedAt: time.Now()}, "bench"); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
}
