package fleet

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/stretchr/testify/require"
)

func refresh(status string, pct int32, reason string) astypes.InstanceRefresh {
	return astypes.InstanceRefresh{InstanceRefreshId: aws.String("refresh-1"), Status: astypes.InstanceRefreshStatus(status),
		PercentageComplete: aws.Int32(pct), InstancesToUpdate: aws.Int32(0), StatusReason: aws.String(reason)}
}

func ltTarget() Target {
	return Target{Group: "web-asg", LoadBalancer: LoadBalancer{Kind: LBApplication, TargetGroupARN: "arn:tg"},
		LaunchTemplate: &LaunchTemplate{ID: "lt-1"}, Tags: wantTags}
}

func TestRefreshFollowsToSuccess(t *testing.T) {
	f := &fakeAWS{
		Groups: []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 2)},
		Refreshes: []astypes.InstanceRefresh{
			refresh("Pending", 0, ""), refresh("InProgress", 0, ""), refresh("InProgress", 0, ""),
			refresh("InProgress", 50, "Waiting for instances to warm up before continuing."), refresh("Successful", 100, ""),
		},
	}
	c, clock, _ := clocked(f, ltTarget())
	var progress []RefreshProgress
	c.OnRefresh = func(p RefreshProgress) { progress = append(progress, p) }
	id, err := c.Refresh(t.Context(), RefreshOptions{Poll: time.Second, Timeout: time.Minute})
	require.NoError(t, err)
	require.Equal(t, "refresh-1", id)
	require.Equal(t, &astypes.RefreshPreferences{
		MinHealthyPercentage: aws.Int32(90), MaxHealthyPercentage: aws.Int32(150),
		InstanceWarmup: aws.Int32(960), SkipMatching: aws.Bool(true),
	}, f.Started.Preferences)
	var seen []string
	for _, p := range progress {
		require.Equal(t, "web-asg", p.Group)
		seen = append(seen, p.Status+" "+p.Reason)
	}
	require.Equal(t, []string{"Pending ", "InProgress ", "InProgress Waiting for instances to warm up before continuing.", "Successful "}, seen)
	require.Equal(t, at.Add(4*time.Second), clock.Now())
}

func TestRefreshFails(t *testing.T) {
	f := &fakeAWS{
		Groups: []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 2)},
		Refreshes: []astypes.InstanceRefresh{
			refresh("InProgress", 0, ""),
			refresh("Failed", 0, "Instance refresh failed: instances failed to launch: the launch template was not found"),
		},
	}
	c, _, _ := clocked(f, ltTarget())
	_, err := c.Refresh(t.Context(), RefreshOptions{Poll: time.Second})
	var rf *RefreshFailedError
	require.ErrorAs(t, err, &rf)
	require.Equal(t, &RefreshFailedError{Group: "web-asg", ID: "refresh-1", Status: "Failed",
		Reason: "Instance refresh failed: instances failed to launch: the launch template was not found"}, rf)
	require.EqualError(t, err, "instance refresh refresh-1 of group web-asg is Failed: "+
		"Instance refresh failed: instances failed to launch: the launch template was not found")
}

func TestRefreshLaunchConfigurationReplacesAll(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{lcGroup("lc-new", 1)}, Refreshes: []astypes.InstanceRefresh{refresh("Successful", 100, "")}}
	c, _, _ := clocked(f, classicTarget())
	var progress []RefreshProgress
	c.OnRefresh = func(p RefreshProgress) { progress = append(progress, p) }
	_, err := c.Refresh(t.Context(), RefreshOptions{InstanceWarmup: time.Hour, MinHealthyPercentage: 100})
	require.NoError(t, err)
	require.Equal(t, &astypes.RefreshPreferences{
		MinHealthyPercentage: aws.Int32(100), MaxHealthyPercentage: aws.Int32(200),
		InstanceWarmup: aws.Int32(3600), SkipMatching: aws.Bool(false),
	}, f.Started.Preferences)
	require.Contains(t, progress[0].Reason, "every instance is replaced")
}

func TestRefreshJoinsRunningRefresh(t *testing.T) {
	f := &fakeAWS{
		Groups:    []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 2)},
		StartErr:  &astypes.InstanceRefreshInProgressFault{Message: aws.String("An Instance Refresh is already in progress")},
		Refreshes: []astypes.InstanceRefresh{refresh("InProgress", 40, ""), refresh("Successful", 100, "")},
	}
	c, _, _ := clocked(f, ltTarget())
	var progress []RefreshProgress
	c.OnRefresh = func(p RefreshProgress) { progress = append(progress, p) }
	id, err := c.Refresh(t.Context(), RefreshOptions{Poll: time.Second})
	require.NoError(t, err)
	require.Equal(t, "refresh-1", id)
	require.Contains(t, progress[0].Reason, "already running")
}

func TestRefreshTimesOut(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 2)}, Refreshes: []astypes.InstanceRefresh{refresh("InProgress", 50, "")}}
	c, _, _ := clocked(f, ltTarget())
	_, err := c.Refresh(t.Context(), RefreshOptions{Poll: 10 * time.Second, Timeout: 30 * time.Second})
	var d *RefreshDetachedError
	require.ErrorAs(t, err, &d)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, 50, d.Percentage)
	require.Equal(t, 4, f.Count("DescribeInstanceRefreshes"))
}

func TestReplaceStale(t *testing.T) {
	stale := ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-2", "lt-1", "2"))
	fresh := ltGroup("lt-1", "3", 2, ltInst("i-1", "lt-1", "3"), ltInst("i-3", "lt-1", "3"))
	f := &fakeAWS{
		Groups:  []astypes.AutoScalingGroup{stale, stale, fresh},
		Targets: inService("healthy", "i-1", "i-2", "i-3"), Tags: tagged("i-1", "i-2", "i-3"),
		Refreshes: []astypes.InstanceRefresh{refresh("Successful", 100, "")},
	}
	c, _, reports := clocked(f, ltTarget())
	r, err := c.ReplaceStale(t.Context(), RefreshOptions{}, time.Minute, time.Second)
	require.NoError(t, err)
	require.True(t, r.Converged())
	require.Equal(t, 1, f.Count("StartInstanceRefresh"))
	require.Equal(t, []string{"i-2"}, (*reports)[0].Stale())
}

func TestReplaceStaleNothingStale(t *testing.T) {
	f := &fakeAWS{Groups: []astypes.AutoScalingGroup{ltGroup("lt-1", "3", 1, ltInst("i-1", "lt-1", "3"))},
		Targets: inService("healthy", "i-1"), Tags: tagged("i-1")}
	c, _, _ := clocked(f, ltTarget())
	r, err := c.ReplaceStale(t.Context(), RefreshOptions{}, time.Minute, time.Second)
	require.NoError(t, err)
	require.True(t, r.Converged())
	require.Zero(t, f.Count("StartInstanceRefresh"))
}
