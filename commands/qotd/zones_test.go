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
	tests := []struct {
		in, want string
	}{
		{"Asia/Seoul", "Asia/Seoul"}, {"asia/seoul", "Asia/Seoul"}, {"Seoul", "Asia/Seoul"}, {"seoul", "Asia/Seoul"},
		{"Berlin", "Europe/Berlin"}, {"berlin", "Europe/Berlin"}, {"New York", "America/New_York"}, {"new york", "America/New_York"},
		{"new_york", "America/New_York"}, {"America/New_York", "America/New_York"}, {" Europe/Berlin ", "Europe/Berlin"},
		{"KST", "Asia/Seoul"}, {"Korea", "Asia/Seoul"}, {"US/Eastern", "US/Eastern"}, {"Etc/GMT+5", "Etc/GMT+5"},
		{"Buenos Aires", "America/Argentina/Buenos_Aires"}, {"port-au-prince", "America/Port-au-Prince"},
		// Korean cities are Seoul's zone, in any romanization.
		{"busan", "Asia/Seoul"}, {"Busan", "Asia/Seoul"}, {"Pusan", "Asia/Seoul"}, {"Incheon", "Asia/Seoul"},
		{"Daegu", "Asia/Seoul"}, {"Daejeon", "Asia/Seoul"}, {"Gwangju", "Asia/Seoul"}, {"Ulsan", "Asia/Seoul"},
		{"Suwon", "Asia/Seoul"}, {"Jeju", "Asia/Seoul"}, {"jeju city", "Asia/Seoul"}, {"Changwon", "Asia/Seoul"},
		// Curated cities elsewhere.
		{"Osaka", "Asia/Tokyo"}, {"San Francisco", "America/Los_Angeles"}, {"Xi'an", "Asia/Shanghai"},
		{"Washington, D.C.", "America/New_York"}, {"Munich", "Europe/Berlin"},
		// Fixed offsets, stored so that they resolve to themselves.
		{"UTC", "UTC"}, {"utc", "UTC"}, {"GMT", "UTC"}, {"Z", "UTC"}, {"UTC+0", "UTC"}, {"GMT-0", "UTC"},
		{"UTC+9", "Etc/GMT-9"}, {"utc +9", "Etc/GMT-9"}, {"UTC+09", "Etc/GMT-9"}, {"UTC+09:00", "Etc/GMT-9"}, {"+09:00", "Etc/GMT-9"},
		{"GMT-5", "Etc/GMT+5"}, {"UTC−5", "Etc/GMT+5"}, {"UTC+14", "Etc/GMT-14"}, {"UTC-12", "Etc/GMT+12"},
		{"UTC+05:30", "UTC+05:30"}, {"UTC+0530", "UTC+05:30"}, {"gmt+5:45", "UTC+05:45"}, {"UTC-03:30", "UTC-03:30"},
		{"Etc/GMT-9", "Etc/GMT-9"},
	}
	for _, tc := range tests {
		got, problem := ix.resolve(tc.in)
		if problem != "" || got != tc.want {
			t.Errorf("resolve(%q) = %q, %q; want %q", tc.in, got, problem, tc.want)
			continue
		}
		if again, problem := ix.resolve(got); again != got || problem != "" {
			t.Errorf("the stored %q resolves to %q, %q", got, again, problem)
		}
	}
}

