package fleet

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/stretchr/testify/require"
)

var at = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func classicTarget() Target {
	return Target{Group: "web-asg", LoadBalancer: LoadBalancer{Kind: LBClassic, Name: "web-elb"}, Tags: wantTags}
}

func checker(f *fakeAWS, t Target) *Checker {
	return &Checker{Clients: clientsOf(f), Target: t, Now: func() time.Time { return at }}
}

func TestCheckInstanceProblems(t *testing.T) {
	pending := inst("i-2", "lc-new")
	pending.LifecycleState = astypes.LifecycleStatePending
	unhealthy := inst("i-2", "lc-new")
	unhealthy.HealthStatus = aws.String("Unhealthy")
	tests := []struct {
		name     string
		fake     *fakeAWS
		problems []string // Report.Failing()
		stale    []string
	}{
		{
			name: "all current and in service",
			fake: &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), inst("i-2", "lc-new"))},
				Health: inService("InService", "i-1", "i-2"), Tags: tagged("i-1", "i-2")},
		},
		{
			name: "instance on an older launch configuration",
			fake: &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), inst("i-2", "lc-old"))},
				Health: inService("InService", "i-1", "i-2"), Tags: tagged("i-1", "i-2")},
			problems: []string{"i-2: on launch configuration lc-old, current is launch configuration lc-new"},
			stale:    []string{"i-2"},
		},
		{
			name: "unhealthy in the group",
			fake: &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), unhealthy)},
				Health: inService("InService", "i-1", "i-2"), Tags: tagged("i-1", "i-2")},
			problems: []string{"i-2: Unhealthy in the group"},
		},
		{
			name: "pending, fewer in service than desired",
			fake: &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), pending)},
				Health: map[string]string{"i-1": "InService", "i-2": "OutOfService"}, Tags: tagged("i-1", "i-2")},
			problems: []string{
				"i-2: Pending in the group",
				"i-2: OutOfService in the load balancer: Instance: Instance has failed at least the UnhealthyThreshold number of health checks consecutively.",
				"1 of 2 desired instances InService",
			},
		},
		{
			name: "not registered, tags missing or wrong",
			fake: &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-1", "lc-new"), inst("i-2", "lc-new"))},
				Health: inService("InService", "i-1"),
				Tags:   map[string]map[string]string{"i-1": {"Environment": "Staging", "Role": "Web"}, "i-2": {"Environment": "Production"}}},
			problems: []string{
				`i-1: tag Environment is "Staging", want "Production"`,
				"i-2: not registered with the load balancer",
				"i-2: missing tag Role",
			},
		},
		{
			name:     "fewer instances than desired",
			fake:     &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 3, inst("i-1", "lc-new"))}, Health: inService("InService", "i-1"), Tags: tagged("i-1")},
			problems: []string{"1 of 3 desired instances InService"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := checker(tt.fake, classicTarget()).Check(t.Context())
			require.NoError(t, err)
			require.Equal(t, tt.problems, r.Failing())
			require.Equal(t, len(tt.problems) == 0, r.Converged())
			require.Equal(t, tt.stale, r.Stale())
			require.Equal(t, "lc-new", r.Config)
			require.Equal(t, at, r.Time)
		})
	}
}

func TestCheckRows(t *testing.T) {
	f := &fakeAWS{
		Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 2, inst("i-2", "lc-old"), inst("i-1", "lc-new"))},
		Health: inService("InService", "i-1", "i-2"), Tags: tagged("i-1", "i-2"),
	}
	r, err := checker(f, classicTarget()).Check(t.Context())
	require.NoError(t, err)
	require.Equal(t, []Instance{
		{InstanceID: "i-1", Zone: "us-east-1a", Lifecycle: "InService", Health: "Healthy", Config: "lc-new", LoadBalancer: "InService", TagsOK: true},
		{InstanceID: "i-2", Zone: "us-east-1a", Lifecycle: "InService", Health: "Healthy", Config: "lc-old", LoadBalancer: "InService", TagsOK: true,
			Stale: true, Problems: []string{"on launch configuration lc-old, current is launch configuration lc-new"}},
	}, r.Instances)
	require.Equal(t, 2, r.Desired)
	require.Equal(t, 2, r.InService)
	require.Equal(t, 1, r.Ready)
}

