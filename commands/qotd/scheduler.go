package qotd

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"time"
)

// The scheduler: one time-ordered queue (container/heap) of every active
// schedule's next post, one timer on the injected Clock for the earliest, and
// a bounded pool of workers that send. A slow or failing server holds one
// worker for at most SendTimeout; the others keep posting.
//
// Exactly once, across processes: before sending, a worker claims the local
// date in the ledger (Store.ClaimPost: one row per server and date, so one
// claimant wins); it sends with a nonce derived from guild and local date (the
// Discord adapter sets enforce_nonce), then completes the claim with the
// message id. A failed send releases the claim. A process that dies between
// claim and completion leaves a claim that another process (or itself,
// restarted with the same Instance) takes over once it is older than
// ClaimTimeout; the resend carries the same nonce, and Discord answers with
// the first message instead of posting again.
//
// Several processes may run schedulers over one database: each plans the
// guilds Owns gives it, and ReloadEvery makes it pick up schedules another
// process changed (a /qotd set served by another shard) by reading them all
// again. A periodic reload was chosen over reading on each tick: a tick is per
// post, and 10 000 servers would read every schedule 10 000 times a day.

const (
	defaultWorkers     = 8
	defaultSendTimeout = 30 * time.Second
	maxSleep           = 5 * time.Minute // re-check at least this often (wall clock jumps)
	storeTimeout       = 10 * time.Second
	// timerSlack is how far the clock may move while a timer is set before
	// the timer counts as possibly late (see arm).
	timerSlack = time.Millisecond
)

// queueEntry is a pending post in the queue.
type queueEntry struct {
	guild   string
	at      time.Time
	date    string // local date the post is for
	attempt int    // failed sends so far for this date
	index   int
}

type postQueue []*queueEntry

func (h postQueue) Len() int { return len(h) }
func (h postQueue) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].guild < h[j].guild
}
func (h postQueue) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *postQueue) Push(x any) {
	e := x.(*queueEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *postQueue) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.index = -1
	return e
}

// guildState is an active schedule as the scheduler holds it.
type guildState struct {
	sched Schedule
	loc   *time.Location
	done  string // last local date needing no post: posted or given up
	gen   uint64 // changes whenever an admin changes the schedule
	entry *queueEntry
}

// postJob is what a worker takes from the queue.
type postJob struct {
	entry *queueEntry
	sched Schedule
	loc   *time.Location
	gen   uint64
}

// outcome is what a worker reports back.
type outcome int

const (
	outPosted   outcome = iota // posted now or found in the ledger
	outSkipped                 // nothing to post today (no quotes)
	outRetry                   // transient failure
	outDisabled                // channel gone or no access: schedule disabled
	outStopped                 // the scheduler is stopping
	outHeld                    // another process holds today's claim
)

