package qotd

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the same zone data the binary embeds
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestPostTimeAcrossDST(t *testing.T) {
	tests := []struct {
		name   string
		zone   string
		date   string
		hh, mm int
		want   string // UTC instant
	}{
		{"NY ordinary day", "America/New_York", "2024-03-09", 2, 30, "2024-03-09T07:30:00Z"},
		{"NY spring forward: 02:30 does not exist, goes out at 03:00 EDT", "America/New_York", "2024-03-10", 2, 30, "2024-03-10T07:00:00Z"},
		{"NY spring forward: 02:00 goes out at 03:00 EDT", "America/New_York", "2024-03-10", 2, 0, "2024-03-10T07:00:00Z"},
		{"NY spring forward: 02:59 goes out at 03:00 EDT", "America/New_York", "2024-03-10", 2, 59, "2024-03-10T07:00:00Z"},
		{"NY spring forward: 03:00 is itself", "America/New_York", "2024-03-10", 3, 0, "2024-03-10T07:00:00Z"},
		{"NY spring forward: 01:59 is still EST", "America/New_York", "2024-03-10", 1, 59, "2024-03-10T06:59:00Z"},
		{"NY day after spring forward", "America/New_York", "2024-03-11", 2, 30, "2024-03-11T06:30:00Z"},
		{"NY fall back: 01:30 twice, first (EDT)", "America/New_York", "2024-11-03", 1, 30, "2024-11-03T05:30:00Z"},
		{"NY fall back: 01:00 twice, first (EDT)", "America/New_York", "2024-11-03", 1, 0, "2024-11-03T05:00:00Z"},
		{"NY fall back: 02:00 once (EST)", "America/New_York", "2024-11-03", 2, 0, "2024-11-03T07:00:00Z"},
		{"NY fall back: 00:59 once (EDT)", "America/New_York", "2024-11-03", 0, 59, "2024-11-03T04:59:00Z"},
		{"Berlin spring forward: 02:30 goes out at 03:00 CEST", "Europe/Berlin", "2024-03-31", 2, 30, "2024-03-31T01:00:00Z"},
		{"Berlin spring forward: 01:59 CET", "Europe/Berlin", "2024-03-31", 1, 59, "2024-03-31T00:59:00Z"},
		{"Berlin fall back: 02:30 twice, first (CEST)", "Europe/Berlin", "2024-10-27", 2, 30, "2024-10-27T00:30:00Z"},
		{"Berlin fall back: 02:00 twice, first (CEST)", "Europe/Berlin", "2024-10-27", 2, 0, "2024-10-27T00:00:00Z"},
		{"Berlin fall back: 03:00 once (CET)", "Europe/Berlin", "2024-10-27", 3, 0, "2024-10-27T02:00:00Z"},
		{"Seoul has no DST", "Asia/Seoul", "2024-03-10", 9, 0, "2024-03-10T00:00:00Z"},
		{"Lord Howe half-hour spring forward", "Australia/Lord_Howe", "2024-10-06", 2, 15, "2024-10-05T15:30:00Z"},
		{"Havana midnight gap: 00:30 goes out at 01:00", "America/Havana", "2024-03-10", 0, 30, "2024-03-10T05:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustLoc(t, tc.zone)
			d, _ := time.Parse(dateLayout, tc.date)
			got, ok := postTime(d.Year(), d.Month(), d.Day(), tc.hh, tc.mm, loc)
			if !ok {
				t.Fatal("no post time")
			}
			if want, _ := time.Parse(time.RFC3339, tc.want); !got.Equal(want) {
				t.Errorf("got %s (%s), want %s", got.UTC().Format(time.RFC3339), got.In(loc), tc.want)
			}
		})
	}
}

