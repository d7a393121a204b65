package store_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

func openQOTD(t *testing.T, path string) (*store.DB, *store.QOTD) {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, db.QOTD()
}

func TestQOTDSchedulesPersist(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db, q := openQOTD(t, path)
		since := time.Date(2024, 5, 1, 7, 30, 15, 123e6, time.UTC)
		s := qotd.Schedule{GuildID: "g1", ChannelID: "c1", Hour: 9, Minute: 5, Zone: "Asia/Seoul", Since: since, UpdatedBy: "u1"}
		if err := q.SaveSchedule(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := q.SaveSchedule(ctx, qotd.Schedule{GuildID: "g0", ChannelID: "c0", Hour: 23, Minute: 59, Zone: "UTC", Paused: true}); err != nil {
			t.Fatal(err)
		}
		db.Close()

		_, q = openQOTD(t, path)
		got, ok, err := q.Schedule(ctx, "g1")
		if err != nil || !ok || !reflect.DeepEqual(got, s) {
			t.Fatalf("reopened: %+v %v %v, want %+v", got, ok, err, s)
		}
		if _, ok, _ := q.Schedule(ctx, "nope"); ok {
			t.Error("found a schedule that was never saved")
		}
		all, err := q.Schedules(ctx)
		if err != nil || len(all) != 2 || all[0].GuildID != "g0" || !all[0].Paused || all[1].GuildID != "g1" {
			t.Fatalf("all: %+v %v", all, err)
		}

		// Replace: a new channel, and disabled by a failure on it.
		s.ChannelID, s.Hour = "c2", 21
		if err := q.SaveSchedule(ctx, s); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
		if err := q.DisableSchedule(ctx, "g1", "c1", qotd.DisabledUnknownChannel, at); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := q.Schedule(ctx, "g1"); got.Disabled != "" {
			t.Errorf("a failure on the old channel disabled the new one: %+v", got)
		}
		if err := q.DisableSchedule(ctx, "g1", "c2", qotd.DisabledNoAccess, at); err != nil {
			t.Fatal(err)
		}
		got, _, _ = q.Schedule(ctx, "g1")
		if got.Disabled != qotd.DisabledNoAccess || !got.DisabledAt.Equal(at) || got.Active() || got.Hour != 21 {
			t.Errorf("disabled: %+v", got)
		}
		if err := q.DeleteSchedule(ctx, "g1"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := q.Schedule(ctx, "g1"); ok {
			t.Error("deleted schedule still there")
		}
	})
}

