package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/ballerina-bot/ballerina/commands"
)

// Console runs commands typed one per line. It is also a commands.Messenger,
// so features that post on their own (trivia reveals) print here.
type Console struct {
	Table commands.Table
	In    io.Reader
	Out   io.Writer
	Log   *slog.Logger
	JSON  bool // one JSON object per command instead of text
	// TTY, when set (and JSON is not), is the interactive terminal the
	// console runs on instead of In and Out: a banner, line editing and
	// history, Ctrl-C or Ctrl-D to leave, and posts that arrive while the
	// user types printed above the prompt, which is redrawn with the text
	// typed so far.
	TTY  TTY
	User commands.User
	// GuildID and ChannelID stand for where the console's commands happen:
	// one server with one channel, so server-wide features work locally.
	GuildID   string
	ChannelID string

	mu     sync.Mutex     // guards term, the writers and shown: posts come from timers
	term   *term.Terminal // while Run edits lines on TTY
	shown  shown          // the last buttons printed
	nextID int
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

const banner = "Ballerina bot console: ask about the film Ballerina (2023).\n" +
	"Type /help for the commands, a question on its own to /ask it; quit, Ctrl-D or Ctrl-C to leave.\n" +
	"To run on Discord instead, set DISCORD_TOKEN in the environment or .env (see .env.example).\n"

// Run reads lines until the input ends, ctx is done, or the user leaves
// (quit, Ctrl-C or Ctrl-D on a terminal).
func (c *Console) Run(ctx context.Context) error {
	r, closeTTY, err := c.open()
	if err != nil {
		return err
	}
	defer closeTTY()
	interactive := c.term != nil
	prompt := ""
	if interactive {
		prompt = "> "
		c.print(banner)
	}
	for {
		line, chars, err := next(ctx, r, prompt)
		if err != nil {
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("read console input: %w", err)
		}
		if interactive && (strings.TrimSpace(line) == "quit" || strings.TrimSpace(line) == "exit") {
			return nil
		}
		res := c.exec(ctx, line, chars, func(prompt string) (string, error) {
			line, _, err := next(ctx, r, prompt)
			return line, err
		})
		if c.JSON {
			c.printJSON(res)
		} else if res.Text != "" {
			c.print(res.Text + "\n")
		}
	}
}

// open returns where lines come from: the terminal in raw mode with line
// editing when there is one, else In line by line. The returned func puts
// the terminal back as it was.
func (c *Console) open() (lineReader, func(), error) {
	if c.TTY == nil || c.JSON {
		showPrompt := func(p string) {
			if !c.JSON {
				c.print(p)
			}
		}
		return newPlainLines(c.In, showPrompt), func() {}, nil
	}
	restore, err := c.TTY.MakeRaw()
	if err != nil {
		return nil, nil, fmt.Errorf("console: put the terminal in raw mode: %w", err)
	}
	t := term.NewTerminal(c.TTY, "> ")
	t.AutoCompleteCallback = c.complete
	c.mu.Lock()
	c.term = t
	c.mu.Unlock()
	return &termLines{t: t, tty: c.TTY}, func() {
		c.mu.Lock()
		c.term = nil
		c.mu.Unlock()
		_ = restore()
		// Leave the shell's prompt on a line of its own.
		_, _ = io.WriteString(c.TTY, "\n")
	}, nil
}

// Exec runs one line and returns its result. It never fails: bad input is a
// Result that says what was wrong.
func (c *Console) Exec(ctx context.Context, line string) Result {
	return c.exec(ctx, line, utf8.RuneCountInString(line), nil)
}

// Ask answers one question: the whole text is the question, even when it
// starts with "/" or holds "name:".
func (c *Console) Ask(ctx context.Context, question string) Result {
	req, err := ParseQuestion(c.Table, question)
	if err != nil {
		return c.usage(err)
	}
	return c.dispatch(ctx, req).Result
}

// exec runs one line that had chars characters (it may have been cut
// short: it is then refused). read reads the next lines, for a form.
func (c *Console) exec(ctx context.Context, line string, chars int, read func(prompt string) (string, error)) Result {
	if chars > maxLine {
		return c.usage(tooLong(chars))
	}
	line = strings.TrimSpace(line)
	if line == "" {
		return Result{Text: "Type a command such as /help, or a question about Ballerina.", Sources: []string{}}
	}
	req, err := c.request(line)
	if err != nil {
		return c.usage(err)
	}
	res := c.dispatch(ctx, req)
	if res.modal != nil && read != nil {
		return c.fillModal(ctx, res.modal, read)
	}
	return res.Result
}

// usage turns a parse error into the Result that explains it.
func (c *Console) usage(err error) Result {
	if errors.Is(err, ErrUsage) {
		return Result{Text: strings.TrimPrefix(err.Error(), ErrUsage.Error()+": "), Sources: []string{}}
	}
	c.Log.Error("console parse", "err", err)
	return Result{Text: apology, Sources: []string{}}
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
	c.remember(resp)
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
// of the last reply (by label, number or a choice's text), or else a bare
// question for /ask.
func (c *Console) request(line string) (commands.Request, error) {
	if strings.HasPrefix(line, "/") {
		return Parse(c.Table, line)
	}
	c.mu.Lock()
	s := c.shown
	c.mu.Unlock()
	if b, ok := s.find(line); ok {
		if b.Disabled {
			return commands.Request{}, fmt.Errorf("%w: that button is closed", ErrUsage)
		}
		return commands.Request{Kind: commands.KindComponent, CustomID: b.CustomID}, nil
	}
	return ParseQuestion(c.Table, line)
}

// remember keeps the buttons of a reply or post for the lines that follow.
func (c *Console) remember(r commands.Response) {
	if len(r.Buttons) == 0 {
		return
	}
	c.mu.Lock()
	c.shown = shownOf(r)
	c.mu.Unlock()
}

// fillModal asks for each input of a modal on the following lines, then
// submits it.
func (c *Console) fillModal(ctx context.Context, m *commands.Modal, read func(prompt string) (string, error)) Result {
	fields := map[string]string{}
	for _, in := range m.Inputs {
		v, err := read(fmt.Sprintf("%s — %s: ", m.Title, in.Label))
		if err != nil {
			return Result{Text: "Cancelled.", Sources: []string{}}
		}
		fields[in.CustomID] = v
	}
	sub := commands.Request{Kind: commands.KindModal, CustomID: m.CustomID, Fields: fields}
	return c.dispatch(ctx, sub).Result
}

// complete completes a command name on Tab ("/tri" → "/trivia ").
func (c *Console) complete(line string, pos int, key rune) (string, int, bool) {
	if key != '\t' || !strings.HasPrefix(line, "/") || strings.Contains(line[:pos], " ") {
		return "", 0, false
	}
	prefix := strings.ToLower(line[1:pos])
	var match []string
	for _, cmd := range c.Table {
		if strings.HasPrefix(cmd.Name, prefix) {
			match = append(match, cmd.Name)
		}
	}
	if len(match) == 0 {
		return "", 0, false
	}
	common := match[0]
	for _, m := range match[1:] {
		for !strings.HasPrefix(m, common) {
			common = common[:len(common)-1]
		}
	}
	if len(match) == 1 {
		common += " "
	}
	return "/" + common + line[pos:], len(common) + 1, true
}

// print writes s where the console's output goes: through the terminal
// while lines are edited on it (which clears the prompt and the text typed
// so far, prints s, and draws them again below), else to Out.
func (c *Console) print(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = io.WriteString(c.writer(), s)
}

// writer is where output goes now; c.mu is held.
func (c *Console) writer() io.Writer {
	switch {
	case c.term != nil:
		return c.term
	case c.Out != nil:
		return c.Out
	case c.TTY != nil:
		return c.TTY
	}
	return io.Discard
}

// LogWriter returns a writer for log lines: while the console edits lines
// on its terminal, through the terminal, so a log line does not land in the
// middle of the prompt (and gets the "\r\n" raw mode needs); else to w.
// Give it only a w that shows on the same terminal: a log file stays w.
func (c *Console) LogWriter(w io.Writer) io.Writer { return logWriter{c: c, w: w} }

type logWriter struct {
	c *Console
	w io.Writer
}

func (l logWriter) Write(p []byte) (int, error) {
	l.c.mu.Lock()
	defer l.c.mu.Unlock()
	if l.c.term != nil {
		return l.c.term.Write(p)
	}
	return l.w.Write(p)
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
	onTerminal := c.term != nil
	c.mu.Unlock()
	c.remember(m.Response)
	switch {
	case c.JSON:
		c.printJSON(Result{Command: "post", Found: m.Response.Found, Text: Render(m.Response), Sources: nonNil(m.Response.Sources)})
	case onTerminal: // the terminal clears the prompt line for it
		c.print(Render(m.Response) + "\n")
	default:
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
