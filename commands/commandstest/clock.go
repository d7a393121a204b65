// Package commandstest holds test doubles for the commands package: a manual
// clock and a recording Messenger.
package commandstest

import (
	"sort"
	"sync"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// Clock is a manual commands.Clock: time moves only when Advance is called,
// and timers due by then fire in order, synchronously, before Advance returns.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*timer
	seq    int
}

type timer struct {
	at      time.Time
	seq     int
	f       func()
	stopped bool
	fired   bool
	c       *Clock
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// AfterFunc schedules f at Now()+d.
func (c *Clock) AfterFunc(d time.Duration, f func()) commands.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	t := &timer{at: c.now.Add(d), seq: c.seq, f: f, c: c}
	c.timers = append(c.timers, t)
	return t
}

func (t *timer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	if t.fired || t.stopped {
		return false
	}
	t.stopped = true
	return true
}

// Advance moves time forward by d, firing every timer due on the way (also
// timers that firing ones schedule), each at its own time.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool {
			if !c.timers[i].at.Equal(c.timers[j].at) {
				return c.timers[i].at.Before(c.timers[j].at)
			}
			return c.timers[i].seq < c.timers[j].seq
		})
		var next *timer
		for _, t := range c.timers {
			if !t.fired && !t.stopped && !t.at.After(end) {
				next = t
				break
			}
		}
		if next == nil {
			c.now = end
			c.timers = pending(c.timers)
			c.mu.Unlock()
			return
		}
		next.fired = true
		if next.at.After(c.now) {
			c.now = next.at
		}
		c.mu.Unlock()
		next.f()
	}
}

// Set moves the clock to t (forward only), firing due timers.
func (c *Clock) Set(t time.Time) { c.Advance(t.Sub(c.Now())) }

// Pending counts timers that have neither fired nor been stopped.
func (c *Clock) Pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(pending(c.timers))
}

func pending(ts []*timer) []*timer {
	out := ts[:0]
	for _, t := range ts {
		if !t.fired && !t.stopped {
			out = append(out, t)
		}
	}
	return out
}