// Start loads every schedule, plans each one's next post (catching up today's
// post where the catch-up rule says so) and starts the workers. It returns at
// once. Cancelling ctx stops posting too; Stop ends the scheduler and waits
// for it. A stopped Scheduler can be started again.
func (q *Scheduler) Start(ctx context.Context) error {
	list, err := q.Schedules.Schedules(ctx)
	if err != nil {
		return fmt.Errorf("load quote-of-the-day schedules: %w", err)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.running {
		return errors.New("quote-of-the-day scheduler already started")
	}
	q.ctx, q.cancel = context.WithCancel(ctx)
	q.wake = make(chan struct{}, 1)
	q.states = make(map[string]*guildState, len(list))
	q.busy = map[string]bool{}
	q.queue = make(postQueue, 0, len(list))
	now := q.Clock.Now()
	q.instance = q.Instance
	if q.instance == "" {
		q.instance = newInstanceID()
	}
	for _, s := range list {
		if !s.Active() || !q.owns(s.GuildID) {
			continue
		}
		loc, err := q.location(s.Zone)
		if err != nil {
			q.log().Error("qotd: schedule has an unknown timezone; skipped", "guild", s.GuildID, "zone", s.Zone, "err", err)
			continue
		}
		q.gen++
		st := &guildState{sched: s, loc: loc, done: s.LastDate, gen: q.gen}
		q.states[s.GuildID] = st
		if at, date := nextPost(s, st.done, loc, now); !at.IsZero() {
			st.entry = &queueEntry{guild: s.GuildID, at: at, date: date, index: len(q.queue)}
			q.queue = append(q.queue, st.entry)
		}
	}
	heap.Init(&q.queue)
	q.running = true
	n := q.Workers
	if n <= 0 {
		n = defaultWorkers
	}
	for range n {
		q.wg.Add(1)
		go q.work()
	}
	q.arm(now)
	q.armReload()
	q.log().Info("qotd: scheduler started", "schedules", len(q.states), "workers", n)
	return nil
}

// Stop ends the scheduler and waits for posts in flight to finish or give up.
func (q *Scheduler) Stop() {
	q.mu.Lock()
	if !q.running {
		q.mu.Unlock()
		return
	}
	q.running = false
	q.cancel()
	if q.timer != nil {
		q.timer.Stop()
		q.timer = nil
	}
	if q.reloadTimer != nil {
		q.reloadTimer.Stop()
		q.reloadTimer = nil
	}
	q.mu.Unlock()
	q.wg.Wait()
}

// track tells a running scheduler that an admin saved or removed a schedule
// (removed when s is nil or inactive).
func (q *Scheduler) track(guildID string, s *Schedule) {
	var loc *time.Location
	if s != nil && !q.owns(guildID) {
		s = nil
	}
	if s != nil && s.Active() {
		var err error
		if loc, err = q.location(s.Zone); err != nil {
			s = nil
		}
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.running {
		return
	}
	st := q.states[guildID]
	if s == nil || !s.Active() {
		if st != nil {
			q.unqueue(st)
			delete(q.states, guildID)
		}
		return
	}
	if st == nil {
		st = &guildState{}
		q.states[guildID] = st
	}
	q.gen++
	st.sched, st.loc, st.gen = *s, loc, q.gen
	st.done = laterDate(st.done, s.LastDate)
	if !q.busy[guildID] { // a busy schedule is planned when its worker finishes
		q.plan(st, q.Clock.Now())
	}
}

// plan queues st's next post. Called with q.mu held.
func (q *Scheduler) plan(st *guildState, now time.Time) {
	at, date := nextPost(st.sched, st.done, st.loc, now)
	if at.IsZero() {
		q.unqueue(st)
		return
	}
	q.enqueue(st, at, date, 0)
	q.arm(now)
}

func (q *Scheduler) enqueue(st *guildState, at time.Time, date string, attempt int) {
	if st.entry != nil {
		st.entry.at, st.entry.date, st.entry.attempt = at, date, attempt
		heap.Fix(&q.queue, st.entry.index)
		return
	}
	st.entry = &queueEntry{guild: st.sched.GuildID, at: at, date: date, attempt: attempt}
	heap.Push(&q.queue, st.entry)
}

func (q *Scheduler) unqueue(st *guildState) {
	if st.entry != nil {
		heap.Remove(&q.queue, st.entry.index)
		st.entry = nil
	}
}

// arm makes sure someone wakes for the earliest entry: a worker at once when
// it is due, else the one timer. Called with q.mu held.
func (q *Scheduler) arm(now time.Time) {
	if len(q.queue) == 0 {
		return
	}
	top := q.queue[0].at
	if !top.After(now) {
		q.signal()
		return
	}
	wakeAt := top
	if limit := now.Add(maxSleep); limit.Before(wakeAt) {
		wakeAt = limit
	}
	if q.timer != nil && !q.timerAt.After(wakeAt) {
		return // an earlier or equal wake-up is already set
	}
	if q.timer != nil {
		q.timer.Stop()
	}
	q.timerSeq++
	seq := q.timerSeq
	// The delay counts from a fresh reading: now may be stale (a slow
	// caller, or a test clock jumping ahead while a worker ran).
	before := q.Clock.Now()
	q.timer = q.Clock.AfterFunc(wakeAt.Sub(before), func() { q.fire(seq) })
	after := q.Clock.Now()
	q.timerAt = wakeAt
	if moved := after.Sub(before); moved > timerSlack {
		// The clock moved while the timer was set, so it may fire up to
		// that much late. Remember the latest it may fire, so that an entry
		// due before then sets a timer of its own instead of trusting it.
		q.timerAt = wakeAt.Add(moved)
	}
	if !after.Before(wakeAt) { // already due: wake a worker now, not late
		q.signal()
	}
}

// signal wakes one waiting worker (or the next one to wait).
func (q *Scheduler) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// fire is the timer's callback: it wakes a worker, which re-arms.
func (q *Scheduler) fire(seq uint64) {
	q.mu.Lock()
	if seq == q.timerSeq {
		q.timer = nil
	}
	running := q.running
	q.mu.Unlock()
	if running {
		q.signal()
	}
}

// work is one worker: take a due post, send it, report, repeat.
func (q *Scheduler) work() {
	defer q.wg.Done()
	for {
		job, ok := q.take()
		if !ok {
			return
		}
		out, until := q.post(job)
		q.finish(job, out, until)
	}
}

// take waits for a due entry and claims it.
func (q *Scheduler) take() (postJob, bool) {
	for {
		q.mu.Lock()
		if !q.running {
			q.mu.Unlock()
			return postJob{}, false
		}
		now := q.Clock.Now()
		if len(q.queue) > 0 && !q.queue[0].at.After(now) {
			e := heap.Pop(&q.queue).(*queueEntry)
			st := q.states[e.guild]
			st.entry = nil
			q.busy[e.guild] = true
			q.inflight++
			job := postJob{entry: e, sched: st.sched, loc: st.loc, gen: st.gen}
			q.arm(now) // hands the next due entry to another worker
			q.mu.Unlock()
			return job, true
		}
		q.arm(now)
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-q.ctx.Done():
			return postJob{}, false
		}
	}
}

// finish plans a schedule again after a worker's attempt.
func (q *Scheduler) finish(job postJob, out outcome, until time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.inflight--
	g := job.entry.guild
	delete(q.busy, g)
	st := q.states[g]
	if st == nil || out == outStopped || !q.running {
		return
	}
	now := q.Clock.Now()
	changed := st.gen != job.gen // an admin changed it meanwhile: plan afresh
	switch out {
	case outPosted, outSkipped:
		st.done = laterDate(st.done, job.entry.date)
	case outDisabled:
		if !changed {
			delete(q.states, g)
			return
		}
	case outHeld:
		if changed {
			break
		}
		if until.Before(now) {
			until = now
		}
		if localDate(until, st.loc) == localDate(now, st.loc) {
			q.enqueue(st, until, job.entry.date, job.entry.attempt)
			q.arm(now)
			return
		}
		st.done = laterDate(st.done, job.entry.date) // the other process's day
	case outRetry:
		if changed {
			break
		}
		attempt := job.entry.attempt + 1
		at := now.Add(backoff(attempt))
		if localDate(at, st.loc) == localDate(now, st.loc) { // retry within the same local day
			q.enqueue(st, at, job.entry.date, attempt)
			q.arm(now)
			return
		}
		q.log().Error("qotd: giving up for today after repeated failures", "guild", g, "date", job.entry.date, "attempts", attempt)
		st.done = laterDate(st.done, job.entry.date)
	}
	q.plan(st, now)
}
