package commands

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/facts"
)

// Palette of the film's poster, used for cards.
const (
	ColorPink = 0xF4A6C6
	ColorRed  = 0xC8102E
)

// Spoiler wraps text in Discord's spoiler marks. Any "||" inside is broken
// up so the text cannot close the spoiler early.
func Spoiler(text string) string {
	for strings.Contains(text, spoilerMark) {
		text = strings.ReplaceAll(text, spoilerMark, "| |")
	}
	return spoilerMark + text + spoilerMark
}

// FactText is a fact's text, hidden behind a spoiler when it reveals plot.
func FactText(f *facts.Fact) string {
	if f.Spoiler {
		return Spoiler(f.Text)
	}
	return f.Text
}

// sourceNames turns source ids into the labels shown to users.
func sourceNames(s *facts.Store, ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if src, ok := s.Source(id); ok {
			out = append(out, src.Label)
		}
	}
	return out
}

// Footer is the "Sources: …" line of a card: the labels of the given
// source ids.
func Footer(s *facts.Store, ids []string) string {
	names := sourceNames(s, ids)
	if len(names) == 0 {
		return ""
	}
	return "Sources: " + strings.Join(names, " · ")
}

// sourceSet collects distinct source ids in first-seen order.
type sourceSet []string

func (ss *sourceSet) add(ids ...string) {
	for _, id := range ids {
		if !slices.Contains(*ss, id) {
			*ss = append(*ss, id)
		}
	}
}

// Quoted renders a user's words (a question, a display name) for echoing
// back: on one line, at most n runes, with markdown that could break the
// layout or open a spoiler neutralised and mentions defused.
func Quoted(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("`", "'", "*", "", "_", " ", "@", "@\u200b").Replace(s)
	for strings.Contains(s, spoilerMark) { // "|||" must not leave a "||"
		s = strings.ReplaceAll(s, spoilerMark, "|")
	}
	return Clip(s, n)
}

// Timestamp renders t as a Discord timestamp, shown in each reader's own
// timezone: style R is relative ("in 3 hours"), F the full date and time.
func Timestamp(t time.Time, style byte) string {
	return fmt.Sprintf("<t:%d:%c>", t.Unix(), style)
}
