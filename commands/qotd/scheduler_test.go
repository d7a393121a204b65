package qotd_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// TestQOTDRestartAtEveryStep crashes the bot at each step of a post, on
// consecutive days, and restarts it over the same database a minute later:
// every day gets exactly one post.
func TestQOTDRestartAtEveryStep(t *testing.T) {
	const zone = "Asia/Seoul"
	steps := []string{"before send", "after send, before recording", "after recording"}
	for _, step := range steps {
		t.Run(step, func(t *testing.T) {
			e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 10)
			e.start()
			e.set("g1", "ch1", "09:00", zone)
			for day := 1; day <= 3; day++ {
				date := fmt.Sprintf("2024-05-%02d", day)
				// The process that crashes at the step.
				var crashed atomic.Bool
				switch step {
				case "before send":
					e.discord.SetFail(func(context.Context, commands.Message) error {
						if crashed.CompareAndSwap(false, true) {
							return errCrash
						}
						return nil
					})
					e.restart(nil)
				case "after send, before recording":
					e.restart(func(s qotd.Store) qotd.Store {
						return &crashStore{Store: s, BeforeRecord: func() bool { return crashed.CompareAndSwap(false, true) }}
					})
				case "after recording":
					e.restart(nil)
				}
				e.runUntil(at(t, zone, date+" 09:00"))
				if !crashed.Load() && step != "after recording" {
					t.Fatalf("day %d: the crash step was not reached", day)
				}
				// The crashed process is gone; a new one starts a minute later
				// (within Discord's nonce window).
				e.close()
				e.discord.SetFail(nil)
				e.clock.Set(at(t, zone, date+" 09:01"))
				e.open(nil)
				e.start()
				e.runUntil(at(t, zone, date+" 23:59"))
				if got := e.discord.PostsIn("ch1"); len(got) != day {
					t.Fatalf("day %d: %d posts, want %d: %v", day, len(got), day, localTimes(got, zone))
				}
				p, ok, err := e.db.QOTD().Post(context.Background(), "g1", date)
				if err != nil || !ok {
					t.Fatalf("day %d: ledger has no row (%v)", day, err)
				}
				if last := e.discord.PostsIn("ch1")[day-1]; p.MessageID != last.ID || p.QuoteID != last.QuoteID {
					t.Fatalf("day %d: ledger %+v does not match the post %+v", day, p, last)
				}
				e.runUntil(at(t, zone, date+" 23:59").Add(9 * time.Hour)) // to 08:59 the next day
			}
		})
	}
}

// TestQOTDDaylightSaving posts across spring forward and fall back in New
// York and Berlin: a missing time goes out at the next valid minute, a
// doubled one once, at its first occurrence.
func TestQOTDDaylightSaving(t *testing.T) {
	tests := []struct {
		zone, hm, from, to string
		want               []string // UTC instants of the posts
	}{
		{"America/New_York", "02:30", "2024-03-09 00:00", "2024-03-11 23:00", []string{
			"2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z" /* 03:00 EDT */, "2024-03-11T06:30:00Z"}},
		{"America/New_York", "01:30", "2024-11-02 00:00", "2024-11-04 23:00", []string{
			"2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z" /* first 01:30, EDT */, "2024-11-04T06:30:00Z"}},
		{"Europe/Berlin", "02:30", "2024-03-30 00:00", "2024-04-01 23:00", []string{
			"2024-03-30T01:30:00Z", "2024-03-31T01:00:00Z" /* 03:00 CEST */, "2024-04-01T00:30:00Z"}},
		{"Europe/Berlin", "02:30", "2024-10-26 00:00", "2024-10-28 23:00", []string{
			"2024-10-26T00:30:00Z", "2024-10-27T00:30:00Z" /* first 02:30, CEST */, "2024-10-28T01:30:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.zone+" "+tc.from, func(t *testing.T) {
			e := newEnv(t, at(t, tc.zone, tc.from), 5)
			e.start()
			e.set("g", "ch", tc.hm, tc.zone)
			e.runUntil(at(t, tc.zone, tc.to))
			var got []string
			for _, p := range e.discord.Posts() {
				got = append(got, p.At.UTC().Format(time.RFC3339))
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("posts at %v (%v), want %v", got, localTimes(e.discord.Posts(), tc.zone), tc.want)
			}
		})
	}
}

