package fleet

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/build"
)

// The SDK's clients satisfy the narrow interfaces.
var (
	_ AutoScaling  = (*autoscaling.Client)(nil)
	_ ClassicELB   = (*elb.Client)(nil)
	_ TargetGroups = (*elbv2.Client)(nil)
	_ EC2          = (*ec2.Client)(nil)
)

func TestNewClients(t *testing.T) {
	c := NewClients(aws.Config{Region: "us-east-1"})
	require.NotNil(t, c.AutoScaling)
	require.NotNil(t, c.ELB)
	require.NotNil(t, c.TargetGroups)
	require.NotNil(t, c.EC2)
}

func TestTargetFrom(t *testing.T) {
	tests := []struct {
		name     string
		physical map[string]string
		want     Target
	}{
		{
			name:     "classic and launch configuration",
			physical: map[string]string{build.GroupID: "g", build.ClassicLBID: "elb", build.LaunchConfigID: "lc"},
			want: Target{Group: "g", LoadBalancer: LoadBalancer{Kind: LBClassic, Name: "elb"}, LaunchConfiguration: "lc",
				Tags: map[string]string{"Environment": "Production", "Role": "Web"}},
		},
		{
			name: "application and launch template",
			physical: map[string]string{build.GroupID: "g", build.ApplicationLBID: "arn:lb", build.TargetGroupID: "arn:tg",
				build.LaunchTemplateID: "lt-1"},
			want: Target{Group: "g", LoadBalancer: LoadBalancer{Kind: LBApplication, TargetGroupARN: "arn:tg"},
				LaunchTemplate: &LaunchTemplate{ID: "lt-1"}, Tags: map[string]string{"Environment": "Production", "Role": "Web"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TargetFrom(tt.physical, "Production", "Web")
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
	_, err := TargetFrom(map[string]string{}, "Production", "Web")
	require.EqualError(t, err, "stack has no WebServerGroup resource")
}
