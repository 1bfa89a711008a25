package testutil

import (
	"context"
	"sync"
	"time"
)

// Clock is a fake clock: Sleep advances it instead of waiting, and
// contexts from WithTimeout end when it passes their deadline. Transcripts
// made with it are the same on every run.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at     time.Time
	cancel context.CancelCauseFunc
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep advances the clock by d, firing the timeouts it passes.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	var fire []context.CancelCauseFunc
	keep := c.timers[:0]
	for _, t := range c.timers {
		if !c.now.Before(t.at) {
			fire = append(fire, t.cancel)
		} else {
			keep = append(keep, t)
		}
	}
	c.timers = keep
	c.mu.Unlock()
	for _, f := range fire {
		f(context.DeadlineExceeded)
	}
	return ctx.Err()
}

// WithTimeout is context.WithTimeout on the fake clock; the context's
// cause is context.DeadlineExceeded when it fires.
func (c *Clock) WithTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(ctx)
	c.mu.Lock()
	c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), cancel: cancel})
	c.mu.Unlock()
	return ctx, func() { cancel(context.Canceled) }
}
