package console

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ballerina-bot/ballerina/commands"
)

// FuzzParse feeds the console's input path arbitrary bytes: split into lines
// as the console reads them, each line parsed as a command or a question.
// Nothing panics, no line is lost, refusals are usage errors with a
// message, and what is accepted fits the command's options.
//
//	go test ./bot/console/ -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"/ask question:who plays the villain", "/ask who plays the villain", "  /ASK   what is: the runtime  ",
		"/cast name:okjoo", "/cast jun jong-seo", "/cast name:a name:b", "/plot part:FULL", "/plot part:middle",
		"/trivia start rounds:3 mode:typed", "/trivia start rounds:99", "/trivia start rounds:-0", "/trivia",
		"/trivia stop", "/help me please", "/nope", "/", "//", "/ ", "quick q: how long is it", "question: a question: b",
		"", "\n\n", "\r\n", "a\rb\n", "é\xff\xfe", "/ask " + strings.Repeat("é", 600), strings.Repeat("x", 5000),
		"/ask question:", "/cast name:", "/trivia start rounds:2 rounds:3", "/trivia start mode:",
		"\x9a", "\xe2\x82", "€\xe2\x82\xac\xe2", // invalid and cut characters
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, input string) {
		// Characters are counted alike however the input is cut.
		for _, cut := range []int{1, len(input) / 2, len(input) - 1} {
			var c runeCount
			c.add([]byte(input[:max(0, min(cut, len(input)))]))
			c.add([]byte(input[max(0, min(cut, len(input))):]))
			if got, want := c.end(), utf8.RuneCountInString(input); got != want {
				t.Fatalf("%q cut at %d: %d characters, want %d", input, cut, got, want)
			}
		}
		r := newPlainLines(strings.NewReader(input), nil)
		lines := 0
		for {
			line, chars, err := r.readLine("")
			if err != nil {
				break
			}
			lines++
			if n := utf8.RuneCountInString(line); chars != n && len(line) < maxKeep {
				t.Fatalf("line %q counted as %d characters, not %d", line, chars, n)
			}
			checkParse(t, line, func() (commands.Request, error) { return Parse(parseTable, line) })
			checkParse(t, line, func() (commands.Request, error) { return ParseQuestion(parseTable, line) })
		}
		want := strings.Count(input, "\n")
		if input != "" && !strings.HasSuffix(input, "\n") {
			want++
		}
		if lines != want {
			t.Fatalf("%d lines read from input with %d", lines, want)
		}
	})
}

// checkParse checks one parse of line.
func checkParse(t *testing.T, line string, parse func() (commands.Request, error)) {
	t.Helper()
	req, err := parse()
	if err != nil {
		if !errors.Is(err, ErrUsage) || strings.TrimPrefix(err.Error(), ErrUsage.Error()+": ") == "" {
			t.Fatalf("parse %q: %v is not a usage error with a message", line, err)
		}
		if n := utf8.RuneCountInString(err.Error()); n > 300 {
			t.Fatalf("parse %q: a %d-character message", line, n)
		}
		return
	}
	cmd, ok := parseTable.Lookup(req.Command)
	if !ok {
		t.Fatalf("parse %q: command %q is not in the table", line, req.Command)
	}
	if req.Subcommand != "" {
		if cmd, ok = cmd.Sub(req.Subcommand); !ok {
			t.Fatalf("parse %q: no subcommand %q", line, req.Subcommand)
		}
	}
	for name, v := range req.Options {
		o := findOption(cmd.Options, name)
		switch {
		case o == nil:
			t.Fatalf("parse %q: option %q is not one of /%s's", line, name, cmd.Name)
		case v == "" || v != strings.TrimSpace(v):
			t.Fatalf("parse %q: option %s = %q", line, name, v)
		case o.MaxLength > 0 && utf8.RuneCountInString(v) > o.MaxLength:
			t.Fatalf("parse %q: option %s has %d characters, more than %d", line, name, utf8.RuneCountInString(v), o.MaxLength)
		case o.Type == commands.OptionInteger:
			if n, err := strconv.Atoi(v); err != nil || (o.Max > 0 && (n < o.Min || n > o.Max)) {
				t.Fatalf("parse %q: option %s = %q is not a whole number in range", line, name, v)
			}
		}
	}
	for _, o := range cmd.Options {
		if _, ok := req.Options[o.Name]; o.Required && !ok {
			t.Fatalf("parse %q: required option %s missing", line, o.Name)
		}
	}
}