func TestQOTDPauseResume(t *testing.T) {
	const zone = "Europe/Berlin"
	e := newEnv(t, at(t, zone, "2024-06-01 08:00"), 5)
	e.start()
	e.set("g", "ch", "09:00", zone)
	e.runUntil(at(t, zone, "2024-06-01 12:00"))
	if r := e.do("g", "pause", nil); !strings.Contains(r.Content, "paused") {
		t.Fatalf("pause: %q", r.Content)
	}
	if r := e.do("g", "status", nil); !strings.Contains(r.Card.Description, "Paused") {
		t.Errorf("status while paused: %+v", r.Card)
	}
	e.runUntil(at(t, zone, "2024-06-03 08:00")) // two days paused, across a restart
	e.restart(nil)
	e.runUntil(at(t, zone, "2024-06-03 08:30"))
	if n := len(e.discord.Posts()); n != 1 {
		t.Fatalf("%d posts while paused, want only the first day's", n)
	}
	e.do("g", "resume", nil) // before today's time: today posts
	e.runUntil(at(t, zone, "2024-06-03 12:00"))
	e.do("g", "pause", nil)
	e.runUntil(at(t, zone, "2024-06-04 10:00"))
	if r := e.do("g", "resume", nil); !strings.Contains(r.Content, "<t:") { // after today's time: tomorrow
		t.Errorf("resume: %q", r.Content)
	}
	e.runUntil(at(t, zone, "2024-06-05 12:00"))
	want := []string{"2024-06-01 09:00:00 CEST", "2024-06-03 09:00:00 CEST", "2024-06-05 09:00:00 CEST"}
	if got := localTimes(e.discord.Posts(), zone); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("posts %v, want %v", got, want)
	}
}

// TestQOTDCatchUp checks the catch-up rule: after downtime, today's post goes
// out once if its time has passed on the same local day; missed days are
// never posted.
func TestQOTDCatchUp(t *testing.T) {
	const zone = "America/New_York"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 5)
	e.start()
	e.set("g", "ch", "09:00", zone)
	e.runUntil(at(t, zone, "2024-05-01 10:00"))

	// Down from 08:00 to 10:00 on May 2: today's post goes out at start, once.
	e.clock.Set(at(t, zone, "2024-05-02 08:00"))
	e.close()
	e.clock.Set(at(t, zone, "2024-05-02 10:00"))
	e.open(nil)
	e.start()
	e.restart(nil) // and a second restart the same day posts nothing more
	e.runUntil(at(t, zone, "2024-05-02 23:00"))

	// Down all of May 3, back on May 4 at 08:00: nothing for May 3.
	e.close()
	e.clock.Set(at(t, zone, "2024-05-04 08:00"))
	e.open(nil)
	e.start()
	if n := len(e.discord.Posts()); n != 2 {
		t.Fatalf("%d posts after the missed day, want 2", n)
	}
	e.runUntil(at(t, zone, "2024-05-04 10:00"))

	// Down over midnight: back on May 6 at 00:30 (May 5 was missed): nothing
	// until May 6 09:00.
	e.close()
	e.clock.Set(at(t, zone, "2024-05-06 00:30"))
	e.open(nil)
	e.start()
	e.runUntil(at(t, zone, "2024-05-06 10:00"))

	want := []string{"2024-05-01 09:00:00 EDT", "2024-05-02 10:00:00 EDT", "2024-05-04 09:00:00 EDT", "2024-05-06 09:00:00 EDT"}
	if got := localTimes(e.discord.Posts(), zone); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("posts %v, want %v", got, want)
	}
}

// TestQOTDRotationAcrossReopen posts every quote once per cycle, in the same
// order whether or not the database is reopened every day.
func TestQOTDRotationAcrossReopen(t *testing.T) {
	const zone, quotes, days = "Asia/Seoul", 7, 23
	run := func(reopen bool) []string {
		e := newEnv(t, at(t, zone, "2024-01-01 08:00"), quotes)
		e.start()
		e.set("g", "ch", "09:00", zone)
		for d := 0; d < days; d++ {
			if reopen {
				e.restart(nil)
			}
			e.runUntil(e.clock.Now().Add(24 * time.Hour))
		}
		var ids []string
		for _, p := range e.discord.Posts() {
			ids = append(ids, p.QuoteID)
		}
		return ids
	}
	reopened, straight := run(true), run(false)
	if len(reopened) != days {
		t.Fatalf("%d posts, want %d", len(reopened), days)
	}
	if strings.Join(reopened, ",") != strings.Join(straight, ",") {
		t.Errorf("order differs across reopen:\n%v\n%v", reopened, straight)
	}
	for c := 0; c+quotes <= days; c += quotes {
		seen := map[string]bool{}
		for _, id := range reopened[c : c+quotes] {
			seen[id] = true
		}
		if len(seen) != quotes {
			t.Errorf("cycle at %d repeats before using every quote: %v", c, reopened[c:c+quotes])
		}
	}
	for i := 1; i < len(reopened); i++ {
		if reopened[i] == reopened[i-1] {
			t.Errorf("the same quote two days running at %d: %v", i, reopened)
		}
	}
}

