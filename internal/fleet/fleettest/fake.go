// Package fleettest is a hand-written fake of the AWS APIs the fleet check
// uses, for the tests of fleet and of the commands built on it.
package fleettest

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Fake is a hand-written fake of every API the package uses. Groups
// and Refreshes are scripted sequences: each describe takes the next one
// and the last repeats. It records the calls it gets.
type Fake struct {
	mu        sync.Mutex
	Groups    []astypes.AutoScalingGroup
	Health    map[string]string // classic: instance id → state
	Targets   map[string]string // target group: instance id → state
	Tags      map[string]map[string]string
	Templates map[string][2]int64 // id → latest, default
	Refreshes []astypes.InstanceRefresh
	StartErr  error
	// GroupErrs are returned, one per call, before DescribeAutoScalingGroups
	// answers from Groups.
	GroupErrs []error
	Calls     []string
	Started   *autoscaling.StartInstanceRefreshInput
}

func (f *Fake) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Calls = append(f.Calls, call)
}

// Count says how many times call was made.
func (f *Fake) Count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.Calls {
		if c == call {
			n++
		}
	}
	return n
}

func next[T any](f *Fake, seq *[]T) T {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := (*seq)[0]
	if len(*seq) > 1 {
		*seq = (*seq)[1:]
	}
	return v
}

func (f *Fake) DescribeAutoScalingGroups(_ context.Context, _ *autoscaling.DescribeAutoScalingGroupsInput,
	_ ...func(*autoscaling.Options),
) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	f.record("DescribeAutoScalingGroups")
	f.mu.Lock()
	if len(f.GroupErrs) > 0 {
		err := f.GroupErrs[0]
		f.GroupErrs = f.GroupErrs[1:]
		f.mu.Unlock()
		return nil, err
	}
	f.mu.Unlock()
	return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: []astypes.AutoScalingGroup{next(f, &f.Groups)}}, nil
}

func (f *Fake) DescribeInstanceRefreshes(_ context.Context, _ *autoscaling.DescribeInstanceRefreshesInput,
	_ ...func(*autoscaling.Options),
) (*autoscaling.DescribeInstanceRefreshesOutput, error) {
	f.record("DescribeInstanceRefreshes")
	return &autoscaling.DescribeInstanceRefreshesOutput{InstanceRefreshes: []astypes.InstanceRefresh{next(f, &f.Refreshes)}}, nil
}

func (f *Fake) StartInstanceRefresh(_ context.Context, in *autoscaling.StartInstanceRefreshInput,
	_ ...func(*autoscaling.Options),
) (*autoscaling.StartInstanceRefreshOutput, error) {
	f.record("StartInstanceRefresh")
	f.Started = in
	if f.StartErr != nil {
		return nil, f.StartErr
	}
	return &autoscaling.StartInstanceRefreshOutput{InstanceRefreshId: aws.String("refresh-1")}, nil
}

func (f *Fake) DescribeInstanceHealth(_ context.Context, _ *elb.DescribeInstanceHealthInput,
	_ ...func(*elb.Options),
) (*elb.DescribeInstanceHealthOutput, error) {
	f.record("DescribeInstanceHealth")
	out := &elb.DescribeInstanceHealthOutput{}
	for id, s := range f.Health {
		st := elbtypes.InstanceState{InstanceId: aws.String(id), State: aws.String(s), ReasonCode: aws.String("N/A"), Description: aws.String("N/A")}
		if s != "InService" {
			st.ReasonCode, st.Description = aws.String("Instance"), aws.String("Instance has failed at least the UnhealthyThreshold number of health checks consecutively.")
		}
		out.InstanceStates = append(out.InstanceStates, st)
	}
	return out, nil
}