func TestQOTDLedgerAndRotation(t *testing.T) {
	storetest.RunTarget(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db, q := openQOTD(t, path)
		if err := q.SaveSchedule(ctx, qotd.Schedule{GuildID: "g", ChannelID: "c", Hour: 9, Zone: "UTC"}); err != nil {
			t.Fatal(err)
		}
		if rot, err := q.Rotation(ctx, "g"); err != nil || !reflect.DeepEqual(rot, qotd.Rotation{}) {
			t.Fatalf("fresh rotation %+v %v", rot, err)
		}
		postedAt := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
		record := func(date, quote string, cycle int) bool {
			t.Helper()
			c, err := q.ClaimPost(ctx, "g", date, "i1")
			if err != nil {
				t.Fatal(err)
			}
			if !c.Won {
				return false
			}
			ok, err := q.CompletePost(ctx, qotd.Post{GuildID: "g", Date: date, ChannelID: "c", MessageID: "m-" + date, QuoteID: quote, Cycle: cycle, PostedAt: postedAt}, "i1")
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !record("2024-05-01", "a", 0) || !record("2024-05-02", "b", 0) {
			t.Fatal("first records refused")
		}
		if record("2024-05-02", "c", 0) {
			t.Fatal("a second post for the same date was recorded")
		}
		rot, err := q.Rotation(ctx, "g")
		if err != nil || !reflect.DeepEqual(rot, qotd.Rotation{Cycle: 0, Used: []string{"a", "b"}, Last: "b"}) {
			t.Fatalf("rotation %+v %v", rot, err)
		}
		p, ok, err := q.Post(ctx, "g", "2024-05-02")
		want := qotd.Post{GuildID: "g", Date: "2024-05-02", ChannelID: "c", MessageID: "m-2024-05-02", QuoteID: "b", PostedAt: postedAt}
		if err != nil || !ok || !reflect.DeepEqual(p, want) {
			t.Fatalf("ledger row %+v %v %v", p, ok, err)
		}
		if s, _, _ := q.Schedule(ctx, "g"); s.LastDate != "2024-05-02" {
			t.Errorf("LastDate %q", s.LastDate)
		}

		// A new cycle starts with only its first quote used; it survives a reopen.
		record("2024-05-03", "c", 1)
		db.Close()
		_, q = openQOTD(t, path)
		rot, _ = q.Rotation(ctx, "g")
		if !reflect.DeepEqual(rot, qotd.Rotation{Cycle: 1, Used: []string{"c"}, Last: "c"}) {
			t.Fatalf("rotation after a new cycle: %+v", rot)
		}
		last, ok, _ := q.LastPost(ctx, "g")
		if !ok || last.Date != "2024-05-03" || last.Cycle != 1 {
			t.Errorf("last post %+v", last)
		}
		// /qotd off keeps the ledger and the rotation.
		if err := q.DeleteSchedule(ctx, "g"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := q.Post(ctx, "g", "2024-05-03"); !ok {
			t.Error("off dropped the ledger")
		}
		if rot, _ := q.Rotation(ctx, "g"); rot.Cycle != 1 {
			t.Error("off dropped the rotation")
		}
		// Rows older than the retention go when a new post is recorded.
		record("2024-09-01", "d", 1)
		if _, ok, _ := q.Post(ctx, "g", "2024-05-01"); ok {
			t.Error("old ledger rows are kept forever")
		}
		if _, ok, _ := q.Post(ctx, "g", "2024-09-01"); !ok {
			t.Error("the new row is missing")
		}
		if _, ok, _ := q.LastPost(ctx, "other"); ok {
			t.Error("a last post for a server that never posted")
		}
	})
}

func TestQOTDClaims(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := withClock(db)
		q := db.QOTD()
		claim := func(instance string) qotd.Claim {
			t.Helper()
			c, err := q.ClaimPost(ctx, "g", "2024-05-01", instance)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		complete := func(instance, message string) bool {
			t.Helper()
			ok, err := q.CompletePost(ctx, qotd.Post{GuildID: "g", Date: "2024-05-01", ChannelID: "c", MessageID: message,
				QuoteID: "q1", Nonce: "n1", PostedAt: clock.Now()}, instance)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if c := claim("a"); !c.Won {
			t.Fatalf("first claim: %+v", c)
		}
		held := qotd.Claim{Holder: "a", Until: clock.Now().Add(qotd.ClaimTimeout)}
		if c := claim("b"); c != held {
			t.Fatalf("b while a holds it: %+v, want %+v", c, held)
		}
		if c := claim("a"); !c.Won { // a retry, or a restart with the same id
			t.Fatalf("a again: %+v", c)
		}
		// a releases (its send failed): b may claim at once.
		if err := q.ReleaseClaim(ctx, "g", "2024-05-01", "a"); err != nil {
			t.Fatal(err)
		}
		if c := claim("b"); !c.Won {
			t.Fatalf("b after the release: %+v", c)
		}
		// b dies; a minute on the claim holds, at ClaimTimeout it is taken over.
		clock.Advance(time.Minute)
		if c := claim("a"); c.Won || c.Holder != "b" {
			t.Fatalf("a, a minute after b's claim: %+v", c)
		}
		clock.Advance(qotd.ClaimTimeout - time.Minute)
		if c := claim("a"); !c.Won {
			t.Fatalf("a, ClaimTimeout after b's claim: %+v", c)
		}
		if complete("b", "m-late") {
			t.Error("b completed a claim taken over from it")
		}
		if !complete("a", "m1") {
			t.Fatal("a could not complete its claim")
		}
		if c := claim("b"); !c.Posted {
			t.Errorf("claim after the post: %+v", c)
		}
		if err := q.ReleaseClaim(ctx, "g", "2024-05-01", "a"); err != nil {
			t.Fatal(err)
		}
		p, ok, err := q.Post(ctx, "g", "2024-05-01")
		if err != nil || !ok || p.MessageID != "m1" || p.Nonce != "n1" {
			t.Errorf("a release after the post dropped or changed it: %+v %v %v", p, ok, err)
		}
	})
}

// Of processes claiming one day at once, exactly one wins.
func TestQOTDClaimRace(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		withClock(db)
		const n = 8
		won := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := db.QOTD().ClaimPost(context.Background(), "g", "2024-05-01", string(rune('a'+i)))
				if err != nil {
					t.Error(err)
				}
				won[i] = c.Won
			}()
		}
		wg.Wait()
		winners := 0
		for _, w := range won {
			if w {
				winners++
			}
		}
		if winners != 1 {
			t.Errorf("%d winners, want 1: %v", winners, won)
		}
	})
}
