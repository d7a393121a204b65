package main

// The multi-process tests run the real binary as child processes: built
// once per test binary, started with an explicit environment (no .env),
// their log collected, stopped with SIGTERM or killed with SIGKILL.

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ballerina-bot/ballerina/bot/fakediscord"
)

var binary struct {
	once sync.Once
	path string
	out  []byte
	err  error
}

// buildBinary builds the bot from this tree once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "ballerina-bin-")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "ballerina")
		binary.out, binary.err = exec.Command("go", "build", "-o", binary.path, ".").CombinedOutput()
	})
	if binary.err != nil {
		t.Fatalf("go build: %v\n%s", binary.err, binary.out)
	}
	return binary.path
}

// process is one child process of the bot.
type process struct {
	name   string
	cmd    *exec.Cmd
	stderr *syncBuffer
	url    string // its /interactions, for `ballerina http` (see serving)
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// startProcess starts `ballerina <subcommand>` in dir with env (PATH is
// added); the test's end kills it and, if the test failed, logs its last
// lines.
func startProcess(t *testing.T, name, subcommand, dir string, env []string) *process {
	t.Helper()
	p := &process{name: name, stderr: &syncBuffer{}, exited: make(chan struct{})}
	p.cmd = exec.Command(buildBinary(t), subcommand)
	p.cmd.Dir = dir
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("process %s (last lines):\n%s", name, tail(p.stderr.String(), 30))
		}
	})
	return p
}

// awaitLog waits for a line of the process's log.
func (p *process) awaitLog(t *testing.T, srv *fakediscord.Server, line string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, func() bool { return strings.Contains(p.stderr.String(), line) }); err != nil {
		t.Fatalf("process %s never logged %s", p.name, line)
	}
}

// kill is SIGKILL: no shutdown, no goodbye to Discord or the database.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-p.exited
}

// terminate sends SIGTERM, expects a clean exit and returns how long the
// process took.
func (p *process) terminate(t *testing.T) time.Duration {
	t.Helper()
	start := time.Now()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		t.Fatalf("process %s did not exit within 15 s of SIGTERM", p.name)
	}
	if p.err != nil {
		t.Errorf("process %s exited with %v after SIGTERM", p.name, p.err)
	}
	return time.Since(start)
}
