package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/store"
	"github.com/ballerina-bot/ballerina/bot/store/storetest"
)

// manualClock is a store clock that moves only when the test says so.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func withClock(db *store.DB) *manualClock {
	c := &manualClock{now: time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)}
	db.SetClock(c.Now)
	return c
}

func TestLeases(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := withClock(db)
		const ttl = 30 * time.Second
		steps := []struct {
			name string
			do   func() (bool, error)
			want bool
		}{
			{"a takes a free lease", func() (bool, error) { return db.AcquireLease(ctx, "job", "a", ttl) }, true},
			{"b cannot take a's lease", func() (bool, error) { return db.AcquireLease(ctx, "job", "b", ttl) }, false},
			{"a acquires again: renewed", func() (bool, error) { return db.AcquireLease(ctx, "job", "a", ttl) }, true},
			{"b cannot renew a lease it lacks", func() (bool, error) { return db.RenewLease(ctx, "job", "b", ttl) }, false},
			{"29 s on, a renews", func() (bool, error) { clock.Advance(29 * time.Second); return db.RenewLease(ctx, "job", "a", ttl) }, true},
			{"29 s on, still a's", func() (bool, error) { clock.Advance(29 * time.Second); return db.AcquireLease(ctx, "job", "b", ttl) }, false},
			{"expired: b takes it", func() (bool, error) { clock.Advance(2 * time.Second); return db.AcquireLease(ctx, "job", "b", ttl) }, true},
			{"a cannot renew what it lost", func() (bool, error) { return db.RenewLease(ctx, "job", "a", ttl) }, false},
			{"a's release leaves b's lease", func() (bool, error) {
				if err := db.ReleaseLease(ctx, "job", "a"); err != nil {
					return false, err
				}
				h, _, ok, err := db.LeaseHolder(ctx, "job")
				return ok && h == "b", err
			}, true},
			{"b releases: a takes it at once", func() (bool, error) {
				if err := db.ReleaseLease(ctx, "job", "b"); err != nil {
					return false, err
				}
				return db.AcquireLease(ctx, "job", "a", ttl)
			}, true},
			{"another name is another lease", func() (bool, error) { return db.AcquireLease(ctx, "other", "b", ttl) }, true},
		}
		for _, s := range steps {
			got, err := s.do()
			if err != nil || got != s.want {
				t.Fatalf("%s: %v, %v; want %v", s.name, got, err, s.want)
			}
		}
		h, until, ok, err := db.LeaseHolder(ctx, "job")
		if err != nil || !ok || h != "a" || !until.Equal(clock.Now().Add(ttl)) {
			t.Errorf("holder: %q until %v (%v, %v)", h, until, ok, err)
		}
		clock.Advance(ttl)
		if h, _, ok, err := db.LeaseHolder(ctx, "job"); ok || err != nil {
			t.Errorf("an expired lease has holder %q (%v)", h, err)
		}
	})
}

// Of processes acquiring one free lease at once, exactly one wins.
func TestLeaseRace(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		withClock(db)
		const n = 8
		won := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := db.AcquireLease(context.Background(), "race", string(rune('a'+i)), time.Minute)
				if err != nil {
					t.Error(err)
				}
				won[i] = ok
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
