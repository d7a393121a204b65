package console

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ballerina-bot/ballerina/commands"
)

// runLines runs a console in --json mode on input and returns its results.
func runLines(t *testing.T, r *recorder, input string) []Result {
	t.Helper()
	var out bytes.Buffer
	c := newTestConsole(r)
	c.In, c.Out, c.JSON = strings.NewReader(input), &out, true
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run = %v", err)
	}
	var res []Result
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r Result
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		res = append(res, r)
	}
	return res
}

// A line of a megabyte gets the same clear message as one of 10 000
// characters, and the console goes on: no line is too long to read.
func TestOverLongLinesAreRefusedAndTheConsoleGoesOn(t *testing.T) {
	r := &recorder{}
	input := strings.Repeat("x", 1<<20) + "\n" + // ASCII, a mebibyte
		"/ask " + strings.Repeat("é", 1<<19) + "\r\n" + // two bytes a character
		strings.Repeat("y", 10000) + "\n" +
		"who plays ok-ju\n" +
		strings.Repeat("z", 4001) // the last line, without its end
	got := runLines(t, r, input)
	want := []string{
		"that line has 1048576 characters; the most a command can take is 4000",
		"that line has 524293 characters; the most a command can take is 4000",
		"that line has 10000 characters; the most a command can take is 4000",
		"answer to: who plays ok-ju",
		"that line has 4001 characters; the most a command can take is 4000",
	}
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Text != want[i] {
			t.Errorf("line %d: %q, want %q", i+1, got[i].Text, want[i])
		}
	}
	if diff := cmp.Diff([]string{"who plays ok-ju"}, r.questions()); diff != "" {
		t.Errorf("questions asked (-want +got):\n%s", diff)
	}
}

// A bare line is always a question, never options: only lines starting
// with "/" are commands.
func TestABareLineIsAlwaysAQuestion(t *testing.T) {
	r := &recorder{}
	lines := []string{
		"quick q: how long is it",
		"question: who question: what",
		"name:okjoo",
		"what is 4/3?",
	}
	got := runLines(t, r, strings.Join(lines, "\n")+"\n")
	for i, res := range got {
		if !res.Found || res.Command != "ask" {
			t.Errorf("line %q: %+v", lines[i], res)
		}
	}
	if diff := cmp.Diff(lines, r.questions()); diff != "" {
		t.Errorf("questions asked (-want +got):\n%s", diff)
	}
	c := newTestConsole(r)
	if res := c.Ask(context.Background(), "/help me"); res.Command != "ask" || r.questions()[len(lines)] != "/help me" {
		t.Errorf("Ask(\"/help me\") = %+v", res)
	}
}

// In a buttons round, typing a choice's text clicks its button; case and
// spacing do not matter. Other lines are still questions.
func TestTypingAChoiceClicksItsButton(t *testing.T) {
	r := &recorder{}
	c := newTestConsole(r)
	ctx := context.Background()
	first := c.Exec(ctx, "/round")
	if !strings.Contains(first.Text, "(type a letter, its number or the answer's text to click it)") {
		t.Errorf("the round does not say its choices can be typed:\n%s", first.Text)
	}
	for _, line := range []string{"  jeon   JONG-seo ", "Kim Ji-hoon", "c", "4", "who plays ok-ju"} {
		c.Exec(ctx, line)
	}
	if diff := cmp.Diff([]string{"round:B", "round:A", "round:C", "round:D"}, r.clicked()); diff != "" {
		t.Errorf("clicks (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"who plays ok-ju"}, r.questions()); diff != "" {
		t.Errorf("questions asked (-want +got):\n%s", diff)
	}

	// The round closes (its card is edited): its choices are buttons no more.
	if text := Render(roundCard(true)); strings.Contains(text, "(type") || !strings.Contains(text, "[2] B (closed)") {
		t.Errorf("a closed round still invites clicks:\n%s", text)
	}
	if err := c.Edit(ctx, "c", "1", roundCard(true)); err != nil {
		t.Fatal(err)
	}
	if res := c.Exec(ctx, "jeon jong-seo"); res.Text != "that button is closed" {
		t.Errorf("a closed choice: %q", res.Text)
	}
	// A reply with other buttons replaces the choices.
	c.Send(ctx, commands.Message{Response: commands.Response{Content: "next", Buttons: []commands.Button{{CustomID: "round:explain", Label: "Explain"}}}})
	c.Exec(ctx, "jeon jong-seo")
	if q := r.questions(); len(q) != 2 || q[1] != "jeon jong-seo" {
		t.Errorf("after the round, a choice's text should be a question again: %q", q)
	}
}
