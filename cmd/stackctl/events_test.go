package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	tu "github.com/stackctl/stackctl/internal/testutil"
)

// events --follow prints the recent events, then each new one once, until
// the running operation settles; a rollback exits 3.
func TestEventsFollow(t *testing.T) {
	s := newScripted(t, tu.Scenario{
		"DescribeStacks": {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100)), tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100)), tu.StackIs(stk, "UPDATE_ROLLBACK_COMPLETE", at(-100))},
		"DescribeStackEvents": {
			tu.Evs(tu.Ev(stk, at(1), stk, "", "UPDATE_IN_PROGRESS", "User Initiated"),
				tu.Ev(stk, at(2), "WebServerGroup", asg, "UPDATE_IN_PROGRESS", "")),
			tu.Quiet,
			tu.Evs(tu.Ev(stk, at(30), "WebServerGroup", asg, "UPDATE_FAILED", "Received 1 FAILURE signal(s) out of 2"),
				tu.Ev(stk, at(31), stk, "", "UPDATE_ROLLBACK_IN_PROGRESS", ""),
				tu.Ev(stk, at(40), stk, "", "UPDATE_ROLLBACK_COMPLETE", "")),
		},
	})
	code := s.run(t, "events", "--follow")
	out := s.stdout.String()
	require.Equal(t, exitFailed, code, s.transcript(code))
	require.Equal(t, 1, strings.Count(out, "UPDATE_IN_PROGRESS             WebServerGroup"), "each event once:\n%s", out)
	require.Contains(t, out, "UPDATE_FAILED                  WebServerGroup (AWS::AutoScaling::AutoScalingGroup): Received 1 FAILURE signal(s) out of 2")
	require.Contains(t, out, "UPDATE_ROLLBACK_COMPLETE")
}
