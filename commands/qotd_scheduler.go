package commands

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
// Exactly once: before sending, a worker looks the local date up in the
// ledger; it sends with a nonce derived from guild and local date (the Discord
// adapter sets enforce_nonce), then records the message in the ledger. A crash
// between sending and recording resends with the same nonce after the restart,
// and Discord answers with the first message instead of posting again.

const (
	defaultQOTDWorkers     = 8
	defaultQOTDSendTimeout = 30 * time.Second
	qotdMaxSleep           = 5 * time.Minute // re-check at least this often (wall clock jumps)
	qotdStoreTimeout       = 10 * time.Second
)

// qotdEntry is a pending post in the queue.
type qotdEntry struct {
	guild   string
	at      time.Time
	date    string // local date the post is for
	attempt int    // failed sends so far for this date
	index   int
}

type qotdQueue []*qotdEntry

func (h qotdQueue) Len() int { return len(h) }
func (h qotdQueue) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].guild < h[j].guild
}
func (h qotdQueue) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *qotdQueue) Push(x any) {
	e := x.(*qotdEntry)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *qotdQueue) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.index = -1
	return e
}

// qotdState is an active schedule as the scheduler holds it.
type qotdState struct {
	sched QOTDSchedule
	loc   *time.Location
	done  string // last local date needing no post: posted or given up
	gen   uint64 // changes whenever an admin changes the schedule
	entry *qotdEntry
}

// qotdJob is what a worker takes from the queue.
type qotdJob struct {
	entry *qotdEntry
	sched QOTDSchedule
	loc   *time.Location
	gen   uint64
}

// qotdOutcome is what a worker reports back.
type qotdOutcome int

const (
	qotdPosted   qotdOutcome = iota // posted now or found in the ledger
	qotdSkipped                     // nothing to post today (no quotes)
	qotdRetry                       // transient failure
	qotdDisabled                    // channel gone or no access: schedule disabled
	qotdStopped                     // the scheduler is stopping
)

// Start loads every schedule, plans each one's next post (catching up today's
// post where the catch-up rule says so) and starts the workers. It returns at
// once. Cancelling ctx stops posting too; Stop ends the scheduler and waits
// for it. A stopped QOTD can be started again.
func (q *QOTD) Start(ctx context.Context) error {
	list, err := q.Schedules.QOTDSchedules(ctx)
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
	q.states = make(map[string]*qotdState, len(list))
	q.busy = map[string]bool{}
	q.queue = make(qotdQueue, 0, len(list))
	now := q.Clock.Now()
	for _, s := range list {
		if !s.Active() {
			continue
		}
		loc, err := q.location(s.Zone)
		if err != nil {
			q.log().Error("qotd: schedule has an unknown timezone; skipped", "guild", s.GuildID, "zone", s.Zone, "err", err)
			continue
		}
		q.gen++
		st := &qotdState{sched: s, loc: loc, done: s.LastDate, gen: q.gen}
		q.states[s.GuildID] = st
		if at, date := qotdNext(s, st.done, loc, now); !at.IsZero() {
			st.entry = &qotdEntry{guild: s.GuildID, at: at, date: date, index: len(q.queue)}
			q.queue = append(q.queue, st.entry)
		}
	}
	heap.Init(&q.queue)
	q.running = true
	n := q.Workers
	if n <= 0 {
		n = defaultQOTDWorkers
	}
	for range n {
		q.wg.Add(1)
		go q.work()
	}
	q.arm(now)
	q.log().Info("qotd: scheduler started", "schedules", len(q.states), "workers", n)
	return nil
}

// Stop ends the scheduler and waits for posts in flight to finish or give up.
func (q *QOTD) Stop() {
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
	q.mu.Unlock()
	q.wg.Wait()
}

