package trivia

import (
	"context"
	"fmt"
	"sync"
	"time"
	"unicode"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// The owner's side of a game: one timer per game wakes step, which reads
// where the game stands in the Store and does what is due — open a round,
// give the hint, reveal, end — then sleeps until the next thing is due.
// Because every step starts from the Store, a successor that claims a
// lapsed game continues it with the same step.

// The pace of a game.
const (
	leadIn       = 3 * time.Second // from /trivia start to the first question
	pauseBetween = 5 * time.Second // from a reveal to the next question
	idleEnd      = 2               // rounds in a row without answers that end a game
	// postTimeout bounds Messenger and store calls made from timers, which
	// have no request context.
	postTimeout = 10 * time.Second
	// retryEvery paces steps while the Store fails; the lease lapses if it
	// keeps failing, and another process may then take over.
	retryEvery   = 2 * time.Second
	defaultLease = 30 * time.Second
)

// Scoring: a right answer earns basePoints, plus up to speedPoints for
// answering at once (falling linearly to 0 at the deadline), plus
// streakStep for each right answer in a row before this one, at most
// streakMax; half of that after the hint.
const (
	basePoints  = 100
	speedPoints = 50
	streakStep  = 25
	streakMax   = 100
)

// Why a game ended, as stored.
const (
	endLast    = "finished"
	endIdle    = "idle"
	endStopped = "stopped"
	endTarget  = "target"
	endRestart = "restart"
)

// ownedGame is a game this process advances.
type ownedGame struct {
	rec Game
	qs  []*facts.Trivia // the deck's questions

	stepMu sync.Mutex // one step at a time
	mu     sync.Mutex // guards the fields below
	timer  commands.Timer
	hinted int  // the last round whose hint this process posted
	gone   bool // released: timers that still fire do nothing
}

// adopt makes this process advance g, from where the Store says it stands.
func (t *Games) adopt(g Game, qs []*facts.Trivia) {
	o := &ownedGame{rec: g, qs: qs}
	t.mu.Lock()
	if t.owned == nil {
		t.owned = map[string]*ownedGame{}
	}
	if t.halted || t.owned[g.ID] != nil {
		t.mu.Unlock()
		return
	}
	t.owned[g.ID] = o
	t.mu.Unlock()
	t.wake(o, 0)
}

// release stops advancing a game here; the Store keeps it.
func (t *Games) release(gameID string) {
	t.mu.Lock()
	o := t.owned[gameID]
	delete(t.owned, gameID)
	t.mu.Unlock()
	if o != nil {
		o.mu.Lock()
		o.gone = true
		if o.timer != nil {
			o.timer.Stop()
		}
		o.mu.Unlock()
	}
}

// wake runs a step of o after d, replacing any step already planned.
func (t *Games) wake(o *ownedGame, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.gone {
		return
	}
	if o.timer != nil {
		o.timer.Stop()
	}
	o.timer = t.clock().AfterFunc(max(d, 0), func() { t.step(o) })
}

// step does what is due in o, renewing its lease, and plans the next step:
// at the latest a third of a lease from now, so the lease never lapses
// while this process lives.
func (t *Games) step(o *ownedGame) {
	o.stepMu.Lock()
	defer o.stepMu.Unlock()
	o.mu.Lock()
	gone := o.gone
	o.mu.Unlock()
	if gone {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), postTimeout)
	defer cancel()
	now := t.clock().Now()
	next, err := t.advance(ctx, o, now)
	if err != nil {
		t.log().Error("trivia: advance game", "game", o.rec.ID, "err", err)
		next = retryEvery
	}
	if next >= 0 {
		t.wake(o, min(next, t.lease()/3))
	}
}

