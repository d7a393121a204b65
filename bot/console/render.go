package console

import (
	"fmt"
	"strings"

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
		for i, b := range r.Buttons {
			state := ""
			if b.Disabled {
				state = " (closed)"
			}
			bs = append(bs, fmt.Sprintf("[%d] %s%s", i+1, b.Label, state))
		}
		add(strings.Join(bs, "  ") + "\n(type a button's label or number to click it)")
	}
	for _, ch := range r.Choices {
		add("• " + ch.Name)
	}
	if m := r.Modal; m != nil {
		add(m.Title)
	}
	return strings.Join(parts, "\n")
}
