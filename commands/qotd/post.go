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

// post makes one attempt at a server's post for a local date.
func (q *Scheduler) post(job postJob) outcome {
	ctx, s, e := q.ctx, job.sched, job.entry
	log := q.log().With("guild", s.GuildID, "channel", s.ChannelID, "date", e.date)
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	_, posted, err := q.Schedules.Post(sctx, s.GuildID, e.date)
	var rot Rotation
	if err == nil && !posted {
		rot, err = q.Schedules.Rotation(sctx, s.GuildID)
	}
	switch {
	case ctx.Err() != nil:
		return outStopped
	case err != nil:
		log.Warn("qotd: cannot read the ledger; will retry", "err", err)
		return outRetry
	case posted:
		return outPosted
	}
	quote, cycle := nextQuote(q.Store, s.GuildID, rot)
	if quote == nil {
		log.Warn("qotd: the store has no quotes; nothing posted today")
		return outSkipped
	}
	timeout := q.SendTimeout
	if timeout <= 0 {
		timeout = defaultSendTimeout
	}
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	id, err := q.Messenger.Send(tctx, commands.Message{
		ChannelID: s.ChannelID,
		Nonce:     postNonce(s.GuildID, e.date),
		Response:  postCard(q.Store, quote),
	})
	tcancel()
	// Whatever happens next is written down even while stopping.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer wcancel()
	if err != nil {
		if reason := disableReason(err); reason != "" {
			log.Warn("qotd: schedule disabled: the bot cannot post in its channel; /qotd status shows why", "reason", reason, "err", err)
			if derr := q.Schedules.DisableSchedule(wctx, s.GuildID, s.ChannelID, reason, q.Clock.Now()); derr != nil {
				log.Error("qotd: cannot record that the schedule is disabled", "err", derr)
			}
			return outDisabled
		}
		if ctx.Err() != nil {
			return outStopped
		}
		log.Warn("qotd: post failed; will retry", "attempt", e.attempt+1, "err", err)
		return outRetry
	}
	if _, err := q.Schedules.RecordPost(wctx, Post{
		GuildID: s.GuildID, Date: e.date, ChannelID: s.ChannelID, MessageID: id,
		QuoteID: quote.ID, Cycle: cycle, PostedAt: q.Clock.Now(),
	}); err != nil {
		// Not recorded: the retry sends with the same nonce, and Discord
		// answers with this message instead of posting again.
		log.Error("qotd: posted but cannot record it; will retry", "message", id, "err", err)
		if ctx.Err() != nil {
			return outStopped
		}
		return outRetry
	}
	log.Info("qotd: posted", "quote", quote.ID, "message", id)
	return outPosted
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