// TestQOTDPreviewShowsNextPost checks /qotd preview against what is posted.
func TestQOTDPreviewShowsNextPost(t *testing.T) {
	const zone = "Asia/Seoul"
	e := newEnv(t, at(t, zone, "2024-01-01 08:00"), 5)
	e.start()
	e.set("g", "ch", "09:00", zone)
	for d := 0; d < 6; d++ {
		r := e.do("g", "preview", nil)
		if !r.Ephemeral || r.Card == nil {
			t.Fatalf("preview: %+v", r)
		}
		e.runUntil(e.clock.Now().Add(24 * time.Hour))
		posts := e.discord.Posts()
		if got := posts[len(posts)-1].QuoteID; got != quoteIDOf(r) {
			t.Fatalf("day %d: preview showed %s, posted %s", d, quoteIDOf(r), got)
		}
	}
}

func quoteIDOf(r commands.Response) string { return quoteID(r) }

// TestQOTDDeletedChannelDisables checks that Unknown Channel disables the
// schedule with a log line and a note in /qotd status, and that other
// servers are unaffected.
func TestQOTDDeletedChannelDisables(t *testing.T) {
	for _, tc := range []struct {
		err  error
		note string
	}{
		{fmt.Errorf("discord: 404 (10003): %w", qotd.ErrUnknownChannel), "no longer exists"},
		{fmt.Errorf("discord: 403 (50013): %w", qotd.ErrNoAccess), "lost permission"},
	} {
		t.Run(tc.note, func(t *testing.T) {
			const zone = "Europe/Berlin"
			e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 3)
			e.start()
			e.set("gone", "deleted", "09:00", zone)
			e.set("ok", "fine", "09:00", zone)
			var mu sync.Mutex
			attempts := 0
			e.discord.SetFail(func(_ context.Context, m commands.Message) error {
				if m.ChannelID == "deleted" {
					mu.Lock()
					attempts++
					mu.Unlock()
					return tc.err
				}
				return nil
			})
			e.runUntil(at(t, zone, "2024-05-03 12:00"))
			e.restart(nil) // stays disabled after a restart
			e.runUntil(at(t, zone, "2024-05-04 12:00"))
			if attempts != 1 {
				t.Errorf("%d attempts on the deleted channel, want 1", attempts)
			}
			if n := len(e.discord.PostsIn("fine")); n != 4 {
				t.Errorf("the healthy server posted %d times, want 4", n)
			}
			if !strings.Contains(e.logs.String(), "schedule disabled") {
				t.Errorf("no log line:\n%s", e.logs.String())
			}
			r := e.do("gone", "status", nil)
			if r.Card == nil || !strings.Contains(r.Card.Description, tc.note) || !strings.Contains(r.Card.Description, "Disabled") {
				t.Fatalf("status: %+v", r.Card)
			}
			// Fixed: resume posts again from the next day.
			e.discord.SetFail(nil)
			if r := e.do("gone", "resume", nil); !r.Found {
				t.Fatalf("resume: %q", r.Content)
			}
			e.runUntil(at(t, zone, "2024-05-05 12:00"))
			if n := len(e.discord.PostsIn("deleted")); n != 1 {
				t.Errorf("%d posts after resume, want 1", n)
			}
		})
	}
}

// TestQOTDTransientErrorsRetrySameDay retries 429-like errors with backoff
// and gives up at the end of the local day, never posting for it later.
func TestQOTDTransientErrorsRetrySameDay(t *testing.T) {
	const zone = "America/New_York"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 3)
	e.start()
	e.set("g", "ch", "09:00", zone)
	var fails atomic.Int32
	e.discord.SetFail(func(context.Context, commands.Message) error {
		if fails.Add(1) <= 3 {
			return fmt.Errorf("HTTP 429: you are being rate limited")
		}
		return nil
	})
	e.runUntil(at(t, zone, "2024-05-01 12:00"))
	// 30 s, 1 min and 2 min of backoff: posted at 09:03:30.
	if got := localTimes(e.discord.Posts(), zone); len(got) != 1 || got[0] != "2024-05-01 09:03:30 EDT" {
		t.Fatalf("posts %v", got)
	}

	// Failing all of May 2 from 23:00: retries stop at midnight, May 3 posts.
	e.set("g", "ch", "23:00", zone)
	e.discord.SetFail(func(context.Context, commands.Message) error { return fmt.Errorf("HTTP 502") })
	before := e.discord.Sends()
	e.runUntil(at(t, zone, "2024-05-03 00:30"))
	// 23:00, then after 30 s, 1, 2, 4, 8, 15 and 15 minutes (23:45:30); the
	// next would be past midnight.
	if sends := e.discord.Sends() - before; sends != 8 {
		t.Errorf("%d sends on May 2, want 8", sends)
	}
	if due, ok := e.q.Due("g"); !ok || !due.Equal(at(t, zone, "2024-05-03 23:00")) {
		t.Errorf("next attempt %v, want May 3 23:00", due)
	}
	e.discord.SetFail(nil)
	e.runUntil(at(t, zone, "2024-05-03 23:30"))
	if got := localTimes(e.discord.Posts(), zone); len(got) != 2 || got[1] != "2024-05-03 23:00:00 EDT" {
		t.Errorf("posts %v", got)
	}
}
