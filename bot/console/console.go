package console

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"

	"github.com/ballerina-bot/ballerina/commands"
)

// Console runs commands typed one per line. It is also a commands.Messenger,
// so features that post on their own (trivia reveals) print here.
type Console struct {
	Table  commands.Table
	In     io.Reader
	Out    io.Writer
	Log    *slog.Logger
	JSON   bool // one JSON object per command instead of text
	Prompt bool // interactive: a banner and a "> " prompt
	User   commands.User
	// GuildID and ChannelID stand for where the console's commands happen:
	// one server with one channel, so server-wide features work locally.
	GuildID   string
	ChannelID string

	mu      sync.Mutex // guards Out and buttons: posts may come from timers
	buttons []commands.Button
	nextID  int
}

// Result is what one command produced, as --json prints it.
type Result struct {
	Command   string   `json:"command"`
	Found     bool     `json:"found"`
	Text      string   `json:"text"`
	Sources   []string `json:"sources"`
	Ephemeral bool     `json:"ephemeral,omitempty"`
	Buttons   []string `json:"buttons,omitempty"`
}

const apology = "Sorry, something went wrong on my side. Please try again."

// Run reads lines until the input ends, ctx is done, or the user types quit.
func (c *Console) Run(ctx context.Context) error {
	if c.Prompt {
		c.print("Ballerina bot console: ask about the film Ballerina (2023).\n" +
			"Type /help for the commands, a question on its own to /ask it, quit to leave.\n" +
			"To run on Discord instead, set DISCORD_TOKEN in the environment or .env (see .env.example).\n")
	}
	sc := bufio.NewScanner(c.In)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		if c.Prompt {
			c.print("> ")
		}
		if ctx.Err() != nil || !sc.Scan() {
			break
		}
		line := sc.Text()
		if c.Prompt && (line == "quit" || line == "exit") {
			return nil
		}
		res := c.exec(ctx, line, sc)
		if c.JSON {
			c.printJSON(res)
		} else if res.Text != "" {
			c.print(res.Text + "\n")
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read console input: %w", err)
	}
	return nil
}

// Exec runs one line and returns its result. It never fails: bad input is a
// Result that says what was wrong.
func (c *Console) Exec(ctx context.Context, line string) Result { return c.exec(ctx, line, nil) }

func (c *Console) exec(ctx context.Context, line string, more *bufio.Scanner) Result {
	line = strings.TrimSpace(line)
	if line == "" {
		return Result{Text: "Type a command such as /help, or a question about Ballerina.", Sources: []string{}}
	}
	req, err := c.request(line)
	if err != nil {
		if errors.Is(err, ErrUsage) {
			return Result{Text: strings.TrimPrefix(err.Error(), ErrUsage.Error()+": "), Sources: []string{}}
		}
		c.Log.Error("console parse", "err", err)
		return Result{Text: apology, Sources: []string{}}
	}
	res := c.dispatch(ctx, req)
	if res.modal != nil && more != nil {
		return c.fillModal(ctx, res.modal, more)
	}
	return res.Result
}

type outcome struct {
	Result
	modal *commands.Modal
}

func (c *Console) dispatch(ctx context.Context, req commands.Request) outcome {
	req.User = c.User
	req.GuildID = c.GuildID
	req.ChannelID = c.ChannelID
	req.CanManageMessages, req.CanManageServer = true, true
	resp, err := c.safeDispatch(ctx, req)
	name := req.Command
	if req.Subcommand != "" {
		name += " " + req.Subcommand
	}
	if err != nil {
		c.Log.Error("command failed", "command", name, "err", err)
		return outcome{Result: Result{Command: name, Text: apology, Sources: []string{}}}
	}
	c.mu.Lock()
	if len(resp.Buttons) > 0 {
		c.buttons = resp.Buttons
	}
	c.mu.Unlock()
	res := Result{Command: name, Found: resp.Found, Text: Render(resp), Sources: resp.Sources, Ephemeral: resp.Ephemeral}
	if res.Sources == nil {
		res.Sources = []string{}
	}
	for _, b := range resp.Buttons {
		res.Buttons = append(res.Buttons, b.Label)
	}
	return outcome{Result: res, modal: resp.Modal}
}

// safeDispatch turns a handler panic into an error, as the Discord adapter
// does, so one bad command never ends the session.
func (c *Console) safeDispatch(ctx context.Context, req commands.Request) (resp commands.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return c.Table.Dispatch(ctx, req)
}

// request turns a line into a Request: a slash command, a click on a button
// of the last reply (by label or number), or a bare question for /ask.
func (c *Console) request(line string) (commands.Request, error) {
	if strings.HasPrefix(line, "/") {
		return Parse(c.Table, line)
	}
	c.mu.Lock()
	buttons := c.buttons
	c.mu.Unlock()
	for i, b := range buttons {
		if strings.EqualFold(line, b.Label) || line == strconv.Itoa(i+1) {
			if b.Disabled {
				return commands.Request{}, fmt.Errorf("%w: that button is disabled", ErrUsage)
			}
			return commands.Request{Kind: commands.KindComponent, CustomID: b.CustomID}, nil
		}
	}
	return Parse(c.Table, "/ask question:"+line)
}

// fillModal asks for each input of a modal on the following lines, then
// submits it.
func (c *Console) fillModal(ctx context.Context, m *commands.Modal, sc *bufio.Scanner) Result {
	fields := map[string]string{}
	for _, in := range m.Inputs {
		if !c.JSON {
			c.print(fmt.Sprintf("%s — %s: ", m.Title, in.Label))
		}
		if !sc.Scan() {
			return Result{Text: "Cancelled.", Sources: []string{}}
		}
		fields[in.CustomID] = sc.Text()
	}
	sub := commands.Request{Kind: commands.KindModal, CustomID: m.CustomID, Fields: fields}
	return c.dispatch(ctx, sub).Result
}

func (c *Console) print(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	io.WriteString(c.Out, s)
}

func (c *Console) printJSON(r Result) {
	b, err := json.Marshal(r)
	if err != nil {
		c.Log.Error("encode result", "err", err)
		return
	}
	c.print(string(b) + "\n")
}

// Send prints a post the bot makes on its own (commands.Messenger).
func (c *Console) Send(_ context.Context, m commands.Message) (string, error) {
	c.mu.Lock()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	if len(m.Response.Buttons) > 0 {
		c.buttons = m.Response.Buttons
	}
	c.mu.Unlock()
	if c.JSON {
		c.printJSON(Result{Command: "post", Found: m.Response.Found, Text: Render(m.Response), Sources: nonNil(m.Response.Sources)})
	} else {
		c.print("\n" + Render(m.Response) + "\n")
	}
	return id, nil
}

// Edit prints the new version of an earlier post (commands.Messenger).
func (c *Console) Edit(ctx context.Context, _, _ string, r commands.Response) error {
	_, err := c.Send(ctx, commands.Message{Response: r})
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
