package fleet

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Refresh defaults.
const (
	DefaultRefreshPoll    = 15 * time.Second
	DefaultRefreshTimeout = 2 * time.Hour
	defaultMinHealthy     = 90
)

// RefreshOptions tune an instance refresh. Zero values take the defaults.
type RefreshOptions struct {
	// MinHealthyPercentage of the desired capacity stays in service
	// (default 90). MaxHealthyPercentage bounds the capacity above desired
	// (default 100 + one instance's share, at most 200): set explicitly,
	// it makes a small group launch a replacement before it terminates
	// the old instance, so a one-instance environment keeps serving.
	MinHealthyPercentage, MaxHealthyPercentage int32
	// InstanceWarmup is never shorter than the group's health-check grace
	// period, which covers the bootstrap.
	InstanceWarmup time.Duration
	Poll, Timeout  time.Duration
}

// RefreshProgress is one change seen while following a refresh.
type RefreshProgress struct {
	Time       time.Time `json:"time"`
	Group      string    `json:"group"`
	ID         string    `json:"id"`
	Status     string    `json:"status"`
	Percentage int       `json:"percentage"`
	// ToUpdate is the number of instances still to replace.
	ToUpdate int    `json:"toUpdate"`
	Reason   string `json:"reason,omitempty"`
}

// Refresh starts an instance refresh of the group, or joins the one
// already running, and follows it to its end. With a launch template only
// stale instances are replaced (SkipMatching); AWS does not support skip
// matching for launch configurations, so there every instance is.
func (c *Checker) Refresh(ctx context.Context, o RefreshOptions) (string, error) {
	g, err := c.group(ctx)
	if err != nil {
		return "", err
	}
	id, err := c.startRefresh(ctx, g, o)
	if err != nil {
		return "", err
	}
	return id, c.followRefresh(ctx, id, o)
}

func (c *Checker) startRefresh(ctx context.Context, g astypes.AutoScalingGroup, o RefreshOptions) (string, error) {
	skip := groupSpec(g).lc == ""
	out, err := c.AutoScaling.StartInstanceRefresh(ctx, &autoscaling.StartInstanceRefreshInput{
		AutoScalingGroupName: aws.String(c.Target.Group),
		Strategy:             astypes.RefreshStrategyRolling,
		Preferences:          preferences(g, o, skip),
	})
	var busy *astypes.InstanceRefreshInProgressFault
	if errors.As(err, &busy) {
		return c.activeRefresh(ctx)
	}
	if err != nil {
		return "", fmt.Errorf("start instance refresh of group %s: %w", c.Target.Group, err)
	}
	id := aws.ToString(out.InstanceRefreshId)
	if !skip {
		c.emit(RefreshProgress{ID: id, Status: "Pending",
			Reason: "the group uses a launch configuration, which skip matching does not support: every instance is replaced"})
	}
	return id, nil
}

// preferences: warmup at least the grace period, so an instance still
// bootstrapping is not counted healthy; skip matching when supported.
func preferences(g astypes.AutoScalingGroup, o RefreshOptions, skip bool) *astypes.RefreshPreferences {
	warm := max(int32(o.InstanceWarmup/time.Second), aws.ToInt32(g.HealthCheckGracePeriod))
	lo, hi := o.MinHealthyPercentage, o.MaxHealthyPercentage
	if lo <= 0 {
		lo = defaultMinHealthy
	}
	if hi <= 0 {
		n := max(aws.ToInt32(g.DesiredCapacity), 1)
		hi = min(100+(100+n-1)/n, 200, lo+100)
	}
	return &astypes.RefreshPreferences{
		MinHealthyPercentage: aws.Int32(lo), MaxHealthyPercentage: aws.Int32(max(hi, 100)),
		InstanceWarmup: aws.Int32(warm), SkipMatching: aws.Bool(skip),
	}
}

// activeRefresh finds the refresh another run started.
func (c *Checker) activeRefresh(ctx context.Context) (string, error) {
	out, err := c.AutoScaling.DescribeInstanceRefreshes(ctx, &autoscaling.DescribeInstanceRefreshesInput{
		AutoScalingGroupName: aws.String(c.Target.Group),
	})
	if err != nil {
		return "", fmt.Errorf("describe instance refreshes of group %s: %w", c.Target.Group, err)
	}
	for _, r := range out.InstanceRefreshes {
		if !finished(r.Status) {
			id := aws.ToString(r.InstanceRefreshId)
			c.emit(RefreshProgress{ID: id, Status: string(r.Status), Reason: "an instance refresh is already running: following it"})
			return id, nil
		}
	}
	return "", fmt.Errorf("group %s reports an instance refresh in progress, but none is listed", c.Target.Group)
}

func (c *Checker) emit(p RefreshProgress) {
	if c.OnRefresh == nil {
		return
	}
	if p.Time.IsZero() {
		p.Time = c.now()
	}
	p.Group = c.Target.Group
	c.OnRefresh(p)
}
