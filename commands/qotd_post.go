package commands

import (
	"context"
	"errors"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// qotdMessage is the post: the quote card (quote, speaker, context, source)
// under a title.
func qotdMessage(s *facts.Store, q *facts.Quote) Response {
	r := QuoteCard(s, q)
	r.Card.Title = "Quote of the day"
	return r
}

// post makes one attempt at a server's post for a local date.
func (q *QOTD) post(job qotdJob) qotdOutcome {
	ctx, s, e := q.ctx, job.sched, job.entry
	log := q.log().With("guild", s.GuildID, "channel", s.ChannelID, "date", e.date)
	sctx, cancel := context.WithTimeout(ctx, qotdStoreTimeout)
	defer cancel()
	_, posted, err := q.Schedules.QOTDPost(sctx, s.GuildID, e.date)
	var rot QOTDRotation
	if err == nil && !posted {
		rot, err = q.Schedules.QOTDRotation(sctx, s.GuildID)
	}
	switch {
	case ctx.Err() != nil:
		return qotdStopped
	case err != nil:
		log.Warn("qotd: cannot read the ledger; will retry", "err", err)
		return qotdRetry
	case posted:
		return qotdPosted
	}
	quote, cycle := nextQuote(q.Store, s.GuildID, rot)
	if quote == nil {
		log.Warn("qotd: the store has no quotes; nothing posted today")
		return qotdSkipped
	}
	timeout := q.SendTimeout
	if timeout <= 0 {
		timeout = defaultQOTDSendTimeout
	}
	tctx, tcancel := context.WithTimeout(ctx, timeout)
	id, err := q.Messenger.Send(tctx, Message{
		ChannelID: s.ChannelID,
		Nonce:     qotdNonce(s.GuildID, e.date),
		Response:  qotdMessage(q.Store, quote),
	})
	tcancel()
	// Whatever happens next is written down even while stopping.
	wctx, wcancel := context.WithTimeout(context.WithoutCancel(ctx), qotdStoreTimeout)
	defer wcancel()
	if err != nil {
		if reason := qotdDisableReason(err); reason != "" {
			log.Warn("qotd: schedule disabled: the bot cannot post in its channel; /qotd status shows why", "reason", reason, "err", err)
			if derr := q.Schedules.DisableQOTD(wctx, s.GuildID, s.ChannelID, reason, q.Clock.Now()); derr != nil {
				log.Error("qotd: cannot record that the schedule is disabled", "err", derr)
			}
			return qotdDisabled
		}
		if ctx.Err() != nil {
			return qotdStopped
		}
		log.Warn("qotd: post failed; will retry", "attempt", e.attempt+1, "err", err)
		return qotdRetry
	}
	if _, err := q.Schedules.RecordQOTDPost(wctx, QOTDPost{
		GuildID: s.GuildID, Date: e.date, ChannelID: s.ChannelID, MessageID: id,
		QuoteID: quote.ID, Cycle: cycle, PostedAt: q.Clock.Now(),
	}); err != nil {
		// Not recorded: the retry sends with the same nonce, and Discord
		// answers with this message instead of posting again.
		log.Error("qotd: posted but cannot record it; will retry", "message", id, "err", err)
		if ctx.Err() != nil {
			return qotdStopped
		}
		return qotdRetry
	}
	log.Info("qotd: posted", "quote", quote.ID, "message", id)
	return qotdPosted
}

// qotdDisableReason says whether a send error means the channel is gone or
// closed to the bot.
func qotdDisableReason(err error) string {
	switch {
	case errors.Is(err, ErrUnknownChannel):
		return QOTDDisabledUnknownChannel
	case errors.Is(err, ErrNoAccess):
		return QOTDDisabledNoAccess
	}
	return ""
}

// qotdPending returns the time of a server's next attempt as the running
// scheduler has it (a retry may be sooner than the calendar says).
func (q *QOTD) qotdPending(guildID string) (time.Time, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if st := q.states[guildID]; q.running && st != nil && st.entry != nil {
		return st.entry.at, true
	}
	return time.Time{}, false
}