// TestPostTimeEveryZoneAndDay checks the rule on every listed zone for two
// years of days and four times of day: one post per local date, at the
// asked wall time (its first occurrence) or the first valid minute after it.
func TestPostTimeEveryZoneAndDay(t *testing.T) {
	times := [][2]int{{0, 0}, {0, 30}, {2, 30}, {23, 59}}
	if testing.Short() {
		times = [][2]int{{0, 30}, {2, 30}}
	}
	for _, z := range zoneList() {
		loc := mustLoc(t, z.Name)
		for _, hm := range times {
			var prev time.Time
			for day := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() < 2026; day = day.AddDate(0, 0, 1) {
				at, ok := postTime(day.Year(), day.Month(), day.Day(), hm[0], hm[1], loc)
				if !ok {
					t.Errorf("%s %s %02d:%02d: no post", z.Name, day.Format(dateLayout), hm[0], hm[1])
					continue
				}
				local := at.In(loc)
				want := time.Date(day.Year(), day.Month(), day.Day(), hm[0], hm[1], 0, 0, time.UTC)
				if w := wall(local); w.Before(want) || (local.Format(dateLayout) != day.Format(dateLayout) && w.Equal(want)) {
					t.Errorf("%s %s %02d:%02d: got %s", z.Name, day.Format(dateLayout), hm[0], hm[1], local)
				}
				if !wall(local).Equal(want) {
					// Moved forward by a gap: no earlier instant has a wall
					// time at or after the one asked for.
					if before := at.Add(-time.Minute).In(loc); !wall(before).Before(want) {
						t.Errorf("%s %s: %s is not the first valid minute", z.Name, day.Format(dateLayout), local)
					}
				} else if earlier := at.Add(-time.Hour).In(loc); wall(earlier).Equal(want) || wall(at.Add(-30*time.Minute).In(loc)).Equal(want) {
					t.Errorf("%s %s: %s is not the first occurrence", z.Name, day.Format(dateLayout), local)
				}
				if !prev.IsZero() && !at.After(prev) {
					t.Errorf("%s %s: %s not after the previous post %s", z.Name, day.Format(dateLayout), at, prev)
				}
				prev = at
			}
		}
	}
}

func TestQOTDNextFollowsCatchUpRule(t *testing.T) {
	seoul := mustLoc(t, "Asia/Seoul")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, seoul)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := Schedule{Hour: 9, Minute: 0, Zone: "Asia/Seoul", Since: at("2024-05-01 08:00")}
	tests := []struct {
		name      string
		done      string
		since     string
		now       string
		wantAt    string
		wantDate  string
		wantNowAt bool // due at once
	}{
		{"before today's time", "", "", "2024-05-02 08:59", "2024-05-02 09:00", "2024-05-02", false},
		{"after today's time, no post today: catch up now", "2024-05-01", "", "2024-05-02 10:00", "", "2024-05-02", true},
		{"after today's time, posted today: tomorrow", "2024-05-02", "", "2024-05-02 10:00", "2024-05-03 09:00", "2024-05-03", false},
		{"late evening still the same local day: catch up", "2024-05-01", "", "2024-05-02 23:59", "", "2024-05-02", true},
		{"missed yesterday, before today's time: no post for yesterday", "2024-04-30", "", "2024-05-02 08:00", "2024-05-02 09:00", "2024-05-02", false},
		{"set after today's time: tomorrow", "", "2024-05-02 15:00", "2024-05-02 15:00", "2024-05-03 09:00", "2024-05-03", false},
		{"set before today's time: today", "", "2024-05-02 07:00", "2024-05-02 07:00", "2024-05-02 09:00", "2024-05-02", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := s
			if tc.since != "" {
				s.Since = at(tc.since)
			}
			now := at(tc.now)
			got, date := nextPost(s, tc.done, seoul, now)
			want := now
			if !tc.wantNowAt {
				want = at(tc.wantAt)
			}
			if !got.Equal(want) || date != tc.wantDate {
				t.Errorf("got %s for %s, want %s for %s", got.In(seoul), date, want.In(seoul), tc.wantDate)
			}
		})
	}
}

func TestParseHHMM(t *testing.T) {
	for in, want := range map[string][2]int{"09:00": {9, 0}, "9:05": {9, 5}, " 21:30 ": {21, 30}, "00:00": {0, 0}, "23:59": {23, 59}} {
		h, m, problem := parseHHMM(in)
		if problem != "" || h != want[0] || m != want[1] {
			t.Errorf("parseHHMM(%q) = %d, %d, %q", in, h, m, problem)
		}
	}
	for _, in := range []string{"", "24:00", "9", "9am", "12:60", "-1:00", "+9:00", "1:5", "0930", "09:00:00"} {
		if _, _, problem := parseHHMM(in); !strings.Contains(problem, "HH:MM") {
			t.Errorf("parseHHMM(%q) = %q, want a HH:MM hint", in, problem)
		}
	}
}

func TestQOTDBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("attempt %d: %s, want %s", i+1, got, w)
		}
	}
}

func TestQOTDNonce(t *testing.T) {
	a := postNonce("123456789012345678", "2024-05-02")
	if len(a) > 25 || a != postNonce("123456789012345678", "2024-05-02") {
		t.Fatalf("nonce %q: want ≤ 25 characters and stable", a)
	}
	if a == postNonce("123456789012345678", "2024-05-03") || a == postNonce("123456789012345679", "2024-05-02") {
		t.Fatal("nonces of different days or guilds collide")
	}
}
