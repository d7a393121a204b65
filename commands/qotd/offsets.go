package qotd

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Fixed UTC offsets. "GMT" and "UTC+9" mean a clock that never changes, not
// Europe/London (which observes BST) or a city's zone. A whole-hour offset
// is stored as the tz database's Etc zone (UTC+9 is Etc/GMT-9: POSIX signs
// are inverted), any other as "UTC+05:30", which location turns into a
// time.FixedZone. Either way the stored name resolves to itself.

// Offsets people live at run from UTC-12:00 to UTC+14:00; so do the Etc zones.
const (
	minOffset = -12 * time.Hour
	maxOffset = 14 * time.Hour
)

var (
	// offsetInput is what an admin may type: "UTC", "GMT", "Z", "UTC+9",
	// "GMT-5", "UTC+05:30", "utc +0530", "+09:00".
	offsetInput = regexp.MustCompile(`^(?:utc|gmt|z)?\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$`)
	// offsetName is a stored fixed zone that is not an Etc zone.
	offsetName = regexp.MustCompile(`^UTC([+-])(\d{2}):(\d{2})$`)
	// etcName is a whole-hour Etc zone.
	etcName = regexp.MustCompile(`^Etc/GMT([+-]\d{1,2})$`)
)

// parseOffset reads a fixed offset. ok is false when s is not written as
// one; problem is set when it is, but out of range.
func parseOffset(s string) (zone, problem string, ok bool) {
	in := strings.ToLower(strings.TrimSpace(strings.ReplaceAll(s, "−", "-")))
	m := offsetInput.FindStringSubmatch(in)
	if in == "" || m == nil {
		return "", "", false
	}
	if m[1] == "" {
		return "UTC", "", true // "UTC", "GMT", "Z"
	}
	hours, _ := strconv.Atoi(m[2])
	minutes := 0
	if m[3] != "" {
		minutes, _ = strconv.Atoi(m[3])
	}
	off := time.Duration(hours)*time.Hour + time.Duration(minutes)*time.Minute
	if m[1] == "-" {
		off = -off
	}
	switch {
	case minutes >= 60 || off < minOffset || off > maxOffset:
		return "", fmt.Sprintf("UTC offsets go from UTC-12:00 to UTC+14:00; “%s” is not one of them", strings.TrimSpace(s)), true
	case off == 0:
		return "UTC", "", true
	case minutes == 0:
		return fmt.Sprintf("Etc/GMT%+d", -hours*sign(off)), "", true
	}
	return "UTC" + m[1] + fmt.Sprintf("%02d:%02d", hours, minutes), "", true
}

func sign(d time.Duration) int {
	if d < 0 {
		return -1
	}
	return 1
}

// fixedZone returns the location of a stored "UTC+05:30".
func fixedZone(name string) (*time.Location, bool) {
	m := offsetName.FindStringSubmatch(name)
	if m == nil {
		return nil, false
	}
	h, _ := strconv.Atoi(m[2])
	mm, _ := strconv.Atoi(m[3])
	secs := h*3600 + mm*60
	if m[1] == "-" {
		secs = -secs
	}
	return time.FixedZone(name, secs), true
}

// zoneDisplay is how a stored zone is shown: a fixed offset as UTC+09:00
// (never the inverted Etc/GMT-9), any other zone by its name.
func zoneDisplay(name string) string {
	if m := etcName.FindStringSubmatch(name); m != nil {
		n, _ := strconv.Atoi(m[1])
		return offsetText(-n * 3600)
	}
	return name
}

// isFixed reports whether a stored zone is a fixed offset.
func isFixed(name string) bool {
	return name == "UTC" || etcName.MatchString(name) || offsetName.MatchString(name)
}

// offsetText formats seconds east of UTC as UTC+09:00.
func offsetText(secs int) string {
	sign := '+'
	if secs < 0 {
		sign, secs = '-', -secs
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, secs/3600, secs%3600/60)
}