// advance does what is due at now and says when to look again; a negative
// duration means the game is no longer this process's to advance.
func (t *Games) advance(ctx context.Context, o *ownedGame, now time.Time) (time.Duration, error) {
	g := o.rec
	mine, err := t.scores().ClaimGame(ctx, g.ID, t.me(), now, now.Add(t.lease()))
	if err != nil {
		return 0, fmt.Errorf("renew lease: %w", err)
	}
	if !mine { // finished, or claimed by another after our lease lapsed
		t.release(g.ID)
		return -1, nil
	}
	r, started, err := t.scores().LastRound(ctx, g.ID)
	if err != nil {
		return 0, fmt.Errorf("last round: %w", err)
	}
	switch {
	case !started:
		if due := g.StartedAt.Add(leadIn); now.Before(due) {
			return due.Sub(now), nil
		}
		return t.open(ctx, o, 1, now)
	case r.RevealedAt.IsZero():
		if !now.Before(r.Deadline) {
			return t.reveal(ctx, o, r, now)
		}
		o.mu.Lock()
		hintDue := !r.HintAt.IsZero() && o.hinted < r.N
		o.mu.Unlock()
		if hintDue && !now.Before(r.HintAt) {
			t.hint(ctx, o, r)
			hintDue = false
		}
		if hintDue {
			return r.HintAt.Sub(now), nil
		}
		return r.Deadline.Sub(now), nil
	}
	// The round was revealed: the game goes on, unless the owner died
	// between its last reveal and its end.
	reason, _, err := t.ending(ctx, g, r.N)
	if err != nil {
		return 0, err
	}
	if reason != "" {
		t.finishStored(ctx, g.ID, reason, now)
		t.release(g.ID)
		return -1, nil
	}
	if due := r.RevealedAt.Add(pauseBetween); now.Before(due) {
		return due.Sub(now), nil
	}
	return t.open(ctx, o, r.N+1, now)
}

// open asks question n: recorded first, so any process can judge answers
// to it, then posted.
func (t *Games) open(ctx context.Context, o *ownedGame, n int, now time.Time) (time.Duration, error) {
	g := o.rec
	if n > len(o.qs) { // cannot happen: the last reveal ends the game
		t.finishStored(ctx, g.ID, endLast, now)
		t.release(g.ID)
		return -1, nil
	}
	q := o.qs[n-1]
	secs := time.Duration(g.Seconds) * time.Second
	r := Round{GameID: g.ID, N: n, TriviaID: q.ID, OpenedAt: now, Deadline: now.Add(secs)}
	r.Choices, r.Right = t.shuffleChoices(q)
	if g.Mode == "typed" && hintOf(q) != "" {
		r.HintAt = now.Add(secs / 2)
	}
	opened, err := t.scores().OpenRound(ctx, t.me(), r)
	if err != nil {
		return 0, fmt.Errorf("open round %d: %w", n, err)
	}
	if !opened {
		return 0, nil // stopped or claimed meanwhile: the next step sees which
	}
	if err := t.scores().MarkSeen(ctx, g.Scope, q.ID, now); err != nil {
		t.log().Error("trivia: mark question seen", "scope", g.Scope, "question", q.ID, "err", err)
	}
	id := t.send(ctx, commands.Message{ChannelID: g.ChannelID, Nonce: fmt.Sprintf("tq:%s:%d", g.ID, n),
		Response: roundCard(g, r, questionText(t.Store, q), q, false, false)})
	if id != "" {
		if err := t.scores().SetRoundMessage(ctx, g.ID, n, id); err != nil {
			t.log().Error("trivia: record question message", "game", g.ID, "round", n, "err", err)
		}
		// A stop that came while the question was being posted could not
		// close its message: close it now.
		if stored, ok := t.stillOpen(ctx, g.ID, n); !ok {
			t.edit(ctx, g.ChannelID, id, roundCard(g, stored, questionText(t.Store, q), q, true, false))
		}
	}
	if !r.HintAt.IsZero() {
		return r.HintAt.Sub(t.clock().Now()), nil
	}
	return r.Deadline.Sub(t.clock().Now()), nil
}

// stillOpen reports whether round n is open in an unfinished game, and the
// round as stored.
func (t *Games) stillOpen(ctx context.Context, gameID string, n int) (Round, bool) {
	g, ok, err := t.scores().Game(ctx, gameID)
	if err != nil || !ok {
		return Round{}, true // cannot tell: leave the message be
	}
	r, ok, err := t.scores().Round(ctx, gameID, n)
	if err != nil || !ok {
		return Round{}, true
	}
	return r, !g.Finished && r.RevealedAt.IsZero()
}

