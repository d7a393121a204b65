package qotd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// The calendar of the quote of the day.
//
// Schedule rule: a server's quote goes out once per local day, at the
// schedule's HH:MM in its IANA timezone, also across daylight-saving changes.
// A time that does not exist that day (skipped when clocks spring forward)
// goes out at the next valid minute: 02:30 on the spring-forward day in
// America/New_York goes out at 03:00 local. A time that occurs twice (when
// clocks fall back) goes out once, at its first occurrence.
//
// Catch-up rule: after downtime the bot posts today's quote at once if
// today's time has passed, nothing was posted today, and it is still the same
// local day in the schedule's timezone; it never posts for earlier missed
// days. Setting or resuming a schedule after today's time starts tomorrow.

// dateLayout formats local dates, the ledger's key.
const dateLayout = "2006-01-02"

// postTime returns the instant of the post for the local date y-m-d at hh:mm
// in loc, following the schedule rule above. The next valid minute can fall
// on the next date when a gap spans midnight (America/Nuuk skips from 23:00
// to 00:00). ok is false only for a zone without data around that date.
func postTime(y int, m time.Month, d, hh, mm int, loc *time.Location) (time.Time, bool) {
	want := time.Date(y, m, d, hh, mm, 0, 0, time.UTC) // the wall clock asked for
	t := time.Date(y, m, d, hh, mm, 0, 0, loc)
	if got := wall(t); !got.Equal(want) {
		// The wall time falls in a gap; Go resolves it to one side of it.
		// The next valid minute is the instant the gap ends.
		start, end := t.ZoneBounds()
		if got.After(want) {
			t = start // t is already past the gap: its zone began at the gap's end
		} else {
			t = end // t is before the gap: its zone ends where the gap ends
		}
		if t.IsZero() {
			return time.Time{}, false
		}
	} else if start, _ := t.ZoneBounds(); !start.IsZero() {
		// The wall time may occur twice: once in the previous zone, if that
		// zone's clock ran ahead of this one (fall back). Take the first.
		_, off := t.Zone()
		_, prevOff := start.Add(-time.Second).Zone()
		if prevOff > off {
			if first := t.Add(-time.Duration(prevOff-off) * time.Second); first.Before(start) {
				t = first
			}
		}
	}
	return t, true
}

// wall is t's local wall clock as a UTC time, to compare wall clocks.
func wall(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// nextPost returns when schedule s posts next after now and for which local
// date, following the schedule and catch-up rules: today's post is due at
// once (at = now) when its time has passed but today has no post yet. done is
// the last local date that needs no post (posted or given up), "" for none.
// It returns a zero time when no day in the coming week has a post.
func nextPost(s Schedule, done string, loc *time.Location, now time.Time) (time.Time, string) {
	y, m, d := now.In(loc).Date()
	for i := 0; i < 7; i++ {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, time.UTC)
		date := day.Format(dateLayout)
		if done != "" && date <= done {
			continue
		}
		at, ok := postTime(day.Year(), day.Month(), day.Day(), s.Hour, s.Minute, loc)
		if !ok || at.Before(s.Since) {
			continue
		}
		if at.After(now) {
			return at, date
		}
		if i == 0 {
			return now, date // catch-up: same local day, time passed, no post yet
		}
	}
	return time.Time{}, ""
}

// localDate is t's date in loc, as the ledger keys it.
func localDate(t time.Time, loc *time.Location) string { return t.In(loc).Format(dateLayout) }

// laterDate returns the later of two local dates ("" is the earliest).
func laterDate(a, b string) string {
	if a > b {
		return a
	}
	return b
}

// parseHHMM reads a 24-hour time such as 09:00, 9:00 or 21:30; problem is
// the reply when s is not one.
func parseHHMM(s string) (hour, minute int, problem string) {
	bad := fmt.Sprintf("“%s” is not a time: use HH:MM on a 24-hour clock, e.g. 09:00 or 21:30.", commands.Quoted(s, 20))
	h, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(mm) != 2 {
		return 0, 0, bad
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || strings.ContainsAny(h+mm, "+-") {
		return 0, 0, bad
	}
	return hour, minute, ""
}

// hhmm formats a schedule's time of day.
func hhmm(hour, minute int) string { return fmt.Sprintf("%02d:%02d", hour, minute) }

// backoff is the wait before retry number attempt (1-based) of a post
// that failed with a transient error: 30 s doubling up to 15 minutes.
func backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < 15*time.Minute; i++ {
		d *= 2
	}
	return min(d, 15*time.Minute)
}
