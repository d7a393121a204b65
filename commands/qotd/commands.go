// Package qotd is the quote of the day: the /qotd command server admins use
// to choose a channel, a local time and a timezone, and the scheduler that
// posts one quote per server per local day, exactly once, through a Store
// that bot/store implements.
package qotd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/facts"
)

// Scheduler is the quote of the day: the /qotd command for server admins and
// the scheduler that posts. Fill the exported fields, put Command() in the
// table, then Start it; Stop ends it. See calendar.go for the schedule and
// catch-up rules and scheduler.go for how each post is made exactly once.
type Scheduler struct {
	Store     *facts.Store
	Clock     commands.Clock
	Schedules Store
	Messenger commands.Messenger
	Channels  ChannelChecker // checked by /qotd set; nil skips the check
	Log       *slog.Logger   // nil discards
	// Workers bounds concurrent sends (default 8); SendTimeout bounds each
	// send (default 30 s), so one slow server never holds up the others.
	Workers     int
	SendTimeout time.Duration
	// Instance names this process in the ledger's claims (see InstanceID in
	// bot/store); "" picks a random one at Start, so a restart cannot take
	// its own old claims over before ClaimTimeout.
	Instance string
	// Owns tells whether this process posts for a guild (its shard); nil
	// means every guild.
	Owns func(guildID string) bool
	// ReloadEvery, when positive, reads every schedule again that often, to
	// follow changes made by other processes (see Reload); 0 never does.
	ReloadEvery time.Duration

	mu          sync.Mutex
	running     bool
	ctx         context.Context
	cancel      context.CancelFunc
	wake        chan struct{}
	wg          sync.WaitGroup
	queue       postQueue
	states      map[string]*guildState // active schedules by guild
	busy        map[string]bool        // guilds a worker is posting for
	gen         uint64
	inflight    int
	timer       commands.Timer
	timerAt     time.Time
	timerSeq    uint64
	instance    string // Instance, or the random one Start picked
	reloadTimer commands.Timer

	locMu    sync.Mutex
	locs     map[string]*time.Location
	zoneOnce sync.Once
	zoneIx   *zoneIndex
}

// Command is the /qotd entry of the command table.
func (q *Scheduler) Command() commands.Command {
	return commands.Command{
		Name:              "qotd",
		Description:       "Quote of the day: a quote from the film's articles, posted daily",
		DefaultPermission: commands.PermManageServer,
		Subcommands: []commands.Command{
			{
				Name: "set", Description: "Post a quote every day in a channel at a local time",
				Options: []commands.Option{
					{Name: "channel", Description: "Where to post", Type: commands.OptionChannel, Required: true},
					{Name: "time", Description: "Local time, HH:MM on a 24-hour clock, e.g. 09:00", Type: commands.OptionString, Required: true, MaxLength: 5},
					{Name: "timezone", Description: "Your timezone: a city (Seoul, Busan, Berlin), an IANA name (Asia/Seoul) or UTC+9", Type: commands.OptionString, Required: true, Autocomplete: true, MaxLength: 64},
				},
				Handler: q.set, Autocomplete: q.autocomplete,
			},
			{Name: "off", Description: "Stop the quote of the day", Handler: q.off},
			{Name: "pause", Description: "Pause the quote of the day", Handler: q.pause},
			{Name: "resume", Description: "Resume a paused or disabled quote of the day", Handler: q.resume},
			{Name: "status", Description: "Channel, time, next and last post", Handler: q.status},
			{Name: "preview", Description: "See the quote that will be posted next (only you see it)", Handler: q.preview},
		},
	}
}

// guard checks that the request comes from a server admin.
func (q *Scheduler) guard(req commands.Request) (commands.Response, bool) {
	if req.GuildID == "" {
		return commands.Unknown("The quote of the day works in a server."), false
	}
	if !req.CanManageServer {
		return commands.Unknown("You need the Manage Server permission to manage the quote of the day."), false
	}
	return commands.Response{}, true
}

func (q *Scheduler) set(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	channel := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(req.Option("channel")), "<#"), ">")
	if channel == "" {
		return commands.Unknown("Pick the channel to post in."), nil
	}
	hour, minute, problem := parseHHMM(req.Option("time"))
	if problem != "" {
		return commands.Unknown(problem), nil
	}
	zone, problem := q.zones().resolve(req.Option("timezone"))
	if problem != "" {
		return commands.Unknown(problem), nil
	}
	loc, err := q.location(zone)
	if err != nil {
		return commands.Response{}, err
	}
	if r, ok, err := q.checkChannel(ctx, req.GuildID, channel); !ok {
		return r, err
	}
	s := Schedule{
		GuildID: req.GuildID, ChannelID: channel, Hour: hour, Minute: minute, Zone: zone,
		Since: q.Clock.Now(), UpdatedBy: req.User.ID,
	}
	s, err = q.save(ctx, s)
	if err != nil {
		return commands.Response{}, err
	}
	msg := fmt.Sprintf("Quote of the day is set: every day at **%s** %s in <#%s>.", hhmm(hour, minute), zoneDisplay(zone), channel)
	if at, _ := nextPost(s, s.LastDate, loc, q.Clock.Now()); !at.IsZero() {
		msg += fmt.Sprintf("\nFirst post: %s (%s).", commands.Timestamp(at, 'F'), commands.Timestamp(at, 'R'))
	}
	return commands.Response{Found: true, Ephemeral: true, Content: msg}, nil
}

