package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
)

func TestShardConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		count     string
		ids       string
		wantCount int
		wantIDs   []int
		wantErr   string
	}{
		{name: "unset: Discord's recommendation, every shard"},
		{name: "count only", count: "4", wantCount: 4},
		{name: "a range", count: "4", ids: "0-1", wantCount: 4, wantIDs: []int{0, 1}},
		{name: "a list", count: "8", ids: "4,5", wantCount: 8, wantIDs: []int{4, 5}},
		{name: "mixed, spaced, repeated, unordered", count: "8", ids: " 6, 0-1 ,1,7", wantCount: 8, wantIDs: []int{0, 1, 6, 7}},
		{name: "one shard", count: "1", ids: "0", wantCount: 1, wantIDs: []int{0}},
		{name: "count zero", count: "0", wantErr: "SHARD_COUNT \"0\" is not a whole number of shards"},
		{name: "count negative", count: "-2", wantErr: "SHARD_COUNT \"-2\""},
		{name: "count words", count: "four", wantErr: "SHARD_COUNT \"four\""},
		{name: "count absurd", count: "1000000", wantErr: "the count must be between 1 and 4096"},
		{name: "ids without count", ids: "0-1", wantErr: "SHARD_IDS is set but SHARD_COUNT is not"},
		{name: "id beyond count", count: "4", ids: "2-4", wantErr: "shard 4 does not exist: with 4 shards the ids are 0-3"},
		{name: "backwards range", count: "4", ids: "3-1", wantErr: `the range "3-1" runs backwards`},
		{name: "empty item", count: "4", ids: "0,,1", wantErr: "an empty item"},
		{name: "not a number", count: "4", ids: "0,x", wantErr: `"x" is not a shard id`},
		{name: "negative id", count: "4", ids: "-1", wantErr: `"-1" is not a shard id`},
		{name: "open range", count: "4", ids: "2-", wantErr: `"2-" is not a shard id`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"SHARD_COUNT": tc.count, "SHARD_IDS": tc.ids}
			count, ids, err := shardConfig(func(k string) string { return env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if count != tc.wantCount {
				t.Errorf("count %d, want %d", count, tc.wantCount)
			}
			if diff := cmp.Diff(tc.wantIDs, ids); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

// A bad shard setting stops the binary with one line and the usage code,
// before it touches Discord.
func TestShardConfigStopsTheBinary(t *testing.T) {
	code, _, errOut := runCLI(t, map[string]string{"SHARD_COUNT": "4", "SHARD_IDS": "3-5"}, "", "console")
	if code != exitUsage || !strings.Contains(errOut, "SHARD_IDS") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestClockOffset(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"", 0, false},
		{"-1h30m", -90 * time.Minute, false},
		{" 2.5s ", 2500 * time.Millisecond, false},
		{"tomorrow", 0, true},
		{"5", 0, true},
	} {
		got, err := clockOffset(func(string) string { return tc.in })
		if got != tc.want || (err != nil) != tc.err {
			t.Errorf("clockOffset(%q) = %v, %v", tc.in, got, err)
		}
	}
	c := config{ClockOffset: -time.Hour}
	if d := time.Since(c.featureClock().Now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("the shifted clock is %v behind, want an hour", d)
	}
	if _, ok := (config{}).featureClock().(commands.SystemClock); !ok {
		t.Error("without the variable the clock is the system's")
	}
}
