package fleet

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Checker verifies one group's fleet.
type Checker struct {
	Clients
	Target Target
	// Now is the clock; Sleep waits (tests make both instant).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// OnReport receives every report Wait makes; OnRefresh every change
	// of a followed instance refresh.
	OnReport  func(*Report)
	OnRefresh func(RefreshProgress)
}

// Check takes one look at the fleet.
func (c *Checker) Check(ctx context.Context) (*Report, error) {
	g, err := c.group(ctx)
	if err != nil {
		return nil, err
	}
	v := &versions{ec2: c.EC2}
	current, own, err := c.currentSpec(ctx, v, g)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(g.Instances))
	for _, i := range g.Instances {
		ids = append(ids, aws.ToString(i.InstanceId))
	}
	lb, err := c.lbStates(ctx)
	if err != nil {
		return nil, err
	}
	tags, err := c.instanceTags(ctx, ids, c.Target.Tags)
	if err != nil {
		return nil, err
	}
	r := &Report{Time: c.now(), Group: c.Target.Group, Config: current.String(), Desired: int(aws.ToInt32(g.DesiredCapacity))}
	if !own.same(current) {
		r.Problems = append(r.Problems, fmt.Sprintf("group launches on %s, the stack's is %s", own.describe(), current.describe()))
	}
	for _, i := range g.Instances {
		row, err := c.row(ctx, v, i, current, lb, tags)
		if err != nil {
			return nil, err
		}
		r.Instances = append(r.Instances, row)
	}
	sort.Slice(r.Instances, func(a, b int) bool { return r.Instances[a].InstanceID < r.Instances[b].InstanceID })
	r.count()
	return r, nil
}

func (c *Checker) group(ctx context.Context) (astypes.AutoScalingGroup, error) {
	name := c.Target.Group
	out, err := c.AutoScaling.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{
		AutoScalingGroupNames: []string{name},
	})
	if err != nil {
		return astypes.AutoScalingGroup{}, fmt.Errorf("describe auto scaling group %s: %w", name, err)
	}
	for _, g := range out.AutoScalingGroups {
		if aws.ToString(g.AutoScalingGroupName) == name {
			return g, nil
		}
	}
	return astypes.AutoScalingGroup{}, fmt.Errorf("auto scaling group %s not found", name)
}

// currentSpec returns the expected configuration and the group's own,
// both with numeric template versions.
func (c *Checker) currentSpec(ctx context.Context, v *versions, g astypes.AutoScalingGroup) (current, own launchSpec, err error) {
	own, err = v.resolve(ctx, groupSpec(g))
	if err != nil {
		return launchSpec{}, launchSpec{}, err
	}
	current, err = v.resolve(ctx, targetSpec(c.Target, own))
	if err != nil {
		return launchSpec{}, launchSpec{}, err
	}
	return current, own, nil
}

// row builds an instance's table row and says what is wrong with it.
func (c *Checker) row(ctx context.Context, v *versions, i astypes.Instance, current launchSpec,
	lb map[string]lbState, tags map[string]map[string]string,
) (Instance, error) {
	id := aws.ToString(i.InstanceId)
	spec, err := v.resolve(ctx, instanceSpec(i))
	if err != nil {
		return Instance{}, fmt.Errorf("instance %s: %w", id, err)
	}
	row := Instance{
		InstanceID: id, Zone: aws.ToString(i.AvailabilityZone), Lifecycle: string(i.LifecycleState),
		Health: aws.ToString(i.HealthStatus), Config: spec.String(), TagsOK: true,
	}
	if row.Lifecycle != string(astypes.LifecycleStateInService) {
		row.Problems = append(row.Problems, row.Lifecycle+" in the group")
	}
	switch row.Health {
	case "Healthy":
	case "":
		row.Problems = append(row.Problems, "health unknown in the group")
	default:
		row.Problems = append(row.Problems, row.Health+" in the group")
	}
	if !spec.same(current) {
		row.Stale = true
		row.Problems = append(row.Problems, fmt.Sprintf("on %s, current is %s", spec.describe(), current.describe()))
	}
	row.Problems = append(row.Problems, c.lbProblems(&row, lb)...)
	if tp := tagProblems(tags[id], c.Target.Tags); len(tp) > 0 {
		row.TagsOK = false
		row.Problems = append(row.Problems, tp...)
	}
	return row, nil
}

func (c *Checker) lbProblems(row *Instance, lb map[string]lbState) []string {
	if c.Target.LoadBalancer.Kind == LBNone {
		return nil
	}
	s, ok := lb[row.InstanceID]
	if !ok {
		row.LoadBalancer = NotRegistered
		return []string{"not registered with the load balancer"}
	}
	row.LoadBalancer = s.state
	if s.ok {
		return nil
	}
	msg := s.state + " in the load balancer"
	if s.reason != "" {
		msg += ": " + s.reason
	}
	return []string{msg}
}

// count fills the counts and adds the capacity problem.
func (r *Report) count() {
	for _, i := range r.Instances {
		if i.Lifecycle == string(astypes.LifecycleStateInService) {
			r.InService++
		}
		if i.OK() {
			r.Ready++
		}
	}
	if r.InService < r.Desired {
		r.Problems = append(r.Problems, fmt.Sprintf("%d of %d desired instances InService", r.InService, r.Desired))
	}
}

func (c *Checker) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}