func TestResolveZoneRefuses(t *testing.T) {
	ix := newZoneIndex()
	tests := []struct {
		in   string
		want string // in the reply; "" for no "Did you mean"
	}{
		// Misspellings of a name or city get a suggestion.
		{"Europe/Berlinn", "Did you mean Europe/Berlin?"}, {"Asia/Seol", "Did you mean Asia/Seoul?"},
		{"America/New_Yrok", "Did you mean America/New_York?"}, {"Seol", "Did you mean Asia/Seoul?"},
		{"Berln", "Did you mean Europe/Berlin?"}, {"Europe/Pariss", "Did you mean Europe/Paris?"},
		{"Incheonn", "Did you mean Asia/Seoul?"}, {"Kathmandoo", "Did you mean Asia/Kathmandu?"},
		// Unknown places and short words get no zone chosen by letters.
		{"Springfield", ""}, {"Gotham", ""}, {"Bussan", "Did you mean Asia/Seoul?"}, {"Mars/Olympus_Mons", ""},
		{"Bis", ""}, {"xyzzy", ""},
		// A country of several zones asks for the city.
		{"United States", "has several timezones"}, {"Brazil", "e.g. America/Sao_Paulo"},
		{"UTC+15", "UTC offsets go from UTC-12:00 to UTC+14:00"}, {"UTC+05:75", "UTC offsets go"},
		{"", "Pick a timezone"}, {"Local", ""}, {"../../etc/passwd", ""},
	}
	for _, tc := range tests {
		got, problem := ix.resolve(tc.in)
		if got != "" || problem == "" {
			t.Errorf("resolve(%q) = %q, want a refusal", tc.in, got)
			continue
		}
		if tc.want == "" && strings.Contains(problem, "Did you mean") {
			t.Errorf("resolve(%q) guesses: %s", tc.in, problem)
		}
		if !strings.Contains(problem, tc.want) {
			t.Errorf("resolve(%q) = %s\nwant %q in it", tc.in, problem, tc.want)
		}
		if strings.HasPrefix(problem, "I don't know") && !strings.Contains(problem, "IANA name") {
			t.Errorf("resolve(%q) = %s; want it to ask for an IANA name", tc.in, problem)
		}
	}
	// Busan used to suggest Africa/Bissau: no input near a Korean city may.
	for _, in := range []string{"busan", "bussan", "busa", "pusan", "bisan"} {
		if got, problem := ix.resolve(in); strings.Contains(got+problem, "Africa/") {
			t.Errorf("resolve(%q) = %q, %s", in, got, problem)
		}
	}
}

func TestOffsetZonesLoadAndShow(t *testing.T) {
	q := &Scheduler{}
	now := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
	for zone, want := range map[string]string{
		"UTC": "UTC", "Etc/GMT-9": "UTC+09:00", "Etc/GMT+5": "UTC-05:00", "UTC+05:30": "UTC+05:30", "UTC-03:30": "UTC-03:30",
	} {
		loc, err := q.location(zone)
		if err != nil {
			t.Fatalf("%s: %v", zone, err)
		}
		if got := offsetText(offsetOf(now.In(loc))); got != want && !(zone == "UTC" && got == "UTC+00:00") {
			t.Errorf("%s runs at %s, want %s", zone, got, want)
		}
		if got := zoneDisplay(zone); got != want {
			t.Errorf("zoneDisplay(%s) = %s, want %s", zone, got, want)
		}
	}
	if zoneDisplay("Asia/Seoul") != "Asia/Seoul" {
		t.Error(zoneDisplay("Asia/Seoul"))
	}
}

func offsetOf(t time.Time) int { _, off := t.Zone(); return off }

func TestZoneAutocomplete(t *testing.T) {
	ix := newZoneIndex()
	for in, first := range map[string]string{
		"Seoul": "Asia/Seoul", "seoul": "Asia/Seoul", "seo": "Asia/Seoul", "Berlin": "Europe/Berlin", "berl": "Europe/Berlin",
		"New York": "America/New_York", "new york": "America/New_York", "new yo": "America/New_York", "york": "America/New_York",
		"europe/ber": "Europe/Berlin", "kst": "Asia/Seoul", "korea": "Asia/Seoul", "germany": "Europe/Berlin",
		"Europe/Berlinn": "Europe/Berlin", "tokyo": "Asia/Tokyo", "US/Eastern": "US/Eastern",
		"busan": "Asia/Seoul", "Bus": "Asia/Seoul", "incheon": "Asia/Seoul", "UTC+9": "Etc/GMT-9", "gmt": "UTC",
		"UTC+05:30": "UTC+05:30",
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
