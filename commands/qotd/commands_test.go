package qotd_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
	"github.com/ballerina-bot/ballerina/commands/qotd"
)

func TestQOTDCommandTable(t *testing.T) {
	e := newEnv(t, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), 3)
	c := e.q.Command()
	if c.Name != "qotd" || c.DefaultPermission != commands.PermManageServer || c.DMs {
		t.Fatalf("command %+v", c)
	}
	var names []string
	for _, s := range c.Subcommands {
		names = append(names, s.Name)
		if s.Handler == nil {
			t.Errorf("%s has no handler", s.Name)
		}
	}
	if got := strings.Join(names, " "); got != "set off pause resume status preview" {
		t.Errorf("subcommands %s", got)
	}
	set, _ := c.Sub("set")
	types := map[string]commands.OptionType{}
	for _, o := range set.Options {
		types[o.Name] = o.Type
		if want := o.Name != "role" && o.Name != "thread"; o.Required != want {
			t.Errorf("option %s required %v, want %v", o.Name, o.Required, want)
		}
		if o.Name == "timezone" && !o.Autocomplete {
			t.Error("timezone has no autocomplete")
		}
	}
	if types["channel"] != commands.OptionChannel || types["time"] != commands.OptionString || types["timezone"] != commands.OptionString ||
		types["role"] != commands.OptionRole || types["thread"] != commands.OptionBoolean {
		t.Errorf("option types %v", types)
	}
	resp, err := commands.Table{c}.Dispatch(context.Background(), commands.Request{
		Kind: commands.KindAutocomplete, Command: "qotd", Subcommand: "set", Focused: "timezone",
		Options: map[string]string{"timezone": "New York"},
	})
	if err != nil || len(resp.Choices) == 0 || resp.Choices[0].Value != "America/New_York" {
		t.Errorf("autocomplete: %+v %v", resp.Choices, err)
	}
}

func TestQOTDNeedsManageServer(t *testing.T) {
	e := newEnv(t, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), 3)
	table := commands.Table{e.q.Command()}
	for _, sub := range []string{"set", "off", "pause", "resume", "status", "preview"} {
		resp, err := table.Dispatch(context.Background(), commands.Request{
			Command: "qotd", Subcommand: sub, GuildID: "g", User: commands.User{ID: "u"},
			Options: map[string]string{"channel": "ch", "time": "09:00", "timezone": "UTC"},
		})
		if err != nil || !resp.Ephemeral || !strings.Contains(resp.Content, "Manage Server") {
			t.Errorf("%s without the permission: %+v %v", sub, resp, err)
		}
		resp, _ = table.Dispatch(context.Background(), commands.Request{Command: "qotd", Subcommand: sub, CanManageServer: true})
		if !strings.Contains(resp.Content, "in a server") {
			t.Errorf("%s outside a server: %q", sub, resp.Content)
		}
	}
	if _, ok, _ := e.db.QOTD().Schedule(context.Background(), "g"); ok {
		t.Error("a schedule was saved without the permission")
	}
}

// checker is a ChannelChecker with a fixed answer per channel.
type checker map[string]error

func (c checker) CanPost(_ context.Context, _, ch string, _ qotd.PostNeeds) error { return c[ch] }

func TestQOTDSetValidates(t *testing.T) {
	e := newEnv(t, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), 3)
	e.q.Channels = checker{
		"gone":   fmt.Errorf("404: %w", qotd.ErrUnknownChannel),
		"closed": fmt.Errorf("403: %w", qotd.ErrNoAccess),
		"flaky":  errors.New("HTTP 500"),
	}
	tests := []struct {
		channel, hm, zone string
		want              string
	}{
		{"ch", "25:00", "UTC", "HH:MM"},
		{"ch", "9am", "UTC", "HH:MM"},
		{"ch", "09:00", "Europe/Berlinn", "Did you mean Europe/Berlin?"},
		{"ch", "09:00", "Mars/Base", "Type an IANA name"},
		{"ch", "09:00", "UTC+15", "UTC offsets go from UTC-12:00 to UTC+14:00"},
		{"ch", "||9||", "UTC", "“|9|” is not a time"},
		{"gone", "09:00", "UTC", "can't find <#gone>"},
		{"closed", "09:00", "UTC", "can't post in <#closed>"},
		{"flaky", "09:00", "UTC", "couldn't check my permissions in <#flaky> right now"},
		{"", "09:00", "UTC", "channel"},
	}
	for _, tc := range tests {
		r := e.do("g", "set", map[string]string{"channel": tc.channel, "time": tc.hm, "timezone": tc.zone})
		if r.Found || !r.Ephemeral || !strings.Contains(r.Content, tc.want) {
			t.Errorf("set %s %s %s: %q, want %q", tc.channel, tc.hm, tc.zone, r.Content, tc.want)
		}
	}
	if _, ok, _ := e.db.QOTD().Schedule(context.Background(), "g"); ok {
		t.Error("an invalid schedule was saved")
	}
	// "seoul" is understood, and the reply names the zone and the first post.
	r := e.do("g", "set", map[string]string{"channel": "<#123>", "time": "9:00", "timezone": "seoul"})
	// It is 09:00 in Seoul: today's time has come, so the first post is now.
	now := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	if !r.Found || !strings.Contains(r.Content, "Asia/Seoul") || !strings.Contains(r.Content, "<#123>") ||
		!strings.Contains(r.Content, fmt.Sprintf("<t:%d:F> (<t:%d:R>)", now.Unix(), now.Unix())) {
		t.Errorf("set: %q", r.Content)
	}
	s, ok, err := e.db.QOTD().Schedule(context.Background(), "g")
	if err != nil || !ok || s.ChannelID != "123" || s.Zone != "Asia/Seoul" || s.Hour != 9 || s.Minute != 0 || s.UpdatedBy != "admin" {
		t.Errorf("saved %+v %v %v", s, ok, err)
	}
	// A fixed offset is shown as one, stored as its Etc zone, and posts at
	// that offset: 21:00 at UTC+9 is 12:00 UTC.
	r = e.do("g", "set", map[string]string{"channel": "123", "time": "21:00", "timezone": "UTC+9"})
	first := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	if !strings.Contains(r.Content, "every day at **21:00** UTC+09:00 in <#123>") || !strings.Contains(r.Content, fmt.Sprintf("<t:%d:F>", first.Unix())) {
		t.Errorf("set UTC+9: %q", r.Content)
	}
	if s, _, _ := e.db.QOTD().Schedule(context.Background(), "g"); s.Zone != "Etc/GMT-9" {
		t.Errorf("UTC+9 stored as %q", s.Zone)
	}
	if r := e.do("g", "status", nil); !strings.Contains(r.Card.Fields[1].Value, "21:00 UTC+09:00") {
		t.Errorf("status shows %q", r.Card.Fields[1].Value)
	}
}

