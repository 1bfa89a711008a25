package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	tu "github.com/stackctl/stackctl/internal/testutil"
)

// lockedBuffer is a bytes.Buffer safe to read while the command writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Ctrl-C at the [y/N] prompt is an answer: exit 130, the change set that
// was never executed is deleted, nothing else happens.
func TestInterruptAtPrompt(t *testing.T) {
	s := newScripted(t, tu.Scenario{
		"DescribeStacks":    {tu.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {tu.ChangeSetIs(stk, "CREATE_COMPLETE", "")},
	})
	var errOut lockedBuffer
	stdin, _ := io.Pipe() // a terminal nobody types into
	s.e.stdin, s.e.stderr = stdin, &errOut
	s.e.stdinTTY, s.e.stderrTTY = true, true
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"stackctl", "deploy", "--param", "MaxSize=6"}, s.e) }()

	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errOut.String(), "[y/N]") {
		require.True(t, time.Now().Before(deadline), "no prompt:\n%s", errOut.String())
		time.Sleep(5 * time.Millisecond)
	}
	cancel() // what the first Ctrl-C does (main.go)
	select {
	case code := <-done:
		require.Equal(t, exitInterrupted, code, errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("the prompt ignored the interrupt")
	}
	require.Equal(t, 1, s.srv.Count("DeleteChangeSet"), "the unexecuted change set is deleted")
	require.Zero(t, s.srv.Count("ExecuteChangeSet"))
	require.Contains(t, errOut.String(), "stackctl: interrupted before anything was executed: stack web-Production is unchanged\n")
}
