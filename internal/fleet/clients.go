package fleet

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// AutoScaling is the part of the Auto Scaling API the check and the
// instance refresh use.
type AutoScaling interface {
	autoscaling.DescribeAutoScalingGroupsAPIClient
	autoscaling.DescribeInstanceRefreshesAPIClient
	StartInstanceRefresh(ctx context.Context, in *autoscaling.StartInstanceRefreshInput,
		opts ...func(*autoscaling.Options)) (*autoscaling.StartInstanceRefreshOutput, error)
}

// ClassicELB reads instance health from a classic load balancer.
type ClassicELB interface {
	elb.DescribeInstanceHealthAPIClient
}

// TargetGroups reads target health from an application load balancer's
// target group.
type TargetGroups interface {
	elbv2.DescribeTargetHealthAPIClient
}

// EC2 reads the instances' own tags (the group's tags only say what a new
// instance gets at launch; an instance keeps the values it was launched
// with) and resolves $Latest/$Default launch-template versions. It is the
// only use of the large EC2 SDK package; DescribeLaunchTemplates runs only
// when a version is symbolic, which stackctl's own template never makes
// (it pins LatestVersionNumber).
type EC2 interface {
	ec2.DescribeTagsAPIClient
	ec2.DescribeLaunchTemplatesAPIClient
}

// Clients are the AWS clients a Checker uses. ELB is needed only for a
// classic load balancer, TargetGroups only for an application one, and
// EC2 only for the tag check and symbolic launch-template versions.
type Clients struct {
	AutoScaling  AutoScaling
	ELB          ClassicELB
	TargetGroups TargetGroups
	EC2          EC2
}

// NewClients builds the real clients from an SDK configuration.
//
// Each client is wrapped in an adapter holding only the methods used. A
// *ec2.Client stored in an interface keeps all ~750 of its operations in
// the binary: text/template (urfave/cli's help) makes the linker keep
// every exported method of a type that reaches an interface. Method
// values keep just the ones named here (measured: 50 MB → 16 MB).
func NewClients(cfg aws.Config) Clients {
	as, lb, tg, e := autoscaling.NewFromConfig(cfg), elb.NewFromConfig(cfg), elbv2.NewFromConfig(cfg), ec2.NewFromConfig(cfg)
	return Clients{
		AutoScaling:  autoScalingCalls{as.DescribeAutoScalingGroups, as.DescribeInstanceRefreshes, as.StartInstanceRefresh},
		ELB:          classicCalls{lb.DescribeInstanceHealth},
		TargetGroups: targetCalls{tg.DescribeTargetHealth},
		EC2:          ec2Calls{e.DescribeTags, e.DescribeLaunchTemplates},
	}
}

type autoScalingCalls struct {
	groups    func(context.Context, *autoscaling.DescribeAutoScalingGroupsInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error)
	refreshes func(context.Context, *autoscaling.DescribeInstanceRefreshesInput, ...func(*autoscaling.Options)) (*autoscaling.DescribeInstanceRefreshesOutput, error)
	start     func(context.Context, *autoscaling.StartInstanceRefreshInput, ...func(*autoscaling.Options)) (*autoscaling.StartInstanceRefreshOutput, error)
}

func (c autoScalingCalls) DescribeAutoScalingGroups(ctx context.Context, in *autoscaling.DescribeAutoScalingGroupsInput, o ...func(*autoscaling.Options)) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
	return c.groups(ctx, in, o...)
}

func (c autoScalingCalls) DescribeInstanceRefreshes(ctx context.Context, in *autoscaling.DescribeInstanceRefreshesInput, o ...func(*autoscaling.Options)) (*autoscaling.DescribeInstanceRefreshesOutput, error) {
	return c.refreshes(ctx, in, o...)
}

func (c autoScalingCalls) StartInstanceRefresh(ctx context.Context, in *autoscaling.StartInstanceRefreshInput, o ...func(*autoscaling.Options)) (*autoscaling.StartInstanceRefreshOutput, error) {
	return c.start(ctx, in, o...)
}

type classicCalls struct {
	health func(context.Context, *elb.DescribeInstanceHealthInput, ...func(*elb.Options)) (*elb.DescribeInstanceHealthOutput, error)
}

func (c classicCalls) DescribeInstanceHealth(ctx context.Context, in *elb.DescribeInstanceHealthInput, o ...func(*elb.Options)) (*elb.DescribeInstanceHealthOutput, error) {
	return c.health(ctx, in, o...)
}

type targetCalls struct {
	health func(context.Context, *elbv2.DescribeTargetHealthInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error)
}

func (c targetCalls) DescribeTargetHealth(ctx context.Context, in *elbv2.DescribeTargetHealthInput, o ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error) {
	return c.health(ctx, in, o...)
}

type ec2Calls struct {
	tags      func(context.Context, *ec2.DescribeTagsInput, ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error)
	templates func(context.Context, *ec2.DescribeLaunchTemplatesInput, ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplatesOutput, error)
}

func (c ec2Calls) DescribeTags(ctx context.Context, in *ec2.DescribeTagsInput, o ...func(*ec2.Options)) (*ec2.DescribeTagsOutput, error) {
	return c.tags(ctx, in, o...)
}

func (c ec2Calls) DescribeLaunchTemplates(ctx context.Context, in *ec2.DescribeLaunchTemplatesInput, o ...func(*ec2.Options)) (*ec2.DescribeLaunchTemplatesOutput, error) {
	return c.templates(ctx, in, o...)
}
