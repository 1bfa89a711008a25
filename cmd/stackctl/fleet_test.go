package main

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/fleet"
	"github.com/stackctl/stackctl/internal/fleet/fleettest"
	"github.com/stackctl/stackctl/internal/testutil"
)

// The scripted stack's resources: what the fleet check looks up.
func stackResources() []testutil.StackResource {
	r := func(id, physical, typ string) testutil.StackResource {
		return testutil.StackResource{LogicalResourceId: id, PhysicalResourceId: physical, ResourceType: typ, ResourceStatus: "CREATE_COMPLETE", LastUpdatedTimestamp: t0}
	}
	return []testutil.StackResource{
		r("ElasticLoadBalancer", "web-elb", "AWS::ElasticLoadBalancing::LoadBalancer"),
		r("LaunchConfig", "web-lc-2", lc),
		r("WebServerGroup", "web-asg", asg),
	}
}

var deployedTags = map[string]string{"Environment": "Production", "Role": "Authoring"}

// healthyFleet is two instances InService, healthy, on the stack's current
// launch configuration and tagged.
func healthyFleet() *fleettest.Fake {
	return &fleettest.Fake{
		Groups: []astypes.AutoScalingGroup{fleettest.LCGroup("web-lc-2", 2, fleettest.Inst("i-0aaa", "web-lc-2"), fleettest.Inst("i-0bbb", "web-lc-2"))},
		Health: fleettest.InService("InService", "i-0aaa", "i-0bbb"),
		Tags:   fleettest.Tagged(deployedTags, "i-0aaa", "i-0bbb"),
	}
}

// staleFleet has i-0bbb still on the previous launch configuration: the
// lost update signal.
func staleFleet() *fleettest.Fake {
	f := healthyFleet()
	f.Groups = []astypes.AutoScalingGroup{fleettest.LCGroup("web-lc-2", 2, fleettest.Inst("i-0aaa", "web-lc-2"), fleettest.Inst("i-0bbb", "web-lc-1"))}
	return f
}

func fleetClients(f *fleettest.Fake) fleet.Clients {
	return fleet.Clients{AutoScaling: f, ELB: f, TargetGroups: f, EC2: f}
}

// A no-op deploy still verifies the fleet: a stale instance behind an
// unchanged stack is the lost update signal, exit 4 naming it.
func TestGoldenFleet(t *testing.T) {
	noChanges := testutil.Scenario{
		"DescribeStacks":    {testutil.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {testutil.ChangeSetIs(stk, "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.")},
	}
	cases := []struct {
		name  string
		fleet *fleettest.Fake
		args  []string
		exit  int
		check func(t *testing.T, f *fleettest.Fake)
	}{
		{"fleet_converged", healthyFleet(), []string{"deploy", "--yes"}, 0, nil},
		{"fleet_stale_instance", staleFleet(), []string{"deploy", "--yes", "--verify-timeout", "1m"}, 4, nil},
		{"fleet_unhealthy_status", func() *fleettest.Fake {
			f := healthyFleet()
			f.Health["i-0bbb"] = "OutOfService"
			return f
		}(), []string{"status"}, 4, nil},
		{"fleet_replace_stale", func() *fleettest.Fake {
			f := staleFleet()
			f.Groups = append(f.Groups, f.Groups[0], healthyFleet().Groups[0])
			f.Refreshes = []astypes.InstanceRefresh{
				{InstanceRefreshId: aws.String("refresh-1"), Status: astypes.InstanceRefreshStatusInProgress, PercentageComplete: aws.Int32(50)},
				{InstanceRefreshId: aws.String("refresh-1"), Status: astypes.InstanceRefreshStatusSuccessful, PercentageComplete: aws.Int32(100)},
			}
			return f
		}(), []string{"deploy", "--yes", "--replace-stale"}, 0, func(t *testing.T, f *fleettest.Fake) {
			require.Equal(t, 1, f.Count("StartInstanceRefresh"))
			require.Equal(t, "web-asg", aws.ToString(f.Started.AutoScalingGroupName))
		}},
		{"fleet_refresh_fails", func() *fleettest.Fake {
			f := staleFleet()
			f.Refreshes = []astypes.InstanceRefresh{{InstanceRefreshId: aws.String("refresh-1"), Status: astypes.InstanceRefreshStatusFailed,
				StatusReason: aws.String("Instance i-0ccc failed to launch: signal FAILURE: agent: agent script exited 3")}}
			return f
		}(), []string{"refresh"}, 4, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc := testutil.Scenario{}
			for k, v := range noChanges {
				sc[k] = v
			}
			s := newScripted(t, sc)
			s.fleet = tc.fleet
			s.e.fleet = func(_ context.Context, _, _ string) (fleet.Clients, error) { return fleetClients(tc.fleet), nil }
			code := s.run(t, tc.args...)
			golden(t, tc.name, s.transcript(code))
			require.Equal(t, tc.exit, code, s.transcript(code))
			if tc.check != nil {
				tc.check(t, tc.fleet)
			}
		})
	}
}

// Ctrl-C while the fleet check waits: the stack has settled, so nothing
// needs cleaning up; exit 130 and say where to look.
func TestInterruptDuringVerification(t *testing.T) {
	s := newScripted(t, testutil.Scenario{
		"DescribeStacks":    {testutil.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {testutil.ChangeSetIs(stk, "FAILED", "No updates are to be performed.")},
	})
	f := staleFleet()
	s.e.fleet = func(context.Context, string, string) (fleet.Clients, error) { return fleetClients(f), nil }
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	sleep := s.e.sleep
	s.e.sleep = func(c context.Context, d time.Duration) error {
		if f.Count("DescribeAutoScalingGroups") > 0 {
			cancel() // the first Ctrl-C arrives while the fleet check waits
		}
		return sleep(c, d)
	}
	code := run(ctx, []string{"stackctl", "deploy", "--yes"}, s.e)
	require.Equal(t, exitInterrupted, code, s.transcript(code))
	require.Contains(t, s.errs.String(), "stackctl: fleet check of web-Production interrupted (the stack has settled; 'stackctl status' shows the fleet)")
	require.Zero(t, s.srv.Count("ExecuteChangeSet"))
}