// checkChannel asks the ChannelChecker whether the bot can post in channel.
func (q *Scheduler) checkChannel(ctx context.Context, guild, channel string) (commands.Response, bool, error) {
	if q.Channels == nil {
		return commands.Response{}, true, nil
	}
	err := q.Channels.CanPost(ctx, guild, channel)
	switch {
	case err == nil:
		return commands.Response{}, true, nil
	case errors.Is(err, ErrUnknownChannel):
		return commands.Unknown(fmt.Sprintf("I can't find <#%s>. Pick a text channel of this server.", channel)), false, nil
	case errors.Is(err, ErrNoAccess):
		return commands.Unknown(fmt.Sprintf("I can't post in <#%s>: I need the View Channel, Send Messages and Embed Links permissions there. Fix the channel's permissions, then try again.", channel)), false, nil
	}
	// Discord could not be asked: a transient failure, not the admin's.
	q.log().Warn("qotd: cannot check channel permissions", "guild", guild, "channel", channel, "err", err)
	return commands.Unknown(fmt.Sprintf("I couldn't check my permissions in <#%s> right now; please try again in a minute.", channel)), false, nil
}

// save stores s, reads it back (with the ledger's LastDate) and tells the
// scheduler.
func (q *Scheduler) save(ctx context.Context, s Schedule) (Schedule, error) {
	if err := q.Schedules.SaveSchedule(ctx, s); err != nil {
		return s, fmt.Errorf("save quote-of-the-day schedule: %w", err)
	}
	saved, ok, err := q.Schedules.Schedule(ctx, s.GuildID)
	if err != nil || !ok {
		return s, fmt.Errorf("read back quote-of-the-day schedule (found %v): %w", ok, err)
	}
	q.track(saved.GuildID, &saved)
	return saved, nil
}

// load fetches the server's schedule; the Response says it is not set up.
func (q *Scheduler) load(ctx context.Context, req commands.Request) (Schedule, commands.Response, bool, error) {
	s, ok, err := q.Schedules.Schedule(ctx, req.GuildID)
	if err != nil {
		return s, commands.Response{}, false, fmt.Errorf("load quote-of-the-day schedule: %w", err)
	}
	if !ok {
		return s, commands.Unknown("The quote of the day is not set up here. Use `/qotd set channel time timezone`."), false, nil
	}
	return s, commands.Response{}, true, nil
}

func (q *Scheduler) off(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	if _, r, ok, err := q.load(ctx, req); !ok {
		return r, err
	}
	if err := q.Schedules.DeleteSchedule(ctx, req.GuildID); err != nil {
		return commands.Response{}, fmt.Errorf("delete quote-of-the-day schedule: %w", err)
	}
	q.track(req.GuildID, nil)
	return commands.Response{Found: true, Ephemeral: true, Content: "The quote of the day is off. `/qotd set` turns it on again."}, nil
}

func (q *Scheduler) pause(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	s, r, ok, err := q.load(ctx, req)
	if !ok {
		return r, err
	}
	if s.Paused {
		return commands.Response{Found: true, Ephemeral: true, Content: "The quote of the day is already paused. `/qotd resume` continues it."}, nil
	}
	s.Paused, s.UpdatedBy = true, req.User.ID
	if _, err := q.save(ctx, s); err != nil {
		return commands.Response{}, err
	}
	return commands.Response{Found: true, Ephemeral: true, Content: "The quote of the day is paused. `/qotd resume` continues it."}, nil
}

func (q *Scheduler) resume(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	s, r, ok, err := q.load(ctx, req)
	if !ok {
		return r, err
	}
	if s.Active() {
		return commands.Response{Found: true, Ephemeral: true, Content: "The quote of the day is not paused. `/qotd status` shows the next post."}, nil
	}
	if s.Disabled != "" {
		if r, ok, err := q.checkChannel(ctx, s.GuildID, s.ChannelID); !ok {
			return r, err
		}
	}
	s.Paused, s.Disabled, s.DisabledAt = false, "", time.Time{}
	s.Since, s.UpdatedBy = q.Clock.Now(), req.User.ID
	if s, err = q.save(ctx, s); err != nil {
		return commands.Response{}, err
	}
	msg := fmt.Sprintf("The quote of the day is back on in <#%s>.", s.ChannelID)
	if loc, err := q.location(s.Zone); err == nil {
		if at, _ := nextPost(s, s.LastDate, loc, q.Clock.Now()); !at.IsZero() {
			msg += fmt.Sprintf(" Next post: %s (%s).", commands.Timestamp(at, 'F'), commands.Timestamp(at, 'R'))
		}
	}
	return commands.Response{Found: true, Ephemeral: true, Content: msg}, nil
}

