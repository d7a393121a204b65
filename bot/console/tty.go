package console

import (
	"io"
	"os"

	"golang.org/x/term"
)

// TTY is an interactive terminal the console edits lines on. The real one
// comes from OpenTTY; tests use any io.ReadWriter that plays a terminal.
type TTY interface {
	io.ReadWriter
	// MakeRaw puts the terminal in raw mode (keys arrive one by one, no
	// echo, no signals) and returns how to restore it.
	MakeRaw() (restore func() error, err error)
	// Size is the terminal's width and height in characters.
	Size() (width, height int, err error)
}

// OpenTTY returns the terminal made of in and out when both are one, so
// piped input or output keeps the plain line-by-line console.
func OpenTTY(in io.Reader, out io.Writer) (TTY, bool) {
	fin, ok1 := in.(*os.File)
	fout, ok2 := out.(*os.File)
	if !ok1 || !ok2 || !term.IsTerminal(int(fin.Fd())) || !term.IsTerminal(int(fout.Fd())) {
		return nil, false
	}
	return osTTY{in: fin, out: fout}, true
}

type osTTY struct{ in, out *os.File }

func (t osTTY) Read(p []byte) (int, error)  { return t.in.Read(p) }
func (t osTTY) Write(p []byte) (int, error) { return t.out.Write(p) }

func (t osTTY) MakeRaw() (func() error, error) {
	fd := int(t.in.Fd())
	st, err := term.MakeRaw(fd)
	if err != nil {
		return nil, err
	}
	return func() error { return term.Restore(fd, st) }, nil
}

func (t osTTY) Size() (int, int, error) { return term.GetSize(int(t.out.Fd())) }

// IsTerminal reports whether f is an interactive terminal.
func IsTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
