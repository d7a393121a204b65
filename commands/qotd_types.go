package commands

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// Errors a Messenger's Send and a ChannelChecker's CanPost return when a
// channel cannot take the bot's posts. The Discord adapter maps HTTP 404 with
// code 10003 (Unknown Channel) to ErrUnknownChannel and HTTP 403 with code
// 50001 (Missing Access) or 50013 (Missing Permissions) to ErrNoAccess,
// wrapping them (fmt.Errorf("…: %w", ErrNoAccess)) so errors.Is finds them.
// Any other error is treated as transient and retried.
var (
	ErrUnknownChannel = errors.New("unknown channel")
	ErrNoAccess       = errors.New("missing access to the channel")
)

// ChannelChecker tells whether the bot can post in a channel: it returns nil,
// ErrUnknownChannel, ErrNoAccess (both possibly wrapped) or another error when
// it could not find out. The Discord adapter checks that the channel exists
// in the guild and that the bot may view it, send messages and embed links.
type ChannelChecker interface {
	// CanPost checks that channelID is a channel of guildID the bot can
	// post in; a channel of another server, or a DM, is ErrUnknownChannel.
	CanPost(ctx context.Context, guildID, channelID string) error
}

// AllowAllChannels is the console's ChannelChecker: every channel is fine.
type AllowAllChannels struct{}

// CanPost always allows.
func (AllowAllChannels) CanPost(context.Context, string, string) error { return nil }

// Reasons a schedule was disabled by a failure (QOTDSchedule.Disabled).
const (
	QOTDDisabledUnknownChannel = "unknown_channel"
	QOTDDisabledNoAccess       = "no_access"
)

// QOTDSchedule is one server's quote of the day.
type QOTDSchedule struct {
	GuildID   string
	ChannelID string
	Hour      int    // 0–23, local
	Minute    int    // 0–59, local
	Zone      string // IANA name, e.g. Asia/Seoul
	Paused    bool
	// Since is when the schedule was set or resumed: a day whose post time
	// is before Since gets no post (setting 09:00 at 15:00 starts tomorrow).
	Since time.Time
	// Disabled is why a failure turned the schedule off
	// (QOTDDisabledUnknownChannel, QOTDDisabledNoAccess); "" when healthy.
	Disabled   string
	DisabledAt time.Time
	UpdatedBy  string // user id of the admin who last changed it
	// LastDate is the local date (YYYY-MM-DD) of the last recorded post, read
	// from the ledger; stores ignore it when saving.
	LastDate string
}

// Active reports whether the scheduler should post for s.
func (s QOTDSchedule) Active() bool { return !s.Paused && s.Disabled == "" }

// QOTDPost is one row of the ledger: the post of a server for a local date.
type QOTDPost struct {
	GuildID   string
	Date      string // local date, YYYY-MM-DD, in the schedule's zone
	ChannelID string
	MessageID string
	QuoteID   string
	Cycle     int // rotation cycle the quote belongs to
	PostedAt  time.Time
}

// QOTDRotation is where a server is in its walk through the quotes.
type QOTDRotation struct {
	Cycle int      // how many full passes through the quotes came before
	Used  []string // quote ids already posted in this cycle
	Last  string   // the quote posted last, never first of the next cycle
}

// QOTDStore persists schedules, the ledger and the rotation. bot/store
// implements it over SQLite.
type QOTDStore interface {
	// QOTDSchedules returns every schedule, LastDate filled in.
	QOTDSchedules(ctx context.Context) ([]QOTDSchedule, error)
	// QOTDSchedule returns a server's schedule, LastDate filled in.
	QOTDSchedule(ctx context.Context, guildID string) (QOTDSchedule, bool, error)
	// SaveQOTDSchedule inserts or replaces a schedule.
	SaveQOTDSchedule(ctx context.Context, s QOTDSchedule) error
	// DeleteQOTDSchedule removes a schedule; the ledger and rotation stay.
	DeleteQOTDSchedule(ctx context.Context, guildID string) error
	// DisableQOTD marks a schedule disabled by a failure, unless its channel
	// is no longer channelID (an admin moved it meanwhile).
	DisableQOTD(ctx context.Context, guildID, channelID, reason string, at time.Time) error
	// QOTDPost returns the ledger row of a server for a local date.
	QOTDPost(ctx context.Context, guildID, date string) (QOTDPost, bool, error)
	// LastQOTDPost returns the latest ledger row of a server.
	LastQOTDPost(ctx context.Context, guildID string) (QOTDPost, bool, error)
	// RecordQOTDPost adds p to the ledger and marks its quote used in cycle
	// p.Cycle (starting that cycle afresh when it is newer), atomically. It
	// reports false, changing nothing, when the date is already recorded.
	RecordQOTDPost(ctx context.Context, p QOTDPost) (bool, error)
	// QOTDRotation returns a server's rotation state (zero when none).
	QOTDRotation(ctx context.Context, guildID string) (QOTDRotation, error)
}

// qotdNonce is the Discord nonce of a server's post for a local date: stable
// across restarts, at most 25 characters as Discord requires.
func qotdNonce(guildID, date string) string {
	sum := sha256.Sum256([]byte("qotd\x00" + guildID + "\x00" + date))
	return hex.EncodeToString(sum[:])[:25]
}

// nextQuote picks the quote a server posts next. Each cycle visits every quote
// once, in an order fixed by the guild id and the cycle number (a keyed hash,
// so it survives restarts, Go upgrades and additions to the store); a quote
// used in this cycle is skipped, and when all are used the next cycle begins,
// never with the quote posted last. It returns nil when the store has none.
func nextQuote(s *facts.Store, guildID string, rot QOTDRotation) (*facts.Quote, int) {
	if len(s.Quotes) == 0 {
		return nil, rot.Cycle
	}
	used := make(map[string]bool, len(rot.Used))
	for _, id := range rot.Used {
		used[id] = true
	}
	if q := firstInCycle(s, guildID, rot.Cycle, func(id string) bool { return !used[id] }); q != nil {
		return q, rot.Cycle
	}
	cycle := rot.Cycle + 1
	if q := firstInCycle(s, guildID, cycle, func(id string) bool { return id != rot.Last }); q != nil {
		return q, cycle
	}
	return firstInCycle(s, guildID, cycle, func(string) bool { return true }), cycle // a single quote
}

// firstInCycle returns the quote with the smallest rotation key among those
// ok accepts.
func firstInCycle(s *facts.Store, guildID string, cycle int, ok func(id string) bool) *facts.Quote {
	var best *facts.Quote
	var bestKey uint64
	for i := range s.Quotes {
		q := &s.Quotes[i]
		if !ok(q.ID) {
			continue
		}
		k := rotationKey(guildID, cycle, q.ID)
		if best == nil || k < bestKey || (k == bestKey && q.ID < best.ID) {
			best, bestKey = q, k
		}
	}
	return best
}

func rotationKey(guildID string, cycle int, quoteID string) uint64 {
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], uint64(cycle))
	h := sha256.New()
	h.Write([]byte(guildID))
	h.Write([]byte{0})
	h.Write(c[:])
	h.Write([]byte(quoteID))
	return binary.BigEndian.Uint64(h.Sum(nil))
}
