package qotd_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/commandstest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// TestQOTDManyServersSameMinute posts 500 servers due in the same minute,
// one of which hangs and one of which fails: the others all post once, at
// that minute, without waiting for them.
func TestQOTDManyServersSameMinute(t *testing.T) {
	const zone, n = "Asia/Seoul", 500
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 20)
	e.start()
	for i := 0; i < n; i++ {
		e.set(fmt.Sprint("g", i), fmt.Sprint("ch", i), "09:00", zone)
	}
	release := make(chan struct{})
	var failing atomic.Int32
	e.discord.SetFail(func(ctx context.Context, m commands.Message) error {
		switch m.ChannelID {
		case "ch7": // hangs until released or timed out
			select {
			case <-release:
			case <-ctx.Done():
				return ctx.Err()
			}
		case "ch13": // fails twice, then works
			if failing.Add(1) <= 2 {
				return fmt.Errorf("HTTP 503")
			}
		}
		return nil
	})
	nine := at(t, zone, "2024-05-01 09:00")
	e.clock.Set(nine)
	deadline := time.Now().Add(10 * time.Second)
	for len(e.discord.Posts()) < n-2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	posts := e.discord.Posts()
	if len(posts) != n-2 {
		t.Fatalf("%d servers posted while one hangs, want %d", len(posts), n-2)
	}
	for _, p := range posts {
		if !p.At.Equal(nine) || p.ChannelID == "ch7" || p.ChannelID == "ch13" {
			t.Fatalf("post %+v", p)
		}
	}
	close(release)
	e.runUntil(at(t, zone, "2024-05-01 12:00"))
	perChannel := map[string]int{}
	for _, p := range e.discord.Posts() {
		perChannel[p.ChannelID]++
	}
	if len(perChannel) != n {
		t.Errorf("%d channels got a post, want %d", len(perChannel), n)
	}
	for ch, c := range perChannel {
		if c != 1 {
			t.Errorf("%s: %d posts", ch, c)
		}
	}
	if p := e.discord.PostsIn("ch13"); len(p) != 1 || !p[0].At.Equal(nine.Add(90*time.Second)) {
		t.Errorf("ch13 after two failures: %v, want one post at 09:01:30", localTimes(p, zone))
	}
}

// TestQOTDHungSendTimesOut checks that a send that never answers is bounded
// by SendTimeout and retried.
func TestQOTDHungSendTimesOut(t *testing.T) {
	const zone = "UTC"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 3)
	e.q.SendTimeout = 20 * time.Millisecond
	e.start()
	e.set("g", "ch", "09:00", zone)
	var calls atomic.Int32
	e.discord.SetFail(func(ctx context.Context, _ commands.Message) error {
		if calls.Add(1) == 1 {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	})
	e.runUntil(at(t, zone, "2024-05-01 10:00"))
	if got := localTimes(e.discord.Posts(), zone); len(got) != 1 || got[0] != "2024-05-01 09:00:30 UTC" {
		t.Errorf("posts %v, want one at 09:00:30", got)
	}
}

// BenchmarkLoadAndPlan10k loads 10 000 schedules (spread over every listed
// zone, half with posts in the ledger) from the database and plans each one's
// next post: what Start does before the first timer. It runs on SQLite, and
// on PostgreSQL when BALLERINA_TEST_DATABASE_URL is set.
//
//	go test -run '^$' -bench LoadAndPlan10k ./commands/qotd/
func BenchmarkLoadAndPlan10k(b *testing.B) {
	storetest.Bench(b, func(b *testing.B, db *store.DB) {
		const n = 10_000
		start := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
		clock := commandstest.NewClock(start)
		quotes := quoteFixtures(b, 20)
		ctx := context.Background()
		zones := qotd.ZoneNames()
		st := db.QOTD()
		for i := 0; i < n; i++ {
			g := fmt.Sprint(100000000000000000 + i)
			s := qotd.Schedule{GuildID: g, ChannelID: "c" + g, Hour: i % 24, Minute: i % 60,
				Zone: zones[i%len(zones)], Since: start.Add(time.Minute)} // nothing due at once
			if err := st.SaveSchedule(ctx, s); err != nil {
				b.Fatal(err)
			}
			if i%2 == 0 {
				recordPost(b, st, qotd.Post{GuildID: g, Date: "2024-04-30", ChannelID: s.ChannelID, MessageID: "m", QuoteID: "q01", PostedAt: start})
			}
		}
		b.ResetTimer()
		for b.Loop() {
			q := &qotd.Scheduler{Store: quotes, Clock: clock, Schedules: st, Messenger: newDiscord(clock)}
			if err := q.Start(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if got := q.Queued(); got != n {
				b.Fatalf("%d planned, want %d", got, n)
			}
			q.Stop()
			b.StartTimer()
		}
	})
}
