package trivia

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// Who advances a game. The owner renews its lease at every step; a game
// whose lease lapsed lost its owner (the process died or lost the
// database), and the next sweep of a process that Owns its guild claims it.

const (
	defaultSweepEvery = 10 * time.Second
	// staleAfter: a claimed game whose next step was due longer ago than
	// this is not resumed — its players have gone — but announced as cut
	// short, its scores kept.
	staleAfter = 2 * time.Minute
)

// Recover claims the games whose owner is gone (their lease lapsed) in the
// guilds this process Owns, once: it resumes those whose next step is
// recent, on time from the Store, and announces the others as ended with
// the scores so far, which stay on the leaderboard. A game whose lease is
// live belongs to a running process and is left alone. The adapter calls it
// at start-up, after the Messenger can post; StartSweeping repeats it.
func (t *Games) Recover(ctx context.Context) error {
	games, err := t.scores().UnfinishedGames(ctx)
	if err != nil {
		return fmt.Errorf("trivia recover: %w", err)
	}
	var errs []error
	for _, g := range games {
		if err := t.takeOver(ctx, g); err != nil {
			errs = append(errs, fmt.Errorf("trivia recover %s: %w", g.ID, err))
		}
	}
	return errors.Join(errs...)
}

// takeOver claims g if its lease lapsed and this process may, then resumes
// or ends it.
func (t *Games) takeOver(ctx context.Context, g Game) error {
	now := t.clock().Now()
	t.mu.Lock()
	_, mine := t.owned[g.ID]
	halted := t.halted
	t.mu.Unlock()
	if mine || halted || g.LeaseUntil.After(now) || t.Owns != nil && !t.Owns(g.GuildID) {
		return nil
	}
	claimed, err := t.scores().ClaimGame(ctx, g.ID, t.me(), now, now.Add(t.lease()))
	if err != nil || !claimed {
		return err
	}
	from := g.Owner
	g.Owner, g.LeaseUntil = t.me(), now.Add(t.lease())
	qs, complete := t.deck(g)
	due, err := t.nextDue(ctx, g)
	if err != nil {
		return err
	}
	if complete && now.Sub(due) <= staleAfter {
		t.log().Info("trivia: took over a game", "game", g.ID, "from", from)
		t.adopt(g, qs)
		return nil
	}
	scores, err := t.scores().GameScores(ctx, g.ID)
	if err != nil {
		return err
	}
	ended, err := t.scores().FinishGame(ctx, g.ID, endRestart, now)
	if err != nil || !ended {
		return err
	}
	// The nonce keeps the notice single if another process posts it too.
	t.send(ctx, commands.Message{ChannelID: g.ChannelID, Nonce: "trivia:end:" + g.ID, Response: recoveredCard(g, scores)})
	return nil
}

// deck is the questions of g's deck; false when the store no longer has
// one of them (a new release changed trivia.yaml).
func (t *Games) deck(g Game) ([]*facts.Trivia, bool) {
	qs := make([]*facts.Trivia, len(g.Deck))
	for i, id := range g.Deck {
		if qs[i] = t.question(id); qs[i] == nil {
			return nil, false
		}
	}
	return qs, len(qs) > 0
}

// nextDue is when g's owner had its next step to take.
func (t *Games) nextDue(ctx context.Context, g Game) (time.Time, error) {
	r, started, err := t.scores().LastRound(ctx, g.ID)
	switch {
	case err != nil:
		return time.Time{}, err
	case !started:
		return g.StartedAt.Add(leadIn), nil
	case r.RevealedAt.IsZero():
		return r.Deadline, nil
	}
	return r.RevealedAt.Add(pauseBetween), nil
}

// StartSweeping runs Recover every SweepEvery on the Clock until Halt, so
// this process takes over the games of owners that die.
func (t *Games) StartSweeping() {
	every := t.SweepEvery
	if every <= 0 {
		every = defaultSweepEvery
	}
	var sweep func()
	sweep = func() {
		ctx, cancel := context.WithTimeout(context.Background(), postTimeout)
		defer cancel()
		if err := t.Recover(ctx); err != nil {
			t.log().Error("trivia: sweep", "err", err)
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if !t.halted {
			t.sweep = t.clock().AfterFunc(every, sweep)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.halted && t.sweep == nil {
		t.sweep = t.clock().AfterFunc(every, sweep)
	}
}

// Halt stops every timer of this process — sweeps and the steps of the
// games it owns — and waits for a step under way, without giving the games
// up: their leases lapse and
// another process takes them over, as if this one had died. Shutdown calls
// it; tests use it to kill an owner.
func (t *Games) Halt() {
	t.mu.Lock()
	t.halted = true
	if t.sweep != nil {
		t.sweep.Stop()
	}
	var games []*ownedGame
	for _, o := range t.owned {
		games = append(games, o)
	}
	t.mu.Unlock()
	for _, o := range games {
		t.release(o.rec.ID)
		o.stepMu.Lock() // a step under way finishes first
		o.stepMu.Unlock()
	}
}

// Shutdown halts this process's games and gives up their leases, so
// another process takes them over at its next sweep instead of waiting for
// the leases to lapse.
func (t *Games) Shutdown(ctx context.Context) {
	t.mu.Lock()
	ids := make([]string, 0, len(t.owned))
	for id := range t.owned {
		ids = append(ids, id)
	}
	t.mu.Unlock()
	t.Halt()
	now := t.clock().Now()
	for _, id := range ids {
		// A renewal that ends now: the lease lapses at once.
		if _, err := t.scores().ClaimGame(ctx, id, t.me(), now, now); err != nil {
			t.log().Error("trivia: give up game", "game", id, "err", err)
		}
	}
}
