package commandstest

import (
	"strings"
	"testing"

	"github.com/ballerina-bot/ballerina/commands"
)

// UnpairedSpoiler returns the first line of text whose "||" marks are not
// paired: a spoiler that opens and never closes, which Discord would show in
// plain text up to the end of the message. It reports false when every line
// is paired.
func UnpairedSpoiler(text string) (line string, found bool) {
	for _, l := range strings.Split(text, "\n") {
		if strings.Count(l, "||")%2 != 0 {
			return l, true
		}
	}
	return "", false
}

// VisibleTexts lists every text of a Response a user can see: content, card,
// fields and footer, button labels, autocomplete names and the modal.
func VisibleTexts(r commands.Response) []string {
	out := []string{r.Content}
	if c := r.Card; c != nil {
		out = append(out, c.Title, c.Description, c.Footer)
		for _, f := range c.Fields {
			out = append(out, f.Name, f.Value)
		}
	}
	for _, b := range r.Buttons {
		out = append(out, b.Label)
	}
	for _, c := range r.Choices {
		out = append(out, c.Name)
	}
	if m := r.Modal; m != nil {
		out = append(out, m.Title)
		for _, in := range m.Inputs {
			out = append(out, in.Label, in.Placeholder)
		}
	}
	return out
}

// CheckSpoilers fails t for every visible line of r with an unpaired "||";
// where says which reply it was. It returns the number of spoilers seen, so
// a test can tell that it checked some.
func CheckSpoilers(t testing.TB, where string, r commands.Response) int {
	t.Helper()
	seen := 0
	for _, text := range VisibleTexts(r) {
		seen += strings.Count(text, "||") / 2
		if line, bad := UnpairedSpoiler(text); bad {
			t.Errorf("%s: a spoiler is left open in %q", where, line)
		}
	}
	return seen
}
