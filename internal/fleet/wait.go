package fleet

import (
	"context"
	"fmt"
	"time"
)

// DefaultPoll is the wait between looks when none is given.
const DefaultPoll = 10 * time.Second

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
	for range looks {
		r, err := c.Check(ctx)
		if err != nil {
			return last, err
		}
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
