package qotd

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/ballerina-bot/ballerina/commands"
)

func TestZoneListLoadsFromEmbeddedData(t *testing.T) {
	zones := zoneList()
	if len(zones) < 400 {
		t.Fatalf("only %d zones listed", len(zones))
	}
	seen := map[string]bool{}
	for _, z := range zones {
		if seen[z.Name] {
			t.Errorf("%s listed twice", z.Name)
		}
		seen[z.Name] = true
		if _, err := time.LoadLocation(z.Name); err != nil {
			t.Errorf("%s: %v", z.Name, err)
		}
	}
	ix := newZoneIndex()
	for _, name := range append(ix.popular, mapValues(ix.aliases)...) {
		if !seen[name] {
			t.Errorf("popular zone or alias target %s is not listed", name)
		}
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func TestResolveZone(t *testing.T) {
	ix := newZoneIndex()
	for in, want := range map[string]string{
		"Asia/Seoul": "Asia/Seoul", "asia/seoul": "Asia/Seoul", "Seoul": "Asia/Seoul", "seoul": "Asia/Seoul",
		"Berlin": "Europe/Berlin", "berlin": "Europe/Berlin", "New York": "America/New_York", "new york": "America/New_York",
		"new_york": "America/New_York", "America/New_York": "America/New_York", " Europe/Berlin ": "Europe/Berlin",
		"KST": "Asia/Seoul", "Korea": "Asia/Seoul", "UTC": "UTC", "US/Eastern": "US/Eastern", "Etc/GMT+5": "Etc/GMT+5",
		"Buenos Aires": "America/Argentina/Buenos_Aires", "port-au-prince": "America/Port-au-Prince",
	} {
		got, err := ix.resolve(in)
		if err != nil || got != want {
			t.Errorf("resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, suggestion := range map[string]string{
		"Europe/Berlinn": "Europe/Berlin", "Asia/Seol": "Asia/Seoul", "America/New_Yrok": "America/New_York",
		"Seol": "Asia/Seoul", "Berln": "Europe/Berlin", "Europe/Pariss": "Europe/Paris",
	} {
		_, err := ix.resolve(in)
		if err == nil || !strings.Contains(err.Error(), "Did you mean "+suggestion+"?") {
			t.Errorf("resolve(%q) err = %v; want a suggestion of %s", in, err, suggestion)
		}
	}
	for _, in := range []string{"", "Local", "Mars/Olympus_Mons", "../../etc/passwd"} {
		if got, err := ix.resolve(in); err == nil {
			t.Errorf("resolve(%q) = %q, want an error", in, got)
		}
	}
}

func TestZoneAutocomplete(t *testing.T) {
	ix := newZoneIndex()
	for in, first := range map[string]string{
		"Seoul": "Asia/Seoul", "seoul": "Asia/Seoul", "seo": "Asia/Seoul", "Berlin": "Europe/Berlin", "berl": "Europe/Berlin",
		"New York": "America/New_York", "new york": "America/New_York", "new yo": "America/New_York", "york": "America/New_York",
		"europe/ber": "Europe/Berlin", "kst": "Asia/Seoul", "korea": "Asia/Seoul", "germany": "Europe/Berlin",
		"Europe/Berlinn": "Europe/Berlin", "tokyo": "Asia/Tokyo", "US/Eastern": "US/Eastern",
	} {
		got := ix.complete(in, 25)
		if len(got) == 0 || got[0] != first {
			t.Errorf("complete(%q) = %v, want %s first", in, got, first)
		}
	}
	if got := ix.complete("", 25); len(got) != 25 {
		t.Errorf("empty query: %d choices, want 25", len(got))
	}
	if got := ix.complete("america", 25); len(got) != 25 {
		t.Errorf("'america': %d choices, want the cap of 25", len(got))
	}
	if got := ix.complete("zzzzzz", 25); len(got) != 0 {
		t.Errorf("nonsense: %v", got)
	}
}

func TestQOTDAutocompleteChoices(t *testing.T) {
	q := &Scheduler{Clock: commands.SystemClock{}}
	resp, err := q.autocomplete(t.Context(), commands.Request{Kind: commands.KindAutocomplete, Focused: "timezone", Options: map[string]string{"timezone": "seoul"}})
	if err != nil || len(resp.Choices) == 0 {
		t.Fatalf("%v %v", resp, err)
	}
	c := resp.Choices[0]
	if c.Value != "Asia/Seoul" || !strings.Contains(c.Name, "UTC+09:00") || !strings.Contains(c.Name, "Korea") {
		t.Errorf("first choice %+v", c)
	}
	resp, _ = q.autocomplete(t.Context(), commands.Request{Kind: commands.KindAutocomplete, Focused: "timezone", Options: map[string]string{"timezone": ""}})
	for _, c := range resp.Choices {
		if len([]rune(c.Name)) > 100 || len(c.Value) > 100 {
			t.Errorf("choice too long: %+v", c)
		}
	}
	if len(resp.Choices) > 25 {
		t.Errorf("%d choices", len(resp.Choices))
	}
}
