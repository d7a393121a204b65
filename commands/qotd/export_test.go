package qotd

import (
	"fmt"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// Test hooks for the scheduler, used by the external tests in this directory.

// WaitIdle waits until no post is in flight and none is due.
func (q *Scheduler) WaitIdle(t testing.TB) {
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
			q.mu.Lock()
			head := "none"
			if len(q.queue) > 0 {
				head = q.queue[0].guild + " at " + q.queue[0].at.String() + " attempt " + fmt.Sprint(q.queue[0].attempt)
			}
			state := fmt.Sprintf("inflight %d, queue %d, head %s, now %s, busy %v", q.inflight, len(q.queue), head, q.Clock.Now(), q.busy)
			q.mu.Unlock()
			t.Fatal("qotd scheduler did not become idle: " + state)
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// NextDue returns the earliest queued post.
func (q *Scheduler) NextDue() (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) == 0 {
		return time.Time{}, false
	}
	return q.queue[0].at, true
}

// Queued returns the number of queued posts.
func (q *Scheduler) Queued() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue)
}

// Due returns the queued time of a guild's next post.
func (q *Scheduler) Due(guildID string) (time.Time, bool) { return q.pending(guildID) }

// Nonce exposes the nonce of a guild's post for a local date.
func Nonce(guildID, date string) string { return postNonce(guildID, date) }

// ZoneNames lists the curated zones.
func ZoneNames() []string {
	var out []string
	for _, z := range zoneList() {
		out = append(out, z.Name)
	}
	return out
}

// ThreadName names the thread of a quote with that text.
func ThreadName(text string, spoiler bool, date string) string {
	return threadName(&facts.Quote{Text: text, Spoiler: spoiler}, date)
}
