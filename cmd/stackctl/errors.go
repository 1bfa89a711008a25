package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/deploy"
)

// Exit codes: the contract in README.md. Do not renumber.
const (
	exitOK          = 0
	exitError       = 1   // unexpected error
	exitUsage       = 2   // usage or configuration error; nothing changed in AWS
	exitFailed      = 3   // the stack operation failed or rolled back
	exitFleet       = 4   // settled, but the fleet check failed
	exitTimeout     = 5   // timed out while the operation is still running
	exitInterrupted = 130 // interrupted
)

// usageError is a mistake in the command line: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitError carries an exit code for an error the view already explained
// (msg may then be empty: nothing more is printed).
type codedError struct {
	code int
	err  error
}

func (e *codedError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *codedError) Unwrap() error { return e.err }

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	var ce *codedError
	var ue *usageError
	var cfg *build.ConfigError
	var failed *deploy.StackFailedError
	var state *deploy.StackStateError
	var det *deploy.DetachedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return ce.code
	case errors.As(err, &ue), errors.As(err, &cfg):
		return exitUsage
	case errors.As(err, new(*deploy.FollowError)): // started, then lost: not a usage error even if credentials expired
		return exitError
	case awsclient.IsCredentialsError(err): // none found, or refused: nothing was changed with them
		return exitUsage
	case errors.As(err, &failed):
		return exitFailed
	case errors.As(err, new(*fleetError)):
		return exitFleet
	case errors.As(err, &state):
		if state.Failed {
			return exitFailed
		}
		return exitUsage
	case errors.As(err, &det) && errors.Is(det.Err, context.DeadlineExceeded):
		return exitTimeout
	case errors.Is(err, context.Canceled), errors.As(err, &det):
		return exitInterrupted
	}
	return exitError
}

// printError writes err as one line: "stackctl: <message>".
func printError(w io.Writer, err error) {
	msg := err.Error()
	if msg == "" {
		return
	}
	msg = strings.Join(strings.Fields(strings.ReplaceAll(msg, "\n", " ")), " ")
	fmt.Fprintf(w, "stackctl: %s\n", msg)
}