// track tells a running scheduler that an admin saved or removed a schedule
// (removed when s is nil or inactive).
func (q *QOTD) track(guildID string, s *QOTDSchedule) {
	var loc *time.Location
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
		st = &qotdState{}
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
func (q *QOTD) plan(st *qotdState, now time.Time) {
	at, date := qotdNext(st.sched, st.done, st.loc, now)
	if at.IsZero() {
		q.unqueue(st)
		return
	}
	q.enqueue(st, at, date, 0)
	q.arm(now)
}

func (q *QOTD) enqueue(st *qotdState, at time.Time, date string, attempt int) {
	if st.entry != nil {
		st.entry.at, st.entry.date, st.entry.attempt = at, date, attempt
		heap.Fix(&q.queue, st.entry.index)
		return
	}
	st.entry = &qotdEntry{guild: st.sched.GuildID, at: at, date: date, attempt: attempt}
	heap.Push(&q.queue, st.entry)
}

func (q *QOTD) unqueue(st *qotdState) {
	if st.entry != nil {
		heap.Remove(&q.queue, st.entry.index)
		st.entry = nil
	}
}

// arm makes sure someone wakes for the earliest entry: a worker at once when
// it is due, else the one timer. Called with q.mu held.
func (q *QOTD) arm(now time.Time) {
	if len(q.queue) == 0 {
		return
	}
	top := q.queue[0].at
	if !top.After(now) {
		q.signal()
		return
	}
	wakeAt := top
	if limit := now.Add(qotdMaxSleep); limit.Before(wakeAt) {
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
	q.timerAt = wakeAt
	q.timer = q.Clock.AfterFunc(wakeAt.Sub(now), func() { q.fire(seq) })
	// Time may have moved on since now was read (a slow caller, or a test
	// clock jumping ahead): the timer then counts from a later instant, so
	// wake a worker now rather than late.
	if !q.Clock.Now().Before(wakeAt) {
		q.signal()
	}
}

// signal wakes one waiting worker (or the next one to wait).
func (q *QOTD) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// fire is the timer's callback: it wakes a worker, which re-arms.
func (q *QOTD) fire(seq uint64) {
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
func (q *QOTD) work() {
	defer q.wg.Done()
	for {
		job, ok := q.take()
		if !ok {
			return
		}
		out := q.post(job)
		q.finish(job, out)
	}
}

// take waits for a due entry and claims it.
func (q *QOTD) take() (qotdJob, bool) {
	for {
		q.mu.Lock()
		if !q.running {
			q.mu.Unlock()
			return qotdJob{}, false
		}
		now := q.Clock.Now()
		if len(q.queue) > 0 && !q.queue[0].at.After(now) {
			e := heap.Pop(&q.queue).(*qotdEntry)
			st := q.states[e.guild]
			st.entry = nil
			q.busy[e.guild] = true
			q.inflight++
			job := qotdJob{entry: e, sched: st.sched, loc: st.loc, gen: st.gen}
			q.arm(now) // hands the next due entry to another worker
			q.mu.Unlock()
			return job, true
		}
		q.arm(now)
		q.mu.Unlock()
		select {
		case <-q.wake:
		case <-q.ctx.Done():
			return qotdJob{}, false
		}
	}
}

// finish plans a schedule again after a worker's attempt.
func (q *QOTD) finish(job qotdJob, out qotdOutcome) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.inflight--
	g := job.entry.guild
	delete(q.busy, g)
	st := q.states[g]
	if st == nil || out == qotdStopped || !q.running {
		return
	}
	now := q.Clock.Now()
	changed := st.gen != job.gen // an admin changed it meanwhile: plan afresh
	switch out {
	case qotdPosted, qotdSkipped:
		st.done = laterDate(st.done, job.entry.date)
	case qotdDisabled:
		if !changed {
			delete(q.states, g)
			return
		}
	case qotdRetry:
		if changed {
			break
		}
		attempt := job.entry.attempt + 1
		at := now.Add(qotdBackoff(attempt))
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
