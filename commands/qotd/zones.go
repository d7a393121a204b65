package qotd

//go:generate go run ./internal/zonegen -data internal/zonegen/tzdata -o zonelist.go

import (
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

// zoneAliases maps abbreviations and countries people type instead of a zone
// name to the zone most of them mean. The reply to /qotd set names the zone
// it picked. UTC and GMT are fixed offsets (offsets.go), not aliases.
func zoneAliases() map[string]string {
	return map[string]string{
		"kst": "Asia/Seoul", "korea": "Asia/Seoul", "south korea": "Asia/Seoul",
		"jst": "Asia/Tokyo", "japan": "Asia/Tokyo",
		"est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York", "nyc": "America/New_York",
		"cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
		"mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
		"pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles", "la": "America/Los_Angeles",
		"bst": "Europe/London", "uk": "Europe/London",
		"cet": "Europe/Berlin", "cest": "Europe/Berlin", "germany": "Europe/Berlin",
		"ist": "Asia/Kolkata", "india": "Asia/Kolkata",
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
	cities  map[string]string // curated city → zone (cities.go)
}

func newZoneIndex() *zoneIndex {
	zones := zoneList()
	ix := &zoneIndex{zones: zones, aliases: zoneAliases(), popular: popularZones(), byName: make(map[string]int, len(zones)), cities: cityZones()}
	for i, z := range ix.zones {
		k := foldZone(z.Name)
		ix.key = append(ix.key, k)
		ix.city = append(ix.city, k[strings.LastIndex(k, "/")+1:])
		ix.about = append(ix.about, foldZone(z.Country+" "+z.Comment))
		ix.byName[k] = i
	}
	return ix
}

// foldZone lower-cases s, treats _ and - as spaces and drops punctuation
// ("Xi'an", "Washington, D.C.").
func foldZone(s string) string {
	s = strings.ToLower(strings.NewReplacer("_", " ", "-", " ", "(", "", ")", "", ",", " ", "'", "", ".", "").Replace(s))
	return strings.Join(strings.Fields(s), " ")
}

// complete ranks zones for what has been typed so far: a UTC offset, exact
// names, cities and abbreviations first, then prefixes of cities, of names
// and of words, then substrings, countries and comments, then names one or
// two typos away (typoBudget). An empty query gives the popular zones.
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
	if z, problem, ok := parseOffset(query); ok && problem == "" {
		add(0, z)
	}
	if z, ok := ix.aliases[q]; ok {
		add(0, z)
	}
	typos := typoBudget(q)
	for city, z := range ix.cities {
		switch {
		case city == q:
			add(0, z)
		case strings.HasPrefix(city, q):
			add(1, z)
		case typos > 0 && editDistance(q, city) <= typos:
			add(6, z)
		}
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
		case typos > 0 && (editDistance(q, city) <= typos || editDistance(q, key) <= typos):
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
// current UTC offset; a fixed offset says it never changes.
func (ix *zoneIndex) zoneLabel(name string, loc *time.Location, now time.Time) string {
	if isFixed(name) {
		return zoneDisplay(name) + " — fixed offset, no daylight saving"
	}
	label := name
	if i, ok := ix.byName[foldZone(name)]; ok && ix.zones[i].Country != "" {
		label += " — " + ix.zones[i].Country
	}
	if loc != nil {
		_, off := now.In(loc).Zone()
		label += " (" + offsetText(off) + " now)"
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