func TestQOTDStatus(t *testing.T) {
	const zone = "Europe/Berlin"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 3)
	e.start()
	if r := e.do("g", "status", nil); r.Found || !strings.Contains(r.Content, "/qotd set") {
		t.Errorf("status before set: %+v", r)
	}
	e.set("g", "4242", "09:00", zone)
	r := e.do("g", "status", nil)
	next := at(t, zone, "2024-05-01 09:00").Unix()
	text := cardText(r)
	for _, want := range []string{"<#4242>", "09:00 Europe/Berlin", fmt.Sprintf("<t:%d:F>", next), fmt.Sprintf("<t:%d:R>", next), "none yet"} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}
	if !r.Ephemeral {
		t.Error("status is public")
	}
	e.runUntil(at(t, zone, "2024-05-01 10:00"))
	text = cardText(e.do("g", "status", nil))
	posted := at(t, zone, "2024-05-01 09:00").Unix()
	tomorrow := at(t, zone, "2024-05-02 09:00").Unix()
	for _, want := range []string{fmt.Sprintf("Last post\n<t:%d:F> (<t:%d:R>) in <#4242>: “Line", posted, posted), fmt.Sprintf("<t:%d:F>", tomorrow)} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}
	if r := e.do("g", "off", nil); !strings.Contains(r.Content, "off") {
		t.Errorf("off: %q", r.Content)
	}
	if r := e.do("g", "status", nil); r.Found {
		t.Errorf("status after off: %+v", r)
	}
	e.runUntil(at(t, zone, "2024-05-03 10:00"))
	if n := len(e.discord.Posts()); n != 1 {
		t.Errorf("%d posts after off", n)
	}
	// Set again later on a day it already posted: no second post that day.
	e.set("g", "4242", "11:00", zone)
	e.runUntil(at(t, zone, "2024-05-03 12:00"))
	e.set("g", "4242", "13:00", zone)
	e.runUntil(at(t, zone, "2024-05-04 12:00"))
	want := []string{"2024-05-01 09:00:00 CEST", "2024-05-03 11:00:00 CEST"}
	if got := localTimes(e.discord.Posts(), zone); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("posts %v, want %v", got, want)
	}
	if due, _ := e.q.Due("g"); !due.Equal(at(t, zone, "2024-05-04 13:00")) {
		t.Errorf("next post %v", due)
	}
}

func cardText(r commands.Response) string {
	var b strings.Builder
	b.WriteString(r.Content + "\n")
	if r.Card != nil {
		b.WriteString(r.Card.Title + "\n" + r.Card.Description + "\n")
		for _, f := range r.Card.Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
	}
	return b.String()
}

func TestQOTDPostIsAQuoteCard(t *testing.T) {
	const zone = "UTC"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 1)
	var got commands.Message
	e.discord.SetFail(func(_ context.Context, m commands.Message) error { got = m; return nil })
	e.start()
	e.set("g", "ch", "09:00", zone)
	e.runUntil(at(t, zone, "2024-05-01 09:30"))
	c := got.Response.Card
	if c == nil || c.Title != "Quote of the day" || c.Description != "“Line 01”" || c.Footer != "Sources: An article" {
		t.Fatalf("card %+v", c)
	}
	if c.Fields[0].Value != "Ok-ju, An article" || c.Fields[1].Value != "Scene 01" {
		t.Errorf("fields %+v", c.Fields)
	}
	if got.Nonce != qotd.Nonce("g", "2024-05-01") || len(got.Nonce) > 25 {
		t.Errorf("nonce %q", got.Nonce)
	}
}

func TestQOTDNoQuotesPostsNothing(t *testing.T) {
	const zone = "UTC"
	e := newEnv(t, at(t, zone, "2024-05-01 08:00"), 0)
	e.start()
	e.set("g", "ch", "09:00", zone)
	e.runUntil(at(t, zone, "2024-05-03 10:00"))
	if n := e.discord.Sends(); n != 0 {
		t.Errorf("%d sends without quotes", n)
	}
	if r := e.do("g", "preview", nil); r.Found {
		t.Errorf("preview without quotes: %+v", r)
	}
	if due, ok := e.q.Due("g"); !ok || !due.Equal(at(t, zone, "2024-05-04 09:00")) {
		t.Errorf("next %v %v", due, ok)
	}
}
