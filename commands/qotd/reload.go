package qotd

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Reload reads every schedule again and brings the running scheduler in line
// with it: schedules another process saved or removed, guilds this process
// now owns or no longer owns, and posts another process completed (their
// LastDate). Unchanged schedules keep their place in the queue.
func (q *Scheduler) Reload(ctx context.Context) error {
	list, err := q.Schedules.Schedules(ctx)
	if err != nil {
		return fmt.Errorf("reload quote-of-the-day schedules: %w", err)
	}
	seen := make(map[string]bool, len(list))
	for i := range list {
		s := list[i]
		seen[s.GuildID] = true
		if !s.Active() || !q.owns(s.GuildID) {
			q.track(s.GuildID, nil)
			continue
		}
		if !q.refresh(s) {
			q.track(s.GuildID, &s)
		}
	}
	q.mu.Lock()
	var gone []string
	for g := range q.states {
		if !seen[g] {
			gone = append(gone, g)
		}
	}
	q.mu.Unlock()
	for _, g := range gone {
		q.track(g, nil)
	}
	return nil
}

// refresh updates a schedule the scheduler holds unchanged (but for its
// LastDate) and reports true; false means track must take it.
func (q *Scheduler) refresh(s Schedule) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	st := q.states[s.GuildID]
	if !q.running || st == nil || !sameSchedule(st.sched, s) {
		return !q.running
	}
	if later := laterDate(st.done, s.LastDate); later != st.done {
		st.done = later
		if !q.busy[s.GuildID] {
			q.plan(st, q.Clock.Now())
		}
	}
	return true
}

// sameSchedule compares two schedules but for LastDate.
func sameSchedule(a, b Schedule) bool {
	a.LastDate, b.LastDate = "", ""
	since, disabled := a.Since.Equal(b.Since), a.DisabledAt.Equal(b.DisabledAt)
	a.Since, a.DisabledAt = b.Since, b.DisabledAt
	return since && disabled && a == b
}

// armReload sets the timer of the next periodic reload. Called with q.mu
// held.
func (q *Scheduler) armReload() {
	if q.ReloadEvery <= 0 || !q.running {
		return
	}
	q.reloadTimer = q.Clock.AfterFunc(q.ReloadEvery, q.reloadTick)
}

// reloadTick is the reload timer's callback.
func (q *Scheduler) reloadTick() {
	q.mu.Lock()
	ctx, running := q.ctx, q.running
	q.mu.Unlock()
	if !running {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, storeTimeout)
	err := q.Reload(rctx)
	cancel()
	if err != nil && ctx.Err() == nil {
		q.log().Warn("qotd: cannot reload schedules; keeping the ones known", "err", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running && q.ctx == ctx { // not stopped, nor restarted, meanwhile
		q.armReload()
	}
}

// owns applies Owns.
func (q *Scheduler) owns(guildID string) bool { return q.Owns == nil || q.Owns(guildID) }

// newInstanceID is a random identity for a scheduler given none.
func newInstanceID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "qotd-" + hex.EncodeToString(b)
}
