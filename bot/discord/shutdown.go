package discord

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Shutdown budget: the end of ShutdownTimeout is kept for closing the
// gateway (discordgo's CloseWithCode sleeps one second), and before that
// for delivering the answers of handlers cut short.
const (
	shutdownCloseReserve  = 1500 * time.Millisecond
	shutdownAnswerReserve = 700 * time.Millisecond
)

// shutdown stops new work, drains in-flight handlers and closes the gateway,
// all within ShutdownTimeout.
func (b *Bot) shutdown(supCancel context.CancelFunc, supsDone <-chan struct{}) {
	start := time.Now()
	deadline := start.Add(b.cfg.ShutdownTimeout)
	closeAt := deadline.Add(-shutdownCloseReserve)
	b.stopping.Store(true)
	supCancel()
	// A supervisor may be inside Open: it kills its socket.
	select {
	case <-supsDone:
	case <-time.After(time.Until(closeAt)):
		b.log.Error("discord: a gateway supervisor did not stop in time")
	}
	// Let handlers finish; then cut them short, and give their users an
	// answer ("restarting") before the REST context ends too.
	drainCtx, cancel := context.WithDeadline(context.Background(), closeAt.Add(-shutdownAnswerReserve))
	drained := b.inflight.wait(drainCtx)
	cancel()
	if !drained {
		b.log.Warn("discord: shutting down: cutting short the handlers still running", "in_flight", b.inflight.count())
		b.handlerCancel()
		answerCtx, cancel := context.WithDeadline(context.Background(), closeAt)
		if !b.inflight.wait(answerCtx) {
			b.log.Warn("discord: shutting down with work unanswered", "in_flight", b.inflight.count())
		}
		cancel()
	}
	b.handlerCancel()
	b.workCancel()

	// Every shard closes at once: discordgo's Close sleeps a second each.
	var closing sync.WaitGroup
	for _, sh := range b.shards().shards {
		closing.Add(1)
		go func() {
			defer closing.Done()
			_ = sh.sess.CloseWithCode(websocket.CloseNormalClosure)
		}()
	}
	closed := make(chan struct{})
	go func() { closing.Wait(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(time.Until(deadline)):
		b.log.Error("discord: closing the gateway did not finish in time; exiting anyway")
		for _, sh := range b.shards().shards {
			sh.killConn(errors.New("shutdown"))
		}
	}
	b.base.CloseIdleConnections()
	b.log.Info("discord: stopped", "took", time.Since(start).Round(time.Millisecond))
}

// tracker counts in-flight work and lets shutdown wait for it. (A
// WaitGroup must not see Add concurrently with Wait at zero, which a late
// gateway event could cause.)
type tracker struct {
	mu   sync.Mutex
	n    int
	zero chan struct{}
}

func (t *tracker) add() {
	t.mu.Lock()
	if t.n == 0 {
		t.zero = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
}

func (t *tracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 {
		close(t.zero)
	}
	t.mu.Unlock()
}

func (t *tracker) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// wait returns true when nothing is in flight, false when ctx ended first.
func (t *tracker) wait(ctx context.Context) bool {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return true
	}
	ch := t.zero
	t.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-ctx.Done():
		return false
	}
}
