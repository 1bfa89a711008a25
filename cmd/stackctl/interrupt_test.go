package main

import (
	"bufio"
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	tu "github.com/stackctl/stackctl/internal/testutil"
)

// proc is the real binary running in the background, its stderr watched.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	stdout bytes.Buffer
	lines  chan string
	done   chan struct{}
	code   int
}

func startBinary(t *testing.T, bin, endpoint string, args ...string) *proc {
	t.Helper()
	p := &proc{lines: make(chan string, 1000), done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir, p.cmd.Env, p.cmd.Stdout = t.TempDir(), procEnv(motoVars(endpoint)), &p.stdout
	r, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			p.lines <- sc.Text()
		}
		err := p.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				p.code = 128 + int(ws.Signal())
			}
		}
		close(p.done)
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })
	return p
}

// waitLine waits for a stderr line containing s.
func (p *proc) waitLine(t *testing.T, s string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l := <-p.lines:
			if strings.Contains(l, s) {
				return
			}
		case <-p.done:
			t.Fatalf("exited before %q:\n%s", s, p.errText())
		case <-deadline:
			t.Fatalf("no %q within 30s:\n%s", s, p.errText())
		}
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func (p *proc) exit(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		for range len(p.lines) { // drain
			<-p.lines
		}
		return p.code
	case <-time.After(30 * time.Second):
		t.Fatalf("did not exit within 30s:\n%s", p.errText())
	}
	return 0
}

func (p *proc) errText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// updateScenario is an update whose change set is ready (or, with
// planning, never ready) and whose operation runs until the test says.
func updateScenario(planning bool) tu.Scenario {
	now := time.Now().Add(time.Hour) // after the operation starts on the real clock
	cs := tu.ChangeSetIs(stk, "CREATE_COMPLETE", "", tu.Change{Type: "Resource", ResourceChange: tu.ResourceChange{Action: "Modify", LogicalResourceId: "WebServerGroup", ResourceType: asg}})
	if planning {
		cs = tu.ChangeSetIs(stk, "CREATE_PENDING", "")
	}
	return tu.Scenario{
		"DescribeStacks":    {tu.StackIs(stk, "UPDATE_COMPLETE", now.Add(-time.Hour)), tu.StackIs(stk, "UPDATE_IN_PROGRESS", now.Add(-time.Hour))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {cs},
		"DescribeStackEvents": {tu.Evs(evTok(tu.Ev(stk, now, stk, "", "UPDATE_IN_PROGRESS", "User Initiated")),
			evTok(tu.Ev(stk, now.Add(time.Second), "WebServerGroup", asg, "UPDATE_IN_PROGRESS", ""))), tu.Quiet},
	}
}

func evTok(e tu.Event) tu.Event { e.ClientRequestToken = "$TOKEN"; return e }

// SIGINT and SIGTERM while planning and while the update runs: exit 130,
// an unexecuted change set deleted, a running update left running with
// the line that re-attaches to it, nothing cancelled.
func TestInterruptPhases(t *testing.T) {
	bin := buildStackctl(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String()+"/planning", func(t *testing.T) {
			srv := tu.NewScripted(updateScenario(true))
			defer srv.Close()
			p := startBinary(t, bin, srv.URL, "deploy", "--yes", "--no-verify", "--param", "MaxSize=6")
			waitFor(t, "the change set to be polled", func() bool { return srv.Count("DescribeChangeSet") > 0 })
			require.NoError(t, p.cmd.Process.Signal(sig))
			require.Equal(t, exitInterrupted, p.exit(t), p.errText())
			require.Equal(t, 1, srv.Count("DeleteChangeSet"), "the unexecuted change set is deleted")
			require.Zero(t, srv.Count("ExecuteChangeSet"))
			require.Contains(t, p.errText(), "stackctl: interrupted before anything was executed: stack web-Production is unchanged\n")
			require.Empty(t, p.stdout.String())
			t.Logf("planning, %s:\n%s", sig, p.errText())
		})
		t.Run(sig.String()+"/waiting", func(t *testing.T) {
			srv := tu.NewScripted(updateScenario(false))
			defer srv.Close()
			p := startBinary(t, bin, srv.URL, "deploy", "--yes", "--no-verify", "--param", "MaxSize=6")
			p.waitLine(t, "UPDATE_IN_PROGRESS             WebServerGroup")
			require.NoError(t, p.cmd.Process.Signal(sig))
			require.Equal(t, exitInterrupted, p.exit(t), p.errText())
			require.Contains(t, p.errText(), "Re-attach with:\n  stackctl wait --stack web-Production\n")
			require.Equal(t, 1, srv.Count("ExecuteChangeSet"))
			require.Zero(t, srv.Count("DeleteChangeSet"), "an executed change set is kept")
			require.Zero(t, srv.Count("CancelUpdateStack"), "one signal detaches, it never cancels")
			t.Logf("waiting, %s:\n%s", sig, p.errText())
		})
	}
}

// A deploy killed with SIGKILL while the update runs leaves no trace but
// the running update; 'stackctl wait' picks it up and reports its true
// end: a rollback with its root cause (exit 3), or success (exit 0).
func TestKilledDeployThenWait(t *testing.T) {
	bin := buildStackctl(t)
	for _, tc := range []struct {
		name, final string
		code        int
		want        string
	}{
		{"rolled back", "UPDATE_ROLLBACK_COMPLETE", exitFailed, "WebServerGroup (AWS::AutoScaling::AutoScalingGroup) UPDATE_FAILED: Received 1 FAILURE signal(s) out of 2"},
		{"completed", "UPDATE_COMPLETE", exitOK, "stack web-Production: UPDATE_COMPLETE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tu.NewScripted(updateScenario(false))
			defer srv.Close()
			p := startBinary(t, bin, srv.URL, "deploy", "--yes", "--no-verify", "--param", "MaxSize=6")
			p.waitLine(t, "UPDATE_IN_PROGRESS             WebServerGroup")
			require.NoError(t, p.cmd.Process.Kill())
			require.Equal(t, 128+int(syscall.SIGKILL), p.exit(t))

			later := time.Now().Add(2 * time.Hour)
			srv.Script("DescribeStacks", tu.StackIs(stk, "UPDATE_IN_PROGRESS", later.Add(-3*time.Hour)), tu.StackIs(stk, tc.final, later.Add(-3*time.Hour)))
			evs := []tu.Event{tu.Ev(stk, later.Add(9*time.Second), stk, "", tc.final, "")}
			if tc.code == exitFailed {
				evs = append([]tu.Event{tu.Ev(stk, later, "WebServerGroup", asg, "UPDATE_FAILED", "Received 1 FAILURE signal(s) out of 2"),
					tu.Ev(stk, later.Add(time.Second), stk, "", "UPDATE_ROLLBACK_IN_PROGRESS", "")}, evs...)
			}
			srv.Script("DescribeStackEvents", tu.Evs(evs...), tu.Quiet)
			w := startBinary(t, bin, srv.URL, "wait", "--stack", "web-Production", "--no-verify")
			require.Equal(t, tc.code, w.exit(t), w.errText())
			require.Contains(t, w.errText(), tc.want)
			require.Equal(t, 1, srv.Count("ExecuteChangeSet"), "nothing re-executed")
			t.Logf("wait after SIGKILL:\n%s", w.errText())
		})
	}
}
