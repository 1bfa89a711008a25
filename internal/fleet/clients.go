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
func NewClients(cfg aws.Config) Clients {
	return Clients{
		AutoScaling:  autoscaling.NewFromConfig(cfg),
		ELB:          elb.NewFromConfig(cfg),
		TargetGroups: elbv2.NewFromConfig(cfg),
		EC2:          ec2.NewFromConfig(cfg),
	}
}
