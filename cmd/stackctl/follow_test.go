package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	tu "github.com/stackctl/stackctl/internal/testutil"
)

// A poll that fails even after the SDK's retries is tried again at the next
// poll: the operation goes on regardless, so one bad minute of throttling
// must not end a deploy. Endless failures end it with exit 1 and the line
// that re-attaches, never a claim that nothing changed.
func TestFollowSurvivesFailedPolls(t *testing.T) {
	throttled := func(n int) []tu.Reply {
		r := make([]tu.Reply, n)
		for i := range r {
			r[i] = tu.Reply{Err: tu.Throttle}
		}
		return r
	}
	t.Run("a failed poll is retried", func(t *testing.T) {
		s := newScripted(t, tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100)), tu.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
			"DescribeStackEvents": append(throttled(5), // the SDK makes 5 attempts here: one whole poll fails
				tu.Evs(tu.Ev(stk, at(1), stk, "", "UPDATE_IN_PROGRESS", ""), tu.Ev(stk, at(9), stk, "", "UPDATE_COMPLETE", ""))),
		})
		code := s.run(t, "wait")
		require.Equal(t, 0, code, s.transcript(code))
	})
	t.Run("endless failures give up", func(t *testing.T) {
		s := newScripted(t, tu.Scenario{
			"DescribeStacks":      {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100))},
			"DescribeStackEvents": throttled(1), // the last reply repeats
		})
		code := s.run(t, "wait")
		require.Equal(t, exitError, code, s.transcript(code))
		require.Contains(t, s.errs.String(), "Re-attach with:\n  stackctl wait --stack web-Production\n")
		require.Contains(t, s.errs.String(), "stackctl: lost track of stack web-Production (still running)")
		require.Equal(t, 5*(5+1), s.srv.Count("DescribeStackEvents"), "bounded: the SDK's 5 attempts per poll")
	})
}
