package commands

import (
	"testing"
	"time"
)

// Test hooks for the scheduler, used by the external tests in this directory.

// WaitIdle waits until no post is in flight and none is due.
func (q *QOTD) WaitIdle(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		q.mu.Lock()
		idle := q.inflight == 0 && (len(q.queue) == 0 || q.queue[0].at.After(q.Clock.Now()))
		q.mu.Unlock()
		if idle {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("qotd scheduler did not become idle")
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// NextDue returns the earliest queued post.
func (q *QOTD) NextDue() (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) == 0 {
		return time.Time{}, false
	}
	return q.queue[0].at, true
}

// Queued returns the number of queued posts.
func (q *QOTD) Queued() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue)
}

// Due returns the queued time of a guild's next post.
func (q *QOTD) Due(guildID string) (time.Time, bool) { return q.qotdPending(guildID) }

// QOTDNonce exposes the nonce of a guild's post for a local date.
func QOTDNonce(guildID, date string) string { return qotdNonce(guildID, date) }

// QOTDZoneNames lists the curated zones.
func QOTDZoneNames() []string {
	var out []string
	for _, z := range qotdZoneList() {
		out = append(out, z.Name)
	}
	return out
}