func (f *Fake) DescribeTargetHealth(_ context.Context, _ *elbv2.DescribeTargetHealthInput,
	_ ...func(*elbv2.Options),
) (*elbv2.DescribeTargetHealthOutput, error) {
	f.record("DescribeTargetHealth")
	out := &elbv2.DescribeTargetHealthOutput{}
	for id, s := range f.Targets {
		h := &elbv2types.TargetHealth{State: elbv2types.TargetHealthStateEnum(s)}
		if s != "healthy" {
			h.Reason, h.Description = "Target.ResponseCodeMismatch", aws.String("Health checks failed with these codes: [502]")
		}
		out.TargetHealthDescriptions = append(out.TargetHealthDescriptions, elbv2types.TargetHealthDescription{
			Target: &elbv2types.TargetDescription{Id: aws.String(id), Port: aws.Int32(80)}, TargetHealth: h,
		})
	}
	return out, nil
}

func (f *Fake) DescribeTags(_ context.Context, in *ec2.DescribeTagsInput, _ ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error) {
	f.record("DescribeTags")
	out := &ec2.DescribeTagsOutput{}
	for _, id := range in.Filters[0].Values {
		for k, v := range f.Tags[id] {
			out.Tags = append(out.Tags, ec2types.TagDescription{ResourceId: aws.String(id), Key: aws.String(k), Value: aws.String(v)})
		}
	}
	return out, nil
}

func (f *Fake) DescribeLaunchTemplates(_ context.Context, in *ec2.DescribeLaunchTemplatesInput,
	_ ...func(*ec2.Options),
) (*ec2.DescribeLaunchTemplatesOutput, error) {
	f.record("DescribeLaunchTemplates")
	out := &ec2.DescribeLaunchTemplatesOutput{}
	for _, id := range in.LaunchTemplateIds {
		if v, ok := f.Templates[id]; ok {
			out.LaunchTemplates = append(out.LaunchTemplates, ec2types.LaunchTemplate{
				LaunchTemplateId: aws.String(id), LatestVersionNumber: aws.Int64(v[0]), DefaultVersionNumber: aws.Int64(v[1]),
			})
		}
	}
	return out, nil
}

// Builders for scripted groups.

// Inst is an InService, Healthy instance on launch configuration lc.
func Inst(id, lc string) astypes.Instance {
	return astypes.Instance{
		InstanceId: aws.String(id), AvailabilityZone: aws.String("us-east-1a"), LifecycleState: astypes.LifecycleStateInService,
		HealthStatus: aws.String("Healthy"), LaunchConfigurationName: aws.String(lc),
	}
}

// LTInst is an instance on a launch template version.
func LTInst(id, lt, version string) astypes.Instance {
	i := Inst(id, "")
	i.LaunchConfigurationName = nil
	i.LaunchTemplate = &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(lt), Version: aws.String(version)}
	return i
}

// LCGroup is group web-asg on launch configuration lc.
func LCGroup(lc string, desired int32, is ...astypes.Instance) astypes.AutoScalingGroup {
	return astypes.AutoScalingGroup{
		AutoScalingGroupName: aws.String("web-asg"), LaunchConfigurationName: aws.String(lc),
		DesiredCapacity: aws.Int32(desired), HealthCheckGracePeriod: aws.Int32(960), Instances: is,
	}
}

// LTGroup is group web-asg on a launch template version.
func LTGroup(lt, version string, desired int32, is ...astypes.Instance) astypes.AutoScalingGroup {
	g := LCGroup("", desired, is...)
	g.LaunchConfigurationName = nil
	g.LaunchTemplate = &astypes.LaunchTemplateSpecification{LaunchTemplateId: aws.String(lt), Version: aws.String(version)}
	return g
}

// Tagged gives each instance the tags.
func Tagged(tags map[string]string, ids ...string) map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, id := range ids {
		m[id] = tags
	}
	return m
}

// InService gives each instance the load-balancer state.
func InService(state string, ids ...string) map[string]string {
	m := map[string]string{}
	for _, id := range ids {
		m[id] = state
	}
	return m
}
