package console

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/ballerina-bot/ballerina/commands"
)

// shown is the last row of buttons the console printed. texts[i] is what
// a lettered button stands for in its card ("**B.** Kim Ji-hoon" gives B the
// text "Kim Ji-hoon"), empty for other buttons.
type shown struct {
	buttons []commands.Button
	texts   []string
}

// choiceLine is a lettered choice in a card's text, as a trivia round shows
// it; a closed round marks the right one with ✅.
var choiceLine = regexp.MustCompile(`(?m)^\*\*([A-Z])\.\*\* (.+?)(?: ✅)?$`)

func shownOf(r commands.Response) shown {
	s := shown{buttons: r.Buttons, texts: make([]string, len(r.Buttons))}
	if r.Card == nil {
		return s
	}
	byLetter := map[string]string{}
	for _, m := range choiceLine.FindAllStringSubmatch(r.Card.Description, -1) {
		byLetter[m[1]] = strings.TrimSpace(m[2])
	}
	for i, b := range r.Buttons {
		s.texts[i] = byLetter[b.Label]
	}
	return s
}

// hasTexts reports whether a choice's text can be typed to click it.
func (s shown) hasTexts() bool {
	for _, t := range s.texts {
		if t != "" {
			return true
		}
	}
	return false
}

// find returns the button a typed line clicks: its label ("B"), its number
// ("2") or, for a lettered choice, its text ("kim  ji-hoon": case and
// spacing do not matter).
func (s shown) find(line string) (commands.Button, bool) {
	key := fold(line)
	for i, b := range s.buttons {
		if strings.EqualFold(line, b.Label) || line == strconv.Itoa(i+1) || (s.texts[i] != "" && fold(s.texts[i]) == key) {
			return b, true
		}
	}
	return commands.Button{}, false
}

func fold(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