// hint shows the first letter of the round's answer at half time (typed
// games); right answers from then on score half.
func (t *Games) hint(ctx context.Context, o *ownedGame, r Round) {
	o.mu.Lock()
	o.hinted = r.N
	o.mu.Unlock()
	q := o.qs[r.N-1]
	if r.MessageID == "" {
		return
	}
	if _, open := t.stillOpen(ctx, o.rec.ID, r.N); open {
		t.edit(ctx, o.rec.ChannelID, r.MessageID, roundCard(o.rec, r, questionText(t.Store, q), q, false, true))
	}
}

// hintOf is the hint of a typed question: its answer's first letter or
// digit. True/false has none: its first letter is the answer.
func hintOf(q *facts.Trivia) string {
	if q.TriviaKind() == facts.KindTrueFalse {
		return ""
	}
	for _, r := range q.Answer {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return string(unicode.ToUpper(r))
		}
	}
	return ""
}

// reveal closes round r when its time is up and posts the answer; at the
// end of the game it ends it first, so a /trivia stop racing the last
// reveal loses to it or wins outright, never both.
func (t *Games) reveal(ctx context.Context, o *ownedGame, r Round, now time.Time) (time.Duration, error) {
	g := o.rec
	closed, err := t.scores().RevealRound(ctx, t.me(), g.ID, r.N, now)
	if err != nil {
		return 0, fmt.Errorf("reveal round %d: %w", r.N, err)
	}
	if !closed {
		return 0, nil // stopped or claimed meanwhile
	}
	answers, err := t.scores().RoundAnswers(ctx, g.ID, r.N)
	if err != nil {
		return 0, fmt.Errorf("reveal round %d: %w", r.N, err)
	}
	scores, err := t.scores().GameScores(ctx, g.ID)
	if err != nil {
		return 0, fmt.Errorf("reveal round %d: %w", r.N, err)
	}
	reason, winner, err := t.ending(ctx, g, r.N)
	if err != nil {
		return 0, err
	}
	if reason != "" {
		ended, err := t.scores().FinishGame(ctx, g.ID, reason, now)
		if err != nil {
			return 0, fmt.Errorf("end game: %w", err)
		}
		t.release(g.ID)
		if !ended {
			return -1, nil // a stop came first and said the last word
		}
	}
	if reason == "" {
		// A stop that came since the round closed ends the game: the reveal
		// must not announce a next question.
		if cur, ok, err := t.scores().Game(ctx, g.ID); err == nil && ok && cur.Finished {
			reason = cur.EndReason
			t.release(g.ID)
		}
	}
	q := o.qs[r.N-1]
	if r.MessageID != "" {
		t.edit(ctx, g.ChannelID, r.MessageID, roundCard(g, r, questionText(t.Store, q), q, true, false))
	}
	t.send(ctx, commands.Message{ChannelID: g.ChannelID, Nonce: fmt.Sprintf("tr:%s:%d", g.ID, r.N),
		Response: revealCard(t.Store, g, r, q, answers, scores, reason, winner, now.Add(pauseBetween))})
	if reason != "" {
		return -1, nil
	}
	return pauseBetween, nil
}

// ending says whether a game ends with round n revealed: someone reached
// the target (the winner), the last round, or idleEnd rounds in a row
// without answers.
func (t *Games) ending(ctx context.Context, g Game, n int) (string, commands.User, error) {
	if g.Target > 0 {
		scores, err := t.scores().GameScores(ctx, g.ID)
		if err != nil {
			return "", commands.User{}, fmt.Errorf("game scores: %w", err)
		}
		if len(scores) > 0 && scores[0].Points >= g.Target {
			return endTarget, scores[0].User, nil
		}
	}
	if n >= len(g.Deck) {
		return endLast, commands.User{}, nil
	}
	if n < idleEnd {
		return "", commands.User{}, nil
	}
	for k := n - idleEnd + 1; k <= n; k++ {
		answers, err := t.scores().RoundAnswers(ctx, g.ID, k)
		if err != nil {
			return "", commands.User{}, fmt.Errorf("round answers: %w", err)
		}
		if len(answers) > 0 {
			return "", commands.User{}, nil
		}
	}
	return endIdle, commands.User{}, nil
}

func (t *Games) finishStored(ctx context.Context, gameID, reason string, at time.Time) {
	if _, err := t.scores().FinishGame(ctx, gameID, reason, at); err != nil {
		t.log().Error("trivia: finish game", "game", gameID, "err", err)
	}
}
