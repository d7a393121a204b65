package console

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
)

var parseTable = commands.Table{
	{Name: "ask", Options: []commands.Option{{Name: "question", Type: commands.OptionString, Required: true, MaxLength: 500}}},
	{Name: "cast", Options: []commands.Option{{Name: "name", Type: commands.OptionString}}},
	{Name: "plot", Options: []commands.Option{{Name: "part", Type: commands.OptionString, Choices: []commands.Choice{{Value: "premise"}, {Value: "full"}}}}},
	{Name: "help"},
	{Name: "trivia", Subcommands: []commands.Command{
		{Name: "start", Options: []commands.Option{
			{Name: "rounds", Type: commands.OptionInteger, Min: 1, Max: 20},
			{Name: "mode", Type: commands.OptionString},
			{Name: "spoilers", Type: commands.OptionBoolean},
		}},
		{Name: "stop"},
		{Name: "stats", Options: []commands.Option{{Name: "user", Type: commands.OptionUser}}},
	}},
}

func TestParse(t *testing.T) {
	tests := []struct {
		line string
		want commands.Request
	}{
		{"/ask question:who plays the villain", commands.Request{Command: "ask", Options: map[string]string{"question": "who plays the villain"}}},
		{"/ask who plays the villain", commands.Request{Command: "ask", Options: map[string]string{"question": "who plays the villain"}}},
		{"  /ASK   what is: the runtime  ", commands.Request{Command: "ask", Options: map[string]string{"question": "what is: the runtime"}}},
		{"/cast name:okjoo", commands.Request{Command: "cast", Options: map[string]string{"name": "okjoo"}}},
		{"/cast", commands.Request{Command: "cast", Options: map[string]string{}}},
		{"/cast jun jong-seo", commands.Request{Command: "cast", Options: map[string]string{"name": "jun jong-seo"}}},
		{"/plot part:FULL", commands.Request{Command: "plot", Options: map[string]string{"part": "FULL"}}},
		{"/trivia start rounds:3 mode:typed", commands.Request{Command: "trivia", Subcommand: "start", Options: map[string]string{"rounds": "3", "mode": "typed"}}},
		{"/trivia stop", commands.Request{Command: "trivia", Subcommand: "stop", Options: map[string]string{}}},
		{"/trivia start spoilers:YES", commands.Request{Command: "trivia", Subcommand: "start", Options: map[string]string{"spoilers": "true"}}},
		{"/trivia start spoilers:off", commands.Request{Command: "trivia", Subcommand: "start", Options: map[string]string{"spoilers": "false"}}},
		{"/trivia stats user:<@!123>", commands.Request{Command: "trivia", Subcommand: "stats", Options: map[string]string{"user": "123"}}},
		{"/trivia stats user:456", commands.Request{Command: "trivia", Subcommand: "stats", Options: map[string]string{"user": "456"}}},
		{"/trivia stats user:Min Hee", commands.Request{Command: "trivia", Subcommand: "stats", Options: map[string]string{"user": "Min Hee"}}},
		{"/trivia stats user:<@x>", commands.Request{Command: "trivia", Subcommand: "stats", Options: map[string]string{"user": "<@x>"}}},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			got, err := Parse(parseTable, tc.line)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tc.line, diff)
			}
		})
	}
}

func TestParseRejectsBadInputWithAClearMessage(t *testing.T) {
	tests := []struct {
		line string
		want string
	}{
		{"/nope", "there is no command /nope"},
		{"ask who", "commands start with /"},
		{"/ask", "option question is required"},
		{"/ask " + strings.Repeat("é", 600), "question can be at most 500 characters"},
		{"/" + strings.Repeat("x", 10000), "the most a command can take is 4000"},
		{"/plot part:middle", "part must be one of: premise, full"},
		{"/trivia", "/trivia needs one of: start, stop, stats"},
		{"/trivia begin", "/trivia needs one of: start, stop, stats"},
		{"/trivia start rounds:99", "rounds must be between 1 and 20"},
		{"/trivia start rounds:three", "rounds must be a whole number"},
		{"/trivia start spoilers:maybe", "spoilers must be true or false"},
		{"/help me please", "this command takes no options"},
		{"/cast name:a name:b", "option name is given twice"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := Parse(parseTable, tc.line)
			if !errors.Is(err, ErrUsage) {
				t.Fatalf("Parse(%.40q) error = %v, want a usage error", tc.line, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%.40q) = %q, want it to say %q", tc.line, err, tc.want)
			}
		})
	}
}

func TestRenderShowsDiscordTimestampsAsLocalTimes(t *testing.T) {
	t.Setenv("TZ", "UTC")
	got := Render(commands.Response{Content: "Time is up <t:1700000000:R>, started <t:1700000000:F>."})
	want := "Time is up at 22:13:20, started 2023-11-14 22:13 UTC."
	if got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
}