func (q *Scheduler) status(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	s, r, ok, err := q.load(ctx, req)
	if !ok {
		return r, err
	}
	now := q.Clock.Now()
	card := &commands.Card{Title: "Quote of the day", Color: commands.ColorPink, Fields: []commands.Field{
		{Name: "Channel", Value: "<#" + s.ChannelID + ">", Inline: true},
		{Name: "Time", Value: hhmm(s.Hour, s.Minute) + " " + zoneDisplay(s.Zone) + ", every day", Inline: true},
	}}
	next := "—"
	switch {
	case s.Disabled != "":
		card.Description = "⚠️ " + disabledNote(s)
		card.Color = commands.ColorRed
	case s.Paused:
		card.Description = "Paused. `/qotd resume` continues it."
	default:
		at, ok := q.pending(s.GuildID)
		if !ok {
			if loc, err := q.location(s.Zone); err == nil {
				at, _ = nextPost(s, s.LastDate, loc, now)
			}
		}
		if !at.IsZero() {
			next = fmt.Sprintf("%s (%s)", commands.Timestamp(at, 'F'), commands.Timestamp(at, 'R'))
		}
	}
	card.Fields = append(card.Fields, commands.Field{Name: "Next post", Value: next})
	last, ok, err := q.Schedules.LastPost(ctx, s.GuildID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("read quote-of-the-day ledger: %w", err)
	}
	lastText := "none yet"
	if ok {
		lastText = fmt.Sprintf("%s (%s) in <#%s>", commands.Timestamp(last.PostedAt, 'F'), commands.Timestamp(last.PostedAt, 'R'), last.ChannelID)
		if quote, found := q.Store.Quote(last.QuoteID); found {
			text := commands.Clip("“"+quote.Text+"”", 120)
			if quote.Spoiler {
				text = commands.Spoiler(text)
			}
			lastText += ": " + text
		}
	}
	card.Fields = append(card.Fields, commands.Field{Name: "Last post", Value: lastText})
	return commands.Response{Found: true, Ephemeral: true, Card: card}, nil
}

// disabledNote explains why a failure turned a schedule off.
func disabledNote(s Schedule) string {
	why := fmt.Sprintf("I could not post in <#%s>", s.ChannelID)
	switch s.Disabled {
	case DisabledUnknownChannel:
		why = fmt.Sprintf("the channel <#%s> no longer exists", s.ChannelID)
	case DisabledNoAccess:
		why = fmt.Sprintf("I lost permission to post in <#%s>", s.ChannelID)
	}
	when := ""
	if !s.DisabledAt.IsZero() {
		when = " " + commands.Timestamp(s.DisabledAt, 'R')
	}
	return fmt.Sprintf("Disabled%s: %s. Fix it and run `/qotd resume`, or `/qotd set` another channel.", when, why)
}

func (q *Scheduler) preview(ctx context.Context, req commands.Request) (commands.Response, error) {
	if r, ok := q.guard(req); !ok {
		return r, nil
	}
	rot, err := q.Schedules.Rotation(ctx, req.GuildID)
	if err != nil {
		return commands.Response{}, fmt.Errorf("read quote-of-the-day rotation: %w", err)
	}
	quote, _ := nextQuote(q.Store, req.GuildID, rot)
	if quote == nil {
		return commands.Unknown("I have no quotes yet."), nil
	}
	r := postCard(q.Store, quote)
	r.Ephemeral = true
	r.Content = "Preview: the quote of the day I will post next."
	return r, nil
}

func (q *Scheduler) autocomplete(_ context.Context, req commands.Request) (commands.Response, error) {
	if req.Focused != "timezone" {
		return commands.Response{Found: true}, nil
	}
	ix, now := q.zones(), q.Clock.Now()
	var out []commands.Choice
	for _, name := range ix.complete(req.Option("timezone"), 25) {
		loc, _ := q.location(name)
		out = append(out, commands.Choice{Name: ix.zoneLabel(name, loc, now), Value: name})
	}
	return commands.Response{Found: len(out) > 0, Choices: out}, nil
}

func (q *Scheduler) zones() *zoneIndex {
	q.zoneOnce.Do(func() { q.zoneIx = newZoneIndex() })
	return q.zoneIx
}

// location loads a stored zone once per name: an IANA name, or a fixed
// offset such as UTC+05:30 (offsets.go).
func (q *Scheduler) location(name string) (*time.Location, error) {
	q.locMu.Lock()
	defer q.locMu.Unlock()
	if loc, ok := q.locs[name]; ok {
		return loc, nil
	}
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("timezone %q is not an IANA name", name)
	}
	loc, fixed := fixedZone(name)
	if !fixed {
		var err error
		if loc, err = time.LoadLocation(name); err != nil {
			return nil, fmt.Errorf("load timezone %s: %w", name, err)
		}
	}
	if q.locs == nil {
		q.locs = map[string]*time.Location{}
	}
	q.locs[name] = loc
	return loc, nil
}

func (q *Scheduler) log() *slog.Logger {
	if q.Log != nil {
		return q.Log
	}
	return slog.New(slog.DiscardHandler)
}
