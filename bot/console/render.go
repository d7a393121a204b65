package console

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ballerina-bot/ballerina/commands"
)

// Render flattens a Response into the text a terminal shows: every visible
// string, in the order Discord would show it. Spoilers keep their ||…||
// markers so the reader can tell what is hidden on Discord.
func Render(r commands.Response) string {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	add(r.Content)
	if c := r.Card; c != nil {
		if c.Title != "" {
			add("== " + c.Title + " ==")
		}
		add(c.Description)
		for _, f := range c.Fields {
			add(f.Name + ": " + f.Value)
		}
		add(c.Footer)
	}
	if len(r.Buttons) > 0 {
		var bs []string
		open := false
		for i, b := range r.Buttons {
			state := ""
			if b.Disabled {
				state = " (closed)"
			}
			open = open || !b.Disabled
			bs = append(bs, fmt.Sprintf("[%d] %s%s", i+1, b.Label, state))
		}
		line := strings.Join(bs, "  ")
		switch {
		case !open: // nothing left to click
		case shownOf(r).hasTexts():
			line += "\n(type a letter, its number or the answer's text to click it)"
		default:
			line += "\n(type a button's label or number to click it)"
		}
		add(line)
	}
	for _, ch := range r.Choices {
		add("• " + ch.Name)
	}
	if m := r.Modal; m != nil {
		add(m.Title)
	}
	return timestamps.ReplaceAllStringFunc(strings.Join(parts, "\n"), localTime)
}

// timestamps matches Discord's <t:UNIX:STYLE> markup, which a terminal
// cannot render.
var timestamps = regexp.MustCompile(`<t:(-?\d{1,12})(?::([tTdDfFR]))?>`)

// localTime renders one Discord timestamp as a local clock time.
func localTime(m string) string {
	sub := timestamps.FindStringSubmatch(m)
	sec, err := strconv.ParseInt(sub[1], 10, 64)
	if err != nil {
		return m
	}
	t := time.Unix(sec, 0).Local()
	switch sub[2] {
	case "d", "D":
		return t.Format("2006-01-02")
	case "f", "F":
		return t.Format("2006-01-02 15:04 MST")
	case "R":
		return "at " + t.Format("15:04:05")
	}
	return t.Format("15:04:05")
}
