package main

import (
	"io"
	"os"
	"time"

	"golang.org/x/term"
)

// env carries what commands need from the outside world, so that tests can
// run every command with buffers, a fixed clock and fakes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdinTTY and stderrTTY say whether prompts and live views are possible.
	stdinTTY, stderrTTY bool
	getenv              func(string) string
	now                 func() time.Time
}

func newEnv() *env {
	return &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		getenv:    os.Getenv,
		now:       time.Now,
	}
}