func TestCheckLaunchTemplateVersions(t *testing.T) {
	albTarget := func(lt *LaunchTemplate) Target {
		return Target{Group: "web-asg", LoadBalancer: LoadBalancer{Kind: LBApplication, TargetGroupARN: "arn:tg"}, LaunchTemplate: lt, Tags: wantTags}
	}
	tests := []struct {
		name      string
		group     astypes.AutoScalingGroup
		target    Target
		config    string
		problems  []string
		templates int // DescribeLaunchTemplates calls
	}{
		{
			name:     "numeric version, one instance on an older one",
			group:    ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-2", "lt-1", "2")),
			target:   albTarget(&LaunchTemplate{ID: "lt-1"}),
			config:   "lt-1:3",
			problems: []string{"i-2: on launch template lt-1 version 2, current is launch template lt-1 version 3"},
		},
		{
			name:      "group on $Latest resolves through the template",
			group:     ltGroup("lt-1", "$Latest", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-2", "lt-1", "1")),
			target:    albTarget(nil),
			config:    "lt-1:3",
			problems:  []string{"i-2: on launch template lt-1 version 1, current is launch template lt-1 version 3"},
			templates: 1,
		},
		{
			name:      "expected $Default",
			group:     ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-2", "lt-1", "1")),
			target:    albTarget(&LaunchTemplate{ID: "lt-1", Version: "$Default"}),
			config:    "lt-1:1",
			problems:  []string{"i-1: on launch template lt-1 version 3, current is launch template lt-1 version 1", "group launches on launch template lt-1 version 3, the stack's is launch template lt-1 version 1"},
			templates: 1,
		},
		{
			name:     "instance on a launch configuration, group on a template",
			group:    ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), inst("i-2", "lc-old")),
			target:   albTarget(&LaunchTemplate{ID: "lt-1"}),
			config:   "lt-1:3",
			problems: []string{"i-2: on launch configuration lc-old, current is launch template lt-1 version 3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeAWS{Groups: []astypes.AutoScalingGroup{tt.group}, Targets: inService("healthy", "i-1", "i-2"),
				Tags: tagged("i-1", "i-2"), Templates: map[string][2]int64{"lt-1": {3, 1}}}
			r, err := checker(f, tt.target).Check(t.Context())
			require.NoError(t, err)
			require.Equal(t, tt.config, r.Config)
			require.Equal(t, tt.problems, r.Failing())
			require.Equal(t, tt.templates, f.Count("DescribeLaunchTemplates"))
		})
	}
}

func TestCheckTargetHealth(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-2", "lt-1", "3"))},
		Targets: map[string]string{"i-1": "healthy", "i-2": "unhealthy"}, Tags: tagged("i-1", "i-2")}
	target := Target{Group: "web-asg", LoadBalancer: LoadBalancer{Kind: LBApplication, TargetGroupARN: "arn:tg"}, Tags: wantTags}
	r, err := checker(f, target).Check(t.Context())
	require.NoError(t, err)
	require.Equal(t, []string{"i-2: unhealthy in the load balancer: Target.ResponseCodeMismatch: Health checks failed with these codes: [502]"}, r.Failing())
	require.Equal(t, "unhealthy", r.Instances[1].LoadBalancer)
	require.Zero(t, f.Count("DescribeInstanceHealth"))
}

func TestCheckGroupOnAnotherConfiguration(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-old", 1, inst("i-1", "lc-old"))},
		Health: inService("InService", "i-1"), Tags: tagged("i-1")}
	target := classicTarget()
	target.LaunchConfiguration = "lc-new"
	r, err := checker(f, target).Check(t.Context())
	require.NoError(t, err)
	require.Equal(t, []string{
		"i-1: on launch configuration lc-old, current is launch configuration lc-new",
		"group launches on launch configuration lc-old, the stack's is launch configuration lc-new",
	}, r.Failing())
}

func TestCheckNoLoadBalancerNoTags(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc", 1, inst("i-1", "lc"))}}
	r, err := checker(f, Target{Group: "web-asg"}).Check(t.Context())
	require.NoError(t, err)
	require.True(t, r.Converged())
	require.Equal(t, []string{"DescribeAutoScalingGroups"}, f.Calls)
}

func TestCheckMissingGroup(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{{AutoScalingGroupName: aws.String("other")}}}
	_, err := checker(f, classicTarget()).Check(t.Context())
	require.EqualError(t, err, "auto scaling group web-asg not found")
}
