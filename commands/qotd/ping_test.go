package qotd_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands/qotd"
)

// needsChecker records what /qotd asked of each channel and answers per
// role.
type needsChecker struct {
	mu    sync.Mutex
	asked []qotd.PostNeeds
	roles map[string]error
}

func (c *needsChecker) CanPost(_ context.Context, _, _ string, n qotd.PostNeeds) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, n)
	return c.roles[n.Role]
}

func TestQOTDSetRoleAndThread(t *testing.T) {
	const zone = "Asia/Seoul"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 3)
	check := &needsChecker{roles: map[string]error{
		"404": fmt.Errorf("gone: %w", qotd.ErrUnknownRole),
		"403": fmt.Errorf("not mentionable: %w", qotd.ErrNoAccess),
	}}
	e.q.Channels = check
	e.start()
	set := func(opts map[string]string) string {
		t.Helper()
		o := map[string]string{"channel": "ch", "time": "09:00", "timezone": zone}
		for k, v := range opts {
			o[k] = v
		}
		r := e.do("g1", "set", o)
		return r.Content
	}
	refusals := []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{"role": "g1"}, "never pings @everyone"}, // @everyone's id is the server's
		{map[string]string{"role": "@everyone"}, "never pings @everyone"},
		{map[string]string{"role": "@here"}, "never pings @everyone or @here"},
		{map[string]string{"role": "fans"}, "Pick the role to ping"},
		{map[string]string{"thread": "maybe"}, "thread is true or false"},
		{map[string]string{"role": "404"}, "can't find the role <@&404>"},
		{map[string]string{"role": "403", "thread": "true"}, "Create Public Threads, and to ping <@&403> either Mention All Roles"},
	}
	for _, tc := range refusals {
		if got := set(tc.opts); !strings.Contains(got, tc.want) {
			t.Errorf("set %v: %q, want %q", tc.opts, got, tc.want)
		}
	}
	if _, ok, _ := e.db.QOTD().Schedule(context.Background(), "g1"); ok {
		t.Fatal("a refused schedule was saved")
	}
	got := set(map[string]string{"role": "<@&1400000000000000001>", "thread": "true"})
	if !strings.Contains(got, "pinging <@&1400000000000000001>, with a discussion thread on each post") {
		t.Errorf("set: %q", got)
	}
	if last := check.asked[len(check.asked)-1]; last != (qotd.PostNeeds{Role: "1400000000000000001", Thread: true}) {
		t.Errorf("checked %+v", last)
	}
	s, _, _ := e.db.QOTD().Schedule(context.Background(), "g1")
	if s.Role != "1400000000000000001" || !s.Thread {
		t.Errorf("saved %+v", s)
	}
	if st := e.do("g1", "status", nil); !strings.Contains(fmt.Sprint(st.Card.Fields), "pinging <@&1400000000000000001>") {
		t.Errorf("status: %+v", st.Card.Fields)
	}
	e.runUntil(at(t, zone, "2024-05-01 10:00"))
	posts := e.discord.PostsIn("ch")
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	p := posts[0]
	want := post{Content: "<@&1400000000000000001>", MentionRoles: []string{"1400000000000000001"},
		Thread: "Quote of the day: “Line " + strings.TrimPrefix(p.QuoteID, "q") + "”"}
	if diff := cmp.Diff(want, post{Content: p.Content, MentionRoles: p.MentionRoles, Thread: p.Thread}); diff != "" {
		t.Errorf("post (-want +got):\n%s", diff)
	}
	// Set again without them: no ping, no thread.
	set(nil)
	if s, _, _ := e.db.QOTD().Schedule(context.Background(), "g1"); s.Role != "" || s.Thread {
		t.Errorf("after a plain set: %+v", s)
	}
}

func TestQOTDThreadName(t *testing.T) {
	long := strings.Repeat("word ", 40)
	tests := []struct {
		text    string
		spoiler bool
		want    string
	}{
		{"Line 01", false, "Quote of the day: “Line 01”"},
		{"Two\nlines  here", false, "Quote of the day: “Two lines here”"},
		{"The twist", true, "Quote of the day, 2024-05-01"},
		{"Who ||dies||", false, "Quote of the day, 2024-05-01"},
	}
	for _, tc := range tests {
		if got := qotd.ThreadName(tc.text, tc.spoiler, "2024-05-01"); got != tc.want {
			t.Errorf("ThreadName(%q, %v) = %q, want %q", tc.text, tc.spoiler, got, tc.want)
		}
	}
	if got := qotd.ThreadName(long, false, "2024-05-01"); utf8.RuneCountInString(got) > 100 || !strings.HasPrefix(got, "Quote of the day: “word word") {
		t.Errorf("long quote: %q (%d runes)", got, utf8.RuneCountInString(got))
	}
}
