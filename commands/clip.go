package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// spoilerMark opens and closes a Discord spoiler.
const spoilerMark = "||"

// Clip shortens s to at most n runes, marking the cut with an ellipsis. It is
// the one way user-visible text is shortened, here and in the adapters,
// because a plain cut can drop the closing "||" of a spoiler and show the
// ending in plain text. Clip never splits a "||" mark; a cut inside a
// spoiler closes it ("||Ok-ju kills…||"), and when there is no room for that
// or the spoiler would hold nothing but the ellipsis, the cut moves to just
// before the spoiler opens. Text that fits is returned unchanged.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	best := 0       // byte offset of the longest prefix that fits
	closes := false // whether that prefix ends inside a spoiler
	open, content := false, false
	runes := 0
	for i := 0; i < len(s); {
		// A boundary before s[i] is a place to cut: the prefix s[:i] plus
		// "…", plus "||" when a spoiler is open there.
		need := runes + 1
		if open {
			need += len(spoilerMark)
		}
		if need <= n && (!open || content) {
			best, closes = i, open
		}
		if strings.HasPrefix(s[i:], spoilerMark) {
			open, content = !open, false
			i += len(spoilerMark)
			runes += len(spoilerMark)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if open && !unicode.IsSpace(r) {
			content = true
		}
		i += size
		runes++
		if runes+1 > n {
			break // no longer prefix can fit
		}
	}
	out := strings.TrimRightFunc(s[:best], unicode.IsSpace) + "…"
	if closes {
		out += spoilerMark
	}
	return out
}
