package qotd

import (
	"context"
	"errors"
	"time"
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

// Reasons a schedule was disabled by a failure (Schedule.Disabled).
const (
	DisabledUnknownChannel = "unknown_channel"
	DisabledNoAccess       = "no_access"
)

// Schedule is one server's quote of the day.
type Schedule struct {
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
	// (DisabledUnknownChannel, DisabledNoAccess); "" when healthy.
	Disabled   string
	DisabledAt time.Time
	UpdatedBy  string // user id of the admin who last changed it
	// LastDate is the local date (YYYY-MM-DD) of the last completed post, read
	// from the ledger; stores ignore it when saving.
	LastDate string
}

// Active reports whether the scheduler should post for s.
func (s Schedule) Active() bool { return !s.Paused && s.Disabled == "" }

// Post is one row of the ledger: the post of a server for a local date.
type Post struct {
	GuildID   string
	Date      string // local date, YYYY-MM-DD, in the schedule's zone
	ChannelID string
	MessageID string
	QuoteID   string
	Cycle     int    // rotation cycle the quote belongs to
	Nonce     string // the nonce the post was sent with
	PostedAt  time.Time
}

// ClaimTimeout is how long a claim on a day's post holds against other
// processes. A live holder finishes an attempt (completes or releases it)
// within SendTimeout and two store calls, well inside it; a claim older than
// this belongs to a process that died between claim and completion, and may
// be taken over. It stays within Discord's nonce window of a few minutes, so
// the takeover's send, with the same nonce, returns the dead process's
// message if that one did reach Discord.
const ClaimTimeout = 2 * time.Minute

// Claim is the answer of Store.ClaimPost.
type Claim struct {
	Won    bool      // this instance holds the claim: send, then CompletePost or ReleaseClaim
	Posted bool      // the day's post is complete: nothing to do
	Holder string    // the instance holding the claim, when neither
	Until  time.Time // when that claim may be taken over
}

// Rotation is where a server is in its walk through the quotes.
type Rotation struct {
	Cycle int      // how many full passes through the quotes came before
	Used  []string // quote ids already posted in this cycle
	Last  string   // the quote posted last, never first of the next cycle
}

// Store persists schedules, the ledger and the rotation. bot/store
// implements it over SQLite and PostgreSQL.
type Store interface {
	// Schedules returns every schedule, LastDate filled in.
	Schedules(ctx context.Context) ([]Schedule, error)
	// Schedule returns a server's schedule, LastDate filled in.
	Schedule(ctx context.Context, guildID string) (Schedule, bool, error)
	// SaveSchedule inserts or replaces a schedule.
	SaveSchedule(ctx context.Context, s Schedule) error
	// DeleteSchedule removes a schedule; the ledger and rotation stay.
	DeleteSchedule(ctx context.Context, guildID string) error
	// DisableSchedule marks a schedule disabled by a failure, unless its channel
	// is no longer channelID (an admin moved it meanwhile).
	DisableSchedule(ctx context.Context, guildID, channelID, reason string, at time.Time) error
	// Post returns the completed ledger row of a server for a local date.
	Post(ctx context.Context, guildID, date string) (Post, bool, error)
	// LastPost returns the latest completed ledger row of a server.
	LastPost(ctx context.Context, guildID string) (Post, bool, error)
	// ClaimPost claims a server's post for a local date for instance before
	// it is sent. The ledger's key (server, date) lets one claim win however
	// many processes try at once; a claim by the same instance, or one older
	// than ClaimTimeout, is won again (taken over).
	ClaimPost(ctx context.Context, guildID, date, instance string) (Claim, error)
	// CompletePost records the sent post p on the claim instance holds and
	// marks its quote used in cycle p.Cycle (starting that cycle afresh when
	// it is newer), atomically. It reports false, changing nothing, when the
	// claim is no longer instance's (it was taken over).
	CompletePost(ctx context.Context, p Post, instance string) (bool, error)
	// ReleaseClaim drops instance's unfinished claim, so that another attempt
	// may post.
	ReleaseClaim(ctx context.Context, guildID, date, instance string) error
	// Rotation returns a server's rotation state (zero when none).
	Rotation(ctx context.Context, guildID string) (Rotation, error)
}
