// Package console runs the command table from a terminal or a pipe: the same
// commands as on Discord, typed as Discord users type them.
package console

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
)

// ErrUsage marks input the console cannot turn into a command: the message
// says what is wrong and is meant for the user.
var ErrUsage = errors.New("usage")

// maxLine bounds what one command line may hold; Discord's own message limit.
const maxLine = 4000

// tooLong is the message for a line over maxLine characters, however long:
// 10 000 characters or a megabyte pasted by mistake.
func tooLong(n int) error {
	return fmt.Errorf("%w: that line has %d characters; the most a command can take is %d", ErrUsage, n, maxLine)
}

// Parse turns a line such as "/cast name:okjoo" or "/trivia start rounds:3"
// into a Request. Text after the command that names no option fills the
// first option: "/ask who plays the villain".
func Parse(t commands.Table, line string) (commands.Request, error) {
	line = strings.TrimSpace(line)
	if n := utf8.RuneCountInString(line); n > maxLine {
		return commands.Request{}, tooLong(n)
	}
	if !strings.HasPrefix(line, "/") {
		return commands.Request{}, fmt.Errorf("%w: commands start with /, for example /ask who plays the villain", ErrUsage)
	}
	name, rest, _ := strings.Cut(strings.TrimPrefix(line, "/"), " ")
	name = strings.ToLower(name)
	cmd, ok := t.Lookup(name)
	if !ok {
		return commands.Request{}, fmt.Errorf("%w: there is no command /%s; type /help for the list", ErrUsage, clip(name, 30))
	}
	req := commands.Request{Kind: commands.KindCommand, Command: cmd.Name, Options: map[string]string{}}
	target := cmd
	if len(cmd.Subcommands) > 0 {
		var subName string
		subName, rest, _ = strings.Cut(strings.TrimSpace(rest), " ")
		sub, ok := cmd.Sub(strings.ToLower(subName))
		if !ok {
			return commands.Request{}, fmt.Errorf("%w: /%s needs one of: %s", ErrUsage, cmd.Name, subList(cmd))
		}
		req.Subcommand = sub.Name
		target = sub
	}
	if err := parseOptions(target.Options, strings.TrimSpace(rest), req.Options); err != nil {
		return commands.Request{}, err
	}
	return req, nil
}

// ParseQuestion turns a bare line into an /ask Request, the whole line as
// the question: it is never read for options, so "quick q: how long is it"
// asks exactly that.
func ParseQuestion(t commands.Table, line string) (commands.Request, error) {
	line = strings.TrimSpace(line)
	if n := utf8.RuneCountInString(line); n > maxLine {
		return commands.Request{}, tooLong(n)
	}
	cmd, ok := t.Lookup("ask")
	if !ok || len(cmd.Options) == 0 {
		return commands.Request{}, fmt.Errorf("%w: commands start with /; type /help for the list", ErrUsage)
	}
	opt := cmd.Options[0]
	if line == "" {
		return commands.Request{}, fmt.Errorf("%w: option %s is required (%s)", ErrUsage, opt.Name, opt.Description)
	}
	if err := checkOption(opt, line); err != nil {
		return commands.Request{}, err
	}
	return commands.Request{Kind: commands.KindCommand, Command: cmd.Name, Options: map[string]string{opt.Name: line}}, nil
}

// parseOptions reads "name:value name2:value two" into into. A value runs to
// the next known "name:".
func parseOptions(opts []commands.Option, rest string, into map[string]string) error {
	type span struct {
		name       string
		start, end int
	}
	var spans []span
	fields := strings.Fields(rest)
	leading := -1
	for i, f := range fields {
		if k, v, ok := strings.Cut(f, ":"); ok && findOption(opts, strings.ToLower(k)) != nil {
			spans = append(spans, span{name: strings.ToLower(k), start: i, end: len(fields)})
			if len(spans) > 1 {
				spans[len(spans)-2].end = i
			}
			fields[i] = v
			continue
		}
		if len(spans) == 0 && leading < 0 {
			leading = i
		}
	}
	if leading >= 0 {
		end := len(fields)
		if len(spans) > 0 {
			end = spans[0].start
		}
		if len(opts) == 0 {
			return fmt.Errorf("%w: this command takes no options", ErrUsage)
		}
		spans = append([]span{{name: opts[0].Name, start: leading, end: end}}, spans...)
	}
	for _, s := range spans {
		if _, dup := into[s.name]; dup {
			return fmt.Errorf("%w: option %s is given twice", ErrUsage, s.name)
		}
		into[s.name] = strings.TrimSpace(strings.Join(fields[s.start:s.end], " "))
	}
	for _, o := range opts {
		v, ok := into[o.Name]
		if !ok || v == "" {
			if o.Required {
				return fmt.Errorf("%w: option %s is required (%s)", ErrUsage, o.Name, o.Description)
			}
			delete(into, o.Name)
			continue
		}
		if err := checkOption(o, v); err != nil {
			return err
		}
		into[o.Name] = normalOption(o, v)
	}
	return nil
}

// normalOption writes a value as Discord sends it: booleans as true or false,
// a user mentioned as <@id> as the bare id. A user given by name stays a name
// for the handler to look up (the console has no member list).
func normalOption(o commands.Option, v string) string {
	switch o.Type {
	case commands.OptionBoolean:
		switch strings.ToLower(v) {
		case "true", "yes", "on":
			return "true"
		}
		return "false"
	case commands.OptionUser:
		if id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(v, "<@"), "!"), ">"); strings.HasPrefix(v, "<@") && strings.HasSuffix(v, ">") && id != "" && strings.Trim(id, "0123456789") == "" {
			return id
		}
	}
	return v
}

// checkOption validates a value as Discord would before sending it.
func checkOption(o commands.Option, v string) error {
	if o.MaxLength > 0 && utf8.RuneCountInString(v) > o.MaxLength {
		return fmt.Errorf("%w: %s can be at most %d characters; you gave %d", ErrUsage, o.Name, o.MaxLength, utf8.RuneCountInString(v))
	}
	if o.Type == commands.OptionBoolean {
		switch strings.ToLower(v) {
		case "true", "false", "yes", "no", "on", "off":
		default:
			return fmt.Errorf("%w: %s must be true or false", ErrUsage, o.Name)
		}
	}
	if o.Type == commands.OptionInteger {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%w: %s must be a whole number", ErrUsage, o.Name)
		}
		if o.Max > 0 && (n < o.Min || n > o.Max) {
			return fmt.Errorf("%w: %s must be between %d and %d", ErrUsage, o.Name, o.Min, o.Max)
		}
	}
	if len(o.Choices) > 0 {
		for _, c := range o.Choices {
			if strings.EqualFold(c.Value, v) {
				return nil
			}
		}
		var vals []string
		for _, c := range o.Choices {
			vals = append(vals, c.Value)
		}
		return fmt.Errorf("%w: %s must be one of: %s", ErrUsage, o.Name, strings.Join(vals, ", "))
	}
	return nil
}

func findOption(opts []commands.Option, name string) *commands.Option {
	for i := range opts {
		if opts[i].Name == name {
			return &opts[i]
		}
	}
	return nil
}

func subList(c *commands.Command) string {
	var names []string
	for _, s := range c.Subcommands {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
