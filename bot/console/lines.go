package console

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"unicode/utf8"

	"golang.org/x/term"
)

// lineReader reads the console's input one line at a time.
type lineReader interface {
	// readLine shows prompt (when the reader shows prompts) and returns the
	// next line without its end, and how many characters the line had: an
	// over-long line keeps only its beginning but is counted whole, so it
	// can be refused by its real length.
	readLine(prompt string) (line string, chars int, err error)
}

// maxKeep is how many bytes of a line plainLines keeps: well over maxLine
// characters of any script, so only lines that are refused anyway are cut.
const maxKeep = 4 * maxLine * utf8.UTFMax

// plainLines reads lines from a pipe or file. Unlike bufio.Scanner it has
// no line it cannot read: a line of any length is counted and the rest of
// the input still comes through.
type plainLines struct {
	r      *bufio.Reader
	prompt func(string) // shows a prompt; nil shows none
}

func newPlainLines(r io.Reader, prompt func(string)) *plainLines {
	return &plainLines{r: bufio.NewReader(r), prompt: prompt}
}

func (p *plainLines) readLine(prompt string) (string, int, error) {
	if prompt != "" && p.prompt != nil {
		p.prompt(prompt)
	}
	var keep []byte
	var count runeCount
	var prev byte // the byte before the chunk's last one, across chunks
	read := 0
	for {
		chunk, err := p.r.ReadSlice('\n')
		read += len(chunk)
		count.add(chunk)
		if room := maxKeep - len(keep); room > 0 {
			keep = append(keep, chunk[:min(len(chunk), room)]...)
		}
		if err == bufio.ErrBufferFull {
			prev = chunk[len(chunk)-1]
			continue
		}
		if err != nil && (err != io.EOF || read == 0) {
			return "", 0, err
		}
		// A whole line, or the last one without its end: drop the end,
		// "\n" or "\r\n", from what is counted and kept.
		chars := count.end()
		if n := len(chunk); n > 0 && chunk[n-1] == '\n' {
			chars--
			if n > 1 {
				prev = chunk[n-2]
			}
			if prev == '\r' {
				chars--
			}
			keep = bytes.TrimSuffix(bytes.TrimSuffix(keep, []byte("\n")), []byte("\r"))
		}
		return string(keep), chars, nil
	}
}

// runeCount counts the characters of a line read in pieces as
// utf8.RuneCount counts the whole line: a character cut between two pieces
// counts once, each invalid byte once.
type runeCount struct {
	n    int
	tail []byte // a character begun at the end of the last piece
}

func (c *runeCount) add(p []byte) {
	buf := append(c.tail, p...)
	end := len(buf)
	for i := max(0, end-utf8.UTFMax+1); i < end; i++ {
		if utf8.RuneStart(buf[i]) && !utf8.FullRune(buf[i:]) {
			end = i // it may be completed by the next piece
			break
		}
	}
	c.n += utf8.RuneCount(buf[:end])
	c.tail = append([]byte(nil), buf[end:]...)
}

// end counts what is left and returns the total.
func (c *runeCount) end() int {
	return c.n + utf8.RuneCount(c.tail)
}

// termLines edits lines on a terminal in raw mode with golang.org/x/term:
// arrows, word moves, history on the up and down arrows, Tab completion of
// command names; Ctrl-C, or Ctrl-D on an empty line, ends the input (io.EOF).
type termLines struct {
	t   *term.Terminal
	tty TTY
}

func (l *termLines) readLine(prompt string) (string, int, error) {
	if w, h, err := l.tty.Size(); err == nil && w > 0 {
		_ = l.t.SetSize(w, h) // follow a resized window, line by line
	}
	l.t.SetPrompt(prompt)
	line, err := l.t.ReadLine()
	return line, utf8.RuneCountInString(line), err
}

// next reads one line without keeping the console from ending: when ctx
// ends (SIGTERM) while the read still waits for input, next returns at once
// and the read is abandoned.
func next(ctx context.Context, r lineReader, prompt string) (string, int, error) {
	type got struct {
		line  string
		chars int
		err   error
	}
	ch := make(chan got, 1)
	go func() {
		line, chars, err := r.readLine(prompt)
		ch <- got{line, chars, err}
	}()
	select {
	case g := <-ch:
		return g.line, g.chars, g.err
	case <-ctx.Done():
		return "", 0, ctx.Err()
	}
}
