package fleet

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/testutil"
)

func clocked(f *fakeAWS, t Target) (*Checker, *testutil.Clock, *[]*Report) {
	clock := testutil.NewClock(at)
	var reports []*Report
	c := &Checker{Clients: clientsOf(f), Target: t, Now: clock.Now, Sleep: clock.Sleep,
		OnReport: func(r *Report) { reports = append(reports, r) }}
	return c, clock, &reports
}

func TestWaitConverges(t *testing.T) {
	f := &fakeAWS{
		Groups: []astypes.AutoScalingGroup{
			lcGroup("lc-new", 2, inst("i-1", "lc-new")),
			lcGroup("lc-new", 2, inst("i-1", "lc-new"), inst("i-3", "lc-new")),
		},
		Health: inService("InService", "i-1", "i-3"), Tags: tagged("i-1", "i-3"),
	}
	c, clock, reports := clocked(f, classicTarget())
	r, err := c.Wait(t.Context(), time.Minute, 10*time.Second)
	require.NoError(t, err)
	require.True(t, r.Converged())
	require.Len(t, *reports, 2)
	require.Equal(t, []string{"1 of 2 desired instances InService"}, (*reports)[0].Failing())
	require.Equal(t, at.Add(10*time.Second), clock.Now())
}

func TestWaitTimesOut(t *testing.T) {
	f := &fakeAWS{
		Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), inst("i-2", "lc-old"))},
		Health: inService("InService", "i-1", "i-2"), Tags: tagged("i-1", "i-2"),
	}
	c, clock, reports := clocked(f, classicTarget())
	r, err := c.Wait(t.Context(), 35*time.Second, 10*time.Second)
	var nc *NotConvergedError
	require.ErrorAs(t, err, &nc)
	require.Same(t, r, nc.Report)
	require.EqualError(t, err, "fleet of group web-asg did not converge within 35s: "+
		"i-2: on launch configuration lc-old, current is launch configuration lc-new")
	require.Len(t, *reports, 5) // at 0, 10, 20, 30 and 35 s
	require.Equal(t, at.Add(35*time.Second), clock.Now())
}

func TestWaitBoundedWithoutAClock(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 1)}}
	c := &Checker{Clients: clientsOf(f), Target: Target{Group: "web-asg"},
		Now: func() time.Time { return at }, Sleep: func(context.Context, time.Duration) error { return nil }}
	_, err := c.Wait(t.Context(), time.Minute, 10*time.Second)
	var nc *NotConvergedError
	require.ErrorAs(t, err, &nc)
	require.Equal(t, 8, f.Count("DescribeAutoScalingGroups"))
}

func TestWaitZeroTimeoutLooksOnce(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 1)}}
	c, _, _ := clocked(f, Target{Group: "web-asg"})
	_, err := c.Wait(t.Context(), 0, 0)
	require.ErrorAs(t, err, new(*NotConvergedError))
	require.Equal(t, 1, f.Count("DescribeAutoScalingGroups"))
}

func TestWaitInterrupted(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 1)}}
	c, _, _ := clocked(f, Target{Group: "web-asg"})
	ctx, cancel := context.WithCancel(t.Context())
	c.OnReport = func(*Report) { cancel() }
	r, err := c.Wait(ctx, time.Minute, time.Second)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, r)
	require.False(t, errors.As(err, new(*NotConvergedError)))
}

// A look that fails after the SDK's own retries is looked at again, a few
// times in a row at most; other errors end the wait at once.
func TestWaitSurvivesTransientErrors(t *testing.T) {
	exhausted := &retry.MaxAttemptsError{Attempt: 10, Err: errors.New("Throttling: Rate exceeded")}
	healthy := func() *fakeAWS {
		return &fakeAWS{
			Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 1, inst("i-1", "lc-new"))},
			Health: inService("InService", "i-1"), Tags: tagged("i-1"),
		}
	}
	f := healthy()
	f.GroupErrs = []error{exhausted, exhausted}
	c, _, _ := clocked(f, classicTarget())
	r, err := c.Wait(t.Context(), time.Minute, 10*time.Second)
	require.NoError(t, err)
	require.True(t, r.Converged())

	f = healthy()
	f.GroupErrs = []error{exhausted, exhausted, exhausted, exhausted}
	c, _, _ = clocked(f, classicTarget())
	_, err = c.Wait(t.Context(), time.Minute, 10*time.Second)
	require.ErrorIs(t, err, exhausted.Err, "four failed looks in a row give up")

	f = healthy()
	f.GroupErrs = []error{errors.New("AccessDenied")}
	c, _, _ = clocked(f, classicTarget())
	_, err = c.Wait(t.Context(), time.Minute, 10*time.Second)
	require.ErrorContains(t, err, "AccessDenied", "a permanent error is not retried")
}
