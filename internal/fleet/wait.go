package fleet

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// DefaultPoll is the wait between looks when none is given.
const DefaultPoll = 10 * time.Second

// maxTransient is how many looks in a row may fail after the SDK's own
// retries before Wait gives up.
const maxTransient = 3

// transient says whether err is a call that failed only after the SDK ran
// out of retries (throttling, 5xx, resets): worth another look later.
func transient(err error) bool {
	var ma *retry.MaxAttemptsError
	return errors.As(err, &ma)
}

// Wait checks the fleet until it converges or timeout passes, handing
// every report to OnReport. It returns the converged report, or the last
// report with a *NotConvergedError. A timeout of zero or less takes one
// look. The loop is bounded by the clock and by a look count, so a clock
// that never advances cannot spin it forever.
func (c *Checker) Wait(ctx context.Context, timeout, poll time.Duration) (*Report, error) {
	if poll <= 0 {
		poll = DefaultPoll
	}
	deadline := c.now().Add(timeout)
	looks := int(max(timeout, 0)/poll) + 2
	var last *Report
	failures := 0
	for range looks {
		r, err := c.Check(ctx)
		if err != nil && transient(err) && failures < maxTransient && ctx.Err() == nil {
			// The SDK already retried this call; one bad look should not
			// fail a deploy whose stack has settled. Look again.
			failures++
			if serr := c.sleep(ctx, poll); serr != nil {
				return last, fmt.Errorf("wait for fleet of group %s: %w", c.Target.Group, serr)
			}
			continue
		}
		if err != nil {
			return last, err
		}
		failures = 0
		last = r
		c.report(r)
		if r.Converged() {
			return r, nil
		}
		left := deadline.Sub(c.now())
		if left <= 0 {
			break
		}
		if err := c.sleep(ctx, min(poll, left)); err != nil {
			return last, fmt.Errorf("wait for fleet of group %s: %w", c.Target.Group, err)
		}
	}
	return last, &NotConvergedError{Group: c.Target.Group, Timeout: timeout, Report: last}
}

// sleep waits d, or until ctx ends.
func (c *Checker) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Checker) report(r *Report) {
	if c.OnReport != nil {
		c.OnReport(r)
	}
}
