package qotd

import (
	"context"
	"errors"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// postCard is the post: the quote card (quote, speaker, context, source)
// under a title.
func postCard(s *facts.Store, q *facts.Quote) commands.Response {
	r := commands.QuoteCard(s, q)
	r.Card.Title = "Quote of the day"
	return r
}

// post makes one attempt at a server's post for a local date: claim it in the
// ledger, send, complete the claim. When another process holds the claim, it
// returns outHeld and when that claim may be taken over.
func (q *Scheduler) post(job postJob) (outcome, time.Time) {
	ctx, s, e := q.ctx, job.sched, job.entry
	log := q.log().With("guild", s.GuildID, "channel", s.ChannelID, "date", e.date)
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	// Whatever happens after the claim is written down even while stopping.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer wcancel()
	release := func() {
		if err := q.Schedules.ReleaseClaim(wctx, s.GuildID, e.date, q.instance); err != nil {
			log.Warn("qotd: cannot release the claim; another process takes it over after the claim timeout", "err", err)
		}
	}
	claim, err := q.Schedules.ClaimPost(sctx, s.GuildID, e.date, q.instance)
	var rot Rotation
	if err == nil && claim.Won {
		rot, err = q.Schedules.Rotation(sctx, s.GuildID)
	}
	switch {
	case ctx.Err() != nil:
		if claim.Won {
			release()
		}
		return outStopped, time.Time{}
	case err != nil:
		if claim.Won {
			release()
		}
		log.Warn("qotd: cannot claim the post in the ledger; will retry", "err", err)
		return outRetry, time.Time{}
	case claim.Posted:
		return outPosted, time.Time{}
	case !claim.Won:
		log.Debug("qotd: another process is posting; will check when its claim expires", "holder", claim.Holder, "until", claim.Until)
		return outHeld, claim.Until
	}
	quote, cycle := nextQuote(q.Store, s.GuildID, rot)
	if quote == nil {
		release()
		log.Warn("qotd: the store has no quotes; nothing posted today")
		return outSkipped, time.Time{}
	}
	timeout := q.SendTimeout
	if timeout <= 0 {
		timeout = defaultSendTimeout
	}
	nonce := postNonce(s.GuildID, e.date)
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	id, err := q.Messenger.Send(tctx, commands.Message{
		ChannelID: s.ChannelID,
		Nonce:     nonce,
		Response:  postCard(q.Store, quote),
	})
	tcancel()
	if err != nil {
		// Whether or not the send reached Discord, the next attempt (ours
		// or another process's) sends with the same nonce.
		release()
		if reason := disableReason(err); reason != "" {
			log.Warn("qotd: schedule disabled: the bot cannot post in its channel; /qotd status shows why", "reason", reason, "err", err)
			if derr := q.Schedules.DisableSchedule(wctx, s.GuildID, s.ChannelID, reason, q.Clock.Now()); derr != nil {
				log.Error("qotd: cannot record that the schedule is disabled", "err", derr)
			}
			return outDisabled, time.Time{}
		}
		if ctx.Err() != nil {
			return outStopped, time.Time{}
		}
		log.Warn("qotd: post failed; will retry", "attempt", e.attempt+1, "err", err)
		return outRetry, time.Time{}
	}
	done, err := q.Schedules.CompletePost(wctx, Post{
		GuildID: s.GuildID, Date: e.date, ChannelID: s.ChannelID, MessageID: id,
		QuoteID: quote.ID, Cycle: cycle, Nonce: nonce, PostedAt: q.Clock.Now(),
	}, q.instance)
	switch {
	case err != nil:
		// Not recorded, the claim still ours: the retry claims it again and
		// sends with the same nonce, and Discord answers with this message
		// instead of posting again.
		log.Error("qotd: posted but cannot record it; will retry", "message", id, "err", err)
		if ctx.Err() != nil {
			return outStopped, time.Time{}
		}
		return outRetry, time.Time{}
	case !done:
		log.Warn("qotd: posted after the claim expired and another process took it over; its record stands", "message", id)
		return outPosted, time.Time{}
	}
	log.Info("qotd: posted", "quote", quote.ID, "message", id)
	return outPosted, time.Time{}
}

// disableReason says whether a send error means the channel is gone or
// closed to the bot.
func disableReason(err error) string {
	switch {
	case errors.Is(err, ErrUnknownChannel):
		return DisabledUnknownChannel
	case errors.Is(err, ErrNoAccess):
		return DisabledNoAccess
	}
	return ""
}

// pending returns the time of a server's next attempt as the running
// scheduler has it (a retry may be sooner than the calendar says).
func (q *Scheduler) pending(guildID string) (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if st := q.states[guildID]; q.running && st != nil && st.entry != nil {
		return st.entry.at, true
	}
	return time.Time{}, false
}
