package qotd

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
)

// resolve turns what an admin typed into the zone to store: a fixed offset
// (UTC, GMT, UTC+9, GMT-5, UTC+05:30), a listed name in any case, a common
// abbreviation or country, the city of a zone name ("seoul", "New York"), a
// curated city ("Busan"), or any other name time.LoadLocation knows when
// typed exactly. Otherwise problem is the reply: it asks for an IANA name,
// and says "did you mean" only when the input looks like a misspelling of a
// name, never for a zone that merely shares letters with it.
func (ix *zoneIndex) resolve(input string) (zone, problem string) {
	in := strings.TrimSpace(input)
	f := foldZone(in)
	if f == "" {
		return "", "Pick a timezone: a city such as Seoul or Berlin, an IANA name such as Asia/Seoul, or an offset such as UTC+9."
	}
	if z, problem, ok := parseOffset(in); ok {
		return z, problem
	}
	if i, ok := ix.byName[f]; ok {
		return ix.zones[i].Name, ""
	}
	if z, ok := ix.aliases[f]; ok {
		return z, ""
	}
	if m := ix.where(func(i int) bool { return ix.city[i] == f }); len(m) == 1 {
		return ix.zones[m[0]].Name, ""
	}
	if z, ok := ix.cities[f]; ok {
		return z, ""
	}
	switch m := ix.where(func(i int) bool { return foldZone(ix.zones[i].Country) == f }); {
	case len(m) == 1:
		return ix.zones[m[0]].Name, ""
	case len(m) > 1:
		return "", fmt.Sprintf("“%s” has several timezones. Pick the one of your city from the list as you type, e.g. %s.",
			commands.Quoted(in, 64), orList(ix.examples(m, 3)))
	}
	if in != "Local" && len(in) <= 64 {
		if _, err := time.LoadLocation(in); err == nil {
			return in, ""
		}
	}
	msg := fmt.Sprintf("I don't know the timezone “%s”.", commands.Quoted(in, 64))
	if near := ix.misspelt(f); len(near) > 0 {
		msg += " Did you mean " + orList(near) + "?"
	}
	return "", msg + " Type an IANA name such as Asia/Seoul or America/New_York (the list as you type helps), or an offset such as UTC+9."
}

func (ix *zoneIndex) where(ok func(i int) bool) []int {
	var out []int
	for i := range ix.zones {
		if ok(i) {
			out = append(out, i)
		}
	}
	return out
}

// typoBudget is how many typos a query of this length may hold and still
// plausibly be a misspelling: none under four letters, one under eight,
// two from eight.
func typoBudget(q string) int {
	switch n := utf8.RuneCountInString(q); {
	case n < 4:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// misspelt lists, at most three, the zones whose name, city, curated city
// or alias is nearest to f within its typo budget.
func (ix *zoneIndex) misspelt(f string) []string {
	budget := typoBudget(f)
	if budget == 0 {
		return nil
	}
	best := budget + 1
	var near []string
	consider := func(name, zone string) {
		switch d := editDistance(f, name); {
		case d > budget:
		case d < best:
			best, near = d, []string{zone}
		case d == best && !slices.Contains(near, zone):
			near = append(near, zone)
		}
	}
	for i, z := range ix.zones {
		consider(ix.key[i], z.Name)
		consider(ix.city[i], z.Name)
	}
	for city, z := range ix.cities {
		consider(city, z)
	}
	for alias, z := range ix.aliases {
		if utf8.RuneCountInString(alias) >= 4 {
			consider(alias, z)
		}
	}
	slices.Sort(near)
	return near[:min(len(near), 3)]
}

// examples picks n of the given zones to show, popular ones first.
func (ix *zoneIndex) examples(zones []int, n int) []string {
	var out []string
	for _, p := range ix.popular {
		for _, i := range zones {
			if ix.zones[i].Name == p && len(out) < n {
				out = append(out, p)
			}
		}
	}
	for _, i := range zones {
		if name := ix.zones[i].Name; len(out) < n && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
