package fleet

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// RefreshFailedError says an instance refresh ended without success
// (Failed, Cancelled, RollbackSuccessful, RollbackFailed); Reason is AWS's
// status reason.
type RefreshFailedError struct {
	Group, ID, Status, Reason string
}

func (e *RefreshFailedError) Error() string {
	msg := fmt.Sprintf("instance refresh %s of group %s is %s", e.ID, e.Group, e.Status)
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// RefreshDetachedError says stackctl stopped following a refresh that is
// still running (timeout or interrupt); Err is the cause.
type RefreshDetachedError struct {
	Group, ID, Status string
	Percentage        int
	Err               error
}

func (e *RefreshDetachedError) Error() string {
	return fmt.Sprintf("stopped following instance refresh %s of group %s (%s, %d%% done): %v",
		e.ID, e.Group, e.Status, e.Percentage, e.Err)
}

func (e *RefreshDetachedError) Unwrap() error { return e.Err }

// followRefresh polls the refresh until it ends, emitting each change.
func (c *Checker) followRefresh(ctx context.Context, id string, o RefreshOptions) error {
	poll, timeout := o.Poll, o.Timeout
	if poll <= 0 {
		poll = DefaultRefreshPoll
	}
	if timeout <= 0 {
		timeout = DefaultRefreshTimeout
	}
	deadline := c.now().Add(timeout)
	var last RefreshProgress
	for range int(timeout/poll) + 2 {
		p, r, err := c.refreshState(ctx, id)
		if err != nil {
			return err
		}
		if p.Status != last.Status || p.Percentage != last.Percentage || p.Reason != last.Reason {
			c.emit(p)
		}
		last = p
		if finished(r.Status) {
			return refreshOutcome(c.Target.Group, p, r.Status)
		}
		left := deadline.Sub(c.now())
		if left <= 0 {
			break
		}
		if err := c.sleep(ctx, min(poll, left)); err != nil {
			return &RefreshDetachedError{Group: c.Target.Group, ID: id, Status: last.Status, Percentage: last.Percentage, Err: err}
		}
	}
	return &RefreshDetachedError{Group: c.Target.Group, ID: id, Status: last.Status, Percentage: last.Percentage, Err: context.DeadlineExceeded}
}

func (c *Checker) refreshState(ctx context.Context, id string) (RefreshProgress, astypes.InstanceRefresh, error) {
	out, err := c.AutoScaling.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{
		AutoScalingGroupName: aws.String(c.Target.Group), InstanceRefreshIds: []string{id},
	})
	if err != nil {
		return RefreshProgress{}, astypes.InstanceRefresh{}, fmt.Errorf("describe instance refresh %s: %w", id, err)
	}
	for _, r := range out.InstanceRefreshes {
		if aws.ToString(r.InstanceRefreshId) == id {
			return RefreshProgress{
				Time: c.now(), Group: c.Target.Group, ID: id, Status: string(r.Status),
				Percentage: int(aws.ToInt32(r.PercentageComplete)), ToUpdate: int(aws.ToInt32(r.InstancesToUpdate)),
				Reason: aws.ToString(r.StatusReason),
			}, r, nil
		}
	}
	return RefreshProgress{}, astypes.InstanceRefresh{}, fmt.Errorf("instance refresh %s of group %s not found", id, c.Target.Group)
}

func finished(s astypes.InstanceRefreshStatus) bool {
	switch s {
	case astypes.InstanceRefreshStatusSuccessful, astypes.InstanceRefreshStatusFailed,
		astypes.InstanceRefreshStatusCancelled, astypes.InstanceRefreshStatusRollbackFailed,
		astypes.InstanceRefreshStatusRollbackSuccessful:
		return true
	}
	return false
}

func refreshOutcome(group string, p RefreshProgress, s astypes.InstanceRefreshStatus) error {
	if s == astypes.InstanceRefreshStatusSuccessful {
		return nil
	}
	return &RefreshFailedError{Group: group, ID: p.ID, Status: p.Status, Reason: p.Reason}
}

// ReplaceStale replaces the stale instances and verifies the fleet: one
// check; when no instance is stale it returns that report without a
// refresh; otherwise Refresh, then Wait(verify, poll).
func (c *Checker) ReplaceStale(ctx context.Context, o RefreshOptions, verify, poll time.Duration) (*Report, error) {
	r, err := c.Check(ctx)
	if err != nil {
		return nil, err
	}
	c.report(r)
	if len(r.Stale()) == 0 {
		return r, nil
	}
	if _, err := c.Refresh(ctx, o); err != nil {
		return r, err
	}
	return c.Wait(ctx, verify, poll)
}
