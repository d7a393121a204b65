package qotd

//go:generate go run ./internal/zonegen -data internal/zonegen/tzdata -o zonelist.go

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// zoneInfo is one IANA zone of the curated list (zonelist.go).
type zoneInfo struct {
	Name    string // IANA name, e.g. America/New_York
	Country string // e.g. United States
	Comment string // zone.tab's comment, e.g. Eastern (most areas)
}

// zoneAliases maps what people type instead of a zone name to the zone most
// of them mean. The reply to /qotd set names the zone it picked.
func zoneAliases() map[string]string {
	return map[string]string{
		"kst": "Asia/Seoul", "korea": "Asia/Seoul", "south korea": "Asia/Seoul",
		"jst": "Asia/Tokyo", "japan": "Asia/Tokyo",
		"est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York", "nyc": "America/New_York",
		"cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
		"mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
		"pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles", "la": "America/Los_Angeles",
		"gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London",
		"cet": "Europe/Berlin", "cest": "Europe/Berlin", "germany": "Europe/Berlin",
		"ist": "Asia/Kolkata", "india": "Asia/Kolkata", "utc": "UTC", "z": "UTC",
	}
}

// popularZones answer an empty autocomplete query.
func popularZones() []string {
	return []string{
		"Asia/Seoul", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
		"Europe/London", "Europe/Berlin", "Europe/Paris", "Asia/Tokyo", "Asia/Kolkata",
		"Asia/Singapore", "Asia/Shanghai", "Asia/Manila", "Asia/Jakarta", "Australia/Sydney",
		"America/Sao_Paulo", "America/Mexico_City", "America/Toronto", "Europe/Madrid", "Europe/Istanbul",
		"Asia/Dubai", "Africa/Lagos", "Pacific/Auckland", "America/Argentina/Buenos_Aires", "UTC",
	}
}

// zoneIndex holds the list folded for matching. Built once per Scheduler.
type zoneIndex struct {
	zones   []zoneInfo
	aliases map[string]string
	popular []string
	key     []string // folded name: "america/new york"
	city    []string // folded last segment: "new york"
	about   []string // folded country and comment
	byName  map[string]int
}

func newZoneIndex() *zoneIndex {
	zones := zoneList()
	ix := &zoneIndex{zones: zones, aliases: zoneAliases(), popular: popularZones(), byName: make(map[string]int, len(zones))}
	for i, z := range ix.zones {
		k := foldZone(z.Name)
		ix.key = append(ix.key, k)
		ix.city = append(ix.city, k[strings.LastIndex(k, "/")+1:])
		ix.about = append(ix.about, foldZone(z.Country+" "+z.Comment))
		ix.byName[k] = i
	}
	return ix
}

// foldZone lower-cases s and treats _ and - as spaces.
func foldZone(s string) string {
	s = strings.ToLower(strings.NewReplacer("_", " ", "-", " ", "(", "", ")", "", ",", " ").Replace(s))
	return strings.Join(strings.Fields(s), " ")
}

// resolve turns what an admin typed into an IANA zone: a listed name in any
// case, a city ("seoul", "New York"), a common abbreviation or country, or
// any other name time.LoadLocation knows when typed exactly. The error
// suggests the closest listed zone.
func (ix *zoneIndex) resolve(input string) (string, error) {
	in := strings.TrimSpace(input)
	f := foldZone(in)
	if f == "" {
		return "", fmt.Errorf("pick a timezone, e.g. Asia/Seoul or Europe/Berlin")
	}
	if i, ok := ix.byName[f]; ok {
		return ix.zones[i].Name, nil
	}
	if z, ok := ix.aliases[f]; ok {
		return z, nil
	}
	if m := ix.where(func(i int) bool { return ix.city[i] == f }); len(m) == 1 {
		return ix.zones[m[0]].Name, nil
	}
	if m := ix.where(func(i int) bool { return foldZone(ix.zones[i].Country) == f }); len(m) == 1 {
		return ix.zones[m[0]].Name, nil
	}
	if in != "Local" && len(in) <= 64 {
		if _, err := time.LoadLocation(in); err == nil {
			return in, nil
		}
	}
	return "", fmt.Errorf("I don't know the timezone “%s”. Did you mean %s? Pick one from the list as you type (e.g. Europe/Berlin, America/New_York)", commands.Clip(in, 64), ix.suggest(in))
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

// suggest returns the listed zone closest to a wrong input: the best
// autocomplete match, else the smallest edit distance to a name or a city.
func (ix *zoneIndex) suggest(input string) string {
	if m := ix.complete(input, 1); len(m) > 0 {
		return m[0]
	}
	f := foldZone(input)
	best, bestD := 0, -1
	for i := range ix.zones {
		d := min(editDistance(f, ix.key[i]), editDistance(f, ix.city[i]))
		if bestD < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	return ix.zones[best].Name
}

// complete ranks zones for what has been typed so far: exact names, cities
// and abbreviations first, then prefixes of cities, of names and of words,
// then substrings, countries and comments, then city names one or two typos
// away. An empty query gives the popular zones.
func (ix *zoneIndex) complete(query string, limit int) []string {
	q := foldZone(query)
	if q == "" {
		return ix.popular[:min(limit, len(ix.popular))]
	}
	type hit struct {
		rank int
		name string
	}
	var hits []hit
	seen := map[string]bool{}
	add := func(rank int, name string) {
		if !seen[name] {
			seen[name] = true
			hits = append(hits, hit{rank, name})
		}
	}
	if z, ok := ix.aliases[q]; ok {
		add(0, z)
	}
	typos := 1
	if len(q) >= 8 {
		typos = 2
	}
	for i, z := range ix.zones {
		key, city := ix.key[i], ix.city[i]
		switch {
		case key == q || city == q:
			add(0, z.Name)
		case strings.HasPrefix(city, q):
			add(1, z.Name)
		case strings.HasPrefix(key, q):
			add(2, z.Name)
		case wordPrefix(key, q):
			add(3, z.Name)
		case strings.Contains(key, q):
			add(4, z.Name)
		case strings.HasPrefix(ix.about[i], q) || wordPrefix(ix.about[i], q):
			add(5, z.Name)
		case len(q) >= 4 && (editDistance(q, city) <= typos || editDistance(q, key) <= typos):
			add(6, z.Name)
		}
	}
	if len(hits) == 0 && strings.Contains(query, "/") && len(query) <= 64 {
		if _, err := time.LoadLocation(strings.TrimSpace(query)); err == nil {
			add(0, strings.TrimSpace(query)) // a valid name outside the list, e.g. US/Eastern
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		return hits[i].name < hits[j].name
	})
	out := make([]string, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.name)
	}
	return out
}

// wordPrefix reports whether a word of s (split at spaces and slashes)
// starts with q.
func wordPrefix(s, q string) bool {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '/' }) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// zoneLabel is an autocomplete choice's text: the name, where it is, and the
// current UTC offset.
func (ix *zoneIndex) zoneLabel(name string, loc *time.Location, now time.Time) string {
	label := name
	if i, ok := ix.byName[foldZone(name)]; ok && ix.zones[i].Country != "" {
		label += " — " + ix.zones[i].Country
	}
	if loc != nil {
		_, off := now.In(loc).Zone()
		sign := '+'
		if off < 0 {
			sign, off = '-', -off
		}
		label += fmt.Sprintf(" (UTC%c%02d:%02d now)", sign, off/3600, off%3600/60)
	}
	return commands.Clip(label, 100)
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
