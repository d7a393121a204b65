package commands

import (
	"strings"

	"github.com/ballerina-bot/ballerina/facts"
)

// Palette of the film's poster, used for cards.
const (
	ColorPink = 0xF4A6C6
	ColorRed  = 0xC8102E
)

// spoiler wraps text in Discord's spoiler markers. Any "||" inside is broken
// up so the text cannot close the spoiler early.
func spoiler(text string) string {
	return "||" + strings.ReplaceAll(text, "||", "| |") + "||"
}

// factText is a fact's text, hidden behind a spoiler when it reveals plot.
func factText(f *facts.Fact) string {
	if f.Spoiler {
		return spoiler(f.Text)
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

// footer is the "Sources: …" line of a card.
func footer(s *facts.Store, ids []string) string {
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
		if !has(*ss, id) {
			*ss = append(*ss, id)
		}
	}
}

func has(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// quoted renders a user's words for echoing back: clipped, on one line, with
// markdown that could break the layout neutralised.
func quoted(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("`", "'", "*", "", "_", " ", "||", "|", "@", "@\u200b").Replace(s)
	return clip(s, n)
}
