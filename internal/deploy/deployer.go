package deploy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"time"
)

// Deployer runs stack operations against CloudFormation.
type Deployer struct {
	CFN CloudFormation
	// Uploader receives templates over MaxInlineTemplate bytes.
	Uploader Uploader
	// Poll is the first wait between polls; it grows by half each quiet
	// poll up to MaxPoll and falls back to Poll when something happens.
	Poll, MaxPoll time.Duration
	// StatusEvery: DescribeStacks runs on every StatusEvery-th poll (and
	// whenever a stack-level event says the operation ended), so that a
	// long operation costs mostly DescribeStackEvents calls.
	StatusEvery int
	// Now is the clock; Sleep waits (tests make both instant).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter spreads a wait, so that many parallel deploys do not poll in
	// step; nil means ±20 % random.
	Jitter func(time.Duration) time.Duration
	// NewToken makes ClientRequestTokens; nil means random.
	NewToken func() string
	OnEvent  func(Event)
}

func (d *Deployer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Deployer) poll() time.Duration {
	if d.Poll <= 0 {
		return 2 * time.Second
	}
	return d.Poll
}

func (d *Deployer) maxPoll() time.Duration {
	if d.MaxPoll <= 0 {
		return max(10*time.Second, d.poll())
	}
	return d.MaxPoll
}

func (d *Deployer) statusEvery() int {
	if d.StatusEvery <= 0 {
		return 5
	}
	return d.StatusEvery
}

// wait sleeps for the jittered duration, or until ctx ends.
func (d *Deployer) wait(ctx context.Context, dur time.Duration) error {
	if d.Jitter != nil {
		dur = d.Jitter(dur)
	} else {
		dur = time.Duration(float64(dur) * (0.8 + 0.4*mrand.Float64()))
	}
	if d.Sleep != nil {
		return d.Sleep(ctx, dur)
	}
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff returns the next wait after a quiet poll.
func (d *Deployer) backoff(cur time.Duration) time.Duration {
	return min(cur+cur/2, d.maxPoll())
}

func (d *Deployer) token(op string) string {
	if d.NewToken != nil {
		return d.NewToken()
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "stackctl-" + op + "-" + hex.EncodeToString(b)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
