package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	tu "github.com/stackctl/stackctl/internal/testutil"
)

// The scenarios moto cannot show, as data: each is a scripted endpoint,
// the command line, and the exit code; the transcript is in testdata/.

type goldenCase struct {
	name     string
	args     []string
	scenario tu.Scenario
	exit     int
	check    func(t *testing.T, srv *tu.Scripted)
}

const (
	stk  = "web-Production"
	asg  = "AWS::AutoScaling::AutoScalingGroup"
	sg   = "AWS::EC2::SecurityGroup"
	lc   = "AWS::AutoScaling::LaunchConfiguration"
	role = "AWS::IAM::Role"
)

var csID = tu.Created("arn:aws:cloudformation:us-east-1:123456789012:changeSet/stackctl-test/1")

func goldenCases() []goldenCase {
	return append(createCases(), updateCases()...)
}

func createCases() []goldenCase {
	url := tu.Output{OutputKey: "URL", OutputValue: "http://lb.example"}
	return []goldenCase{{
		name: "create_in_progress_then_complete",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.Gone(stk), tu.StackIs(stk, "CREATE_IN_PROGRESS", at(1)), tu.StackIs(stk, "CREATE_COMPLETE", at(1), url)},
			"CreateStack":    {tu.Created(tu.StackID(stk))},
			"DescribeStackEvents": {
				tu.Evs(tu.Ev(stk, at(1), stk, "", "CREATE_IN_PROGRESS", "User Initiated"),
					tu.Ev(stk, at(2), "InstanceSecurityGroup", sg, "CREATE_IN_PROGRESS", "")),
				tu.Quiet, tu.Quiet,
				tu.Evs(tu.Ev(stk, at(14), "InstanceSecurityGroup", sg, "CREATE_COMPLETE", ""),
					tu.Ev(stk, at(15), "WebServerGroup", asg, "CREATE_IN_PROGRESS", "")),
				tu.Quiet, tu.Quiet, tu.Quiet,
				tu.Evs(tu.Ev(stk, at(60), "WebServerGroup", asg, "CREATE_COMPLETE", ""),
					tu.Ev(stk, at(61), stk, "", "CREATE_COMPLETE", "")),
			},
		},
		exit: 0,
		check: func(t *testing.T, srv *tu.Scripted) {
			c := srv.Calls()[1]
			require.Equal(t, "CreateStack", c.Action)
			require.Equal(t, "tok-1", c.Form.Get("ClientRequestToken"))
			require.Equal(t, "CAPABILITY_IAM", c.Form.Get("Capabilities.member.1"))
			require.Equal(t, 3, srv.Count("DescribeStacks"), "DescribeStacks runs less often than events")
		},
	}, {
		name: "create_failed_rolls_back",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.Gone(stk), tu.StackIs(stk, "ROLLBACK_COMPLETE", at(1))},
			"CreateStack":    {tu.Created(tu.StackID(stk))},
			"DescribeStackEvents": {
				tu.Evs(tu.Ev(stk, at(1), stk, "", "CREATE_IN_PROGRESS", "User Initiated"),
					tu.Ev(stk, at(2), "InstanceRole", role, "CREATE_IN_PROGRESS", ""),
					tu.Ev(stk, at(3), "WebServerGroup", asg, "CREATE_IN_PROGRESS", "")),
				tu.Evs(tu.Ev(stk, at(900), "WebServerGroup", asg, "CREATE_FAILED", "Received 0 SUCCESS signal(s) out of 2.  Unable to satisfy 100% MinSuccessfulInstancesPercent requirement"),
					tu.Ev(stk, at(901), "InstanceRole", role, "CREATE_FAILED", "Resource creation cancelled"),
					tu.Ev(stk, at(902), stk, "", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [WebServerGroup, InstanceRole]. Rollback requested by user.")),
				tu.Evs(tu.Ev(stk, at(950), "WebServerGroup", asg, "DELETE_COMPLETE", ""),
					tu.Ev(stk, at(951), stk, "", "ROLLBACK_COMPLETE", "")),
			},
		},
		exit: 3,
	}, {
		name: "throttled_create_retries",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks":      {{Err: tu.Throttle}, {Err: tu.Throttle}, tu.Gone(stk), {Err: tu.Throttle}, tu.StackIs(stk, "CREATE_COMPLETE", at(1))},
			"CreateStack":         {{Err: tu.Throttle}, tu.Created(tu.StackID(stk))},
			"DescribeStackEvents": {{Err: tu.Throttle}, tu.Evs(tu.Ev(stk, at(1), stk, "", "CREATE_IN_PROGRESS", "User Initiated"), tu.Ev(stk, at(2), stk, "", "CREATE_COMPLETE", ""))},
		},
		exit: 0,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Equal(t, 5, srv.Count("DescribeStacks"))
			require.Equal(t, 2, srv.Count("CreateStack"))
		},
	}, {
		name: "dead_create_without_consent",
		args: []string{"deploy"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "ROLLBACK_COMPLETE", at(-100))},
		},
		exit: 2,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Zero(t, srv.Count("DeleteStack"), "nothing deleted without consent")
		},
	}, {
		name: "dead_create_recovered_with_yes",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "ROLLBACK_COMPLETE", at(-100)), tu.StackIs(stk, "DELETE_COMPLETE", at(-100)), tu.StackIs(stk, "CREATE_COMPLETE", at(20))},
			"CreateStack":    {tu.Created(tu.StackID(stk))},
			"DescribeStackEvents": {
				tu.Evs(tu.Ev(stk, at(1), stk, "", "DELETE_IN_PROGRESS", "User Initiated"), tu.Ev(stk, at(5), stk, "", "DELETE_COMPLETE", "")),
				tu.Evs(tu.Ev(stk, at(20), stk, "", "CREATE_IN_PROGRESS", "User Initiated"), tu.Ev(stk, at(30), stk, "", "CREATE_COMPLETE", "")),
			},
		},
		exit: 0,
	}}
}

func updateCases() []goldenCase {
	changes := []tu.Change{
		tu.Modify("WebServerGroup", asg, "Conditional", tu.Prop("MaxSize", "Never"), tu.Prop("LaunchConfigurationName", "Conditionally")),
		tu.Modify("LaunchConfig", lc, "True", tu.Prop("InstanceType", "Always")),
	}
	executing := tu.Scenario{
		"DescribeStacks":    {tu.StackIs(stk, "UPDATE_COMPLETE", at(-100)), tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {tu.ChangeSetIs(stk, "CREATE_PENDING", ""), tu.ChangeSetIs(stk, "CREATE_COMPLETE", "", changes...)},
		"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(12), stk, "", "UPDATE_IN_PROGRESS", "User Initiated"),
			tu.Ev(stk, at(13), "WebServerGroup", asg, "UPDATE_IN_PROGRESS", ""))},
	}
	return []goldenCase{{
		name: "update_in_progress_at_start_waits",
		args: []string{"deploy", "--yes", "--param", "MaxSize=6"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100)), tu.StackIs(stk, "UPDATE_COMPLETE", at(-100)),
				tu.StackIs(stk, "UPDATE_COMPLETE", at(-100), tu.Output{OutputKey: "URL", OutputValue: "http://lb.example"})},
			"CreateChangeSet":   {csID},
			"DescribeChangeSet": {tu.ChangeSetIs(stk, "CREATE_COMPLETE", "", changes...)},
			"DescribeStackEvents": {
				{Events: []tu.Event{func() tu.Event {
					e := tu.Ev(stk, at(1), stk, "", "UPDATE_COMPLETE", "")
					e.ClientRequestToken = "someone-else"
					return e
				}()}},
				tu.Evs(tu.Ev(stk, at(30), stk, "", "UPDATE_IN_PROGRESS", "User Initiated"),
					tu.Ev(stk, at(31), "WebServerGroup", asg, "UPDATE_IN_PROGRESS", ""),
					func() tu.Event {
						e := tu.Ev(stk, at(35), "SomeoneElses", asg, "UPDATE_IN_PROGRESS", "not ours: never shown")
						e.ClientRequestToken = "someone-else"
						return e
					}(),
					tu.Ev(stk, at(40), "WebServerGroup", asg, "UPDATE_COMPLETE", ""),
					tu.Ev(stk, at(41), stk, "", "UPDATE_COMPLETE", "")),
			},
		},
		exit: 0,
		check: func(t *testing.T, srv *tu.Scripted) {
			for _, c := range srv.Calls() {
				if c.Action == "CreateChangeSet" {
					require.Equal(t, "MaxSize", c.Form.Get("Parameters.member.1.ParameterKey"))
					require.Equal(t, "6", c.Form.Get("Parameters.member.1.ParameterValue"))
					require.Equal(t, "web-Production", c.Form.Get("StackName"))
				}
			}
		},
	}, {
		name:     "update_in_progress_no_wait",
		args:     []string{"deploy", "--yes", "--no-wait"},
		scenario: tu.Scenario{"DescribeStacks": {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100))}},
		exit:     2,
	}, {
		name: "update_rollback_failed",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "UPDATE_ROLLBACK_FAILED", at(-100))},
		},
		exit: 3,
	}, {
		name: "update_rollback_failed_continued",
		args: []string{"deploy", "--yes", "--continue-rollback"},
		scenario: tu.Scenario{
			"DescribeStacks":  {tu.StackIs(stk, "UPDATE_ROLLBACK_FAILED", at(-100)), tu.StackIs(stk, "UPDATE_ROLLBACK_COMPLETE", at(-100))},
			"CreateChangeSet": {{Err: &tu.APIError{Status: 400, Code: "ValidationError", Message: "No updates are to be performed."}}},
			"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(1), stk, "", "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated"),
				tu.Ev(stk, at(9), stk, "", "UPDATE_ROLLBACK_COMPLETE", ""))},
		},
		exit: 0,
	}, {
		name: "no_changes_failed_change_set",
		args: []string{"deploy", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks":    {tu.StackIs(stk, "UPDATE_COMPLETE", at(-100))},
			"CreateChangeSet":   {csID},
			"DescribeChangeSet": {tu.ChangeSetIs(stk, "FAILED", "The submitted information didn't contain changes. Submit different information to create a change set.")},
		},
		exit: 0,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Equal(t, 1, srv.Count("DeleteChangeSet"), "the empty change set is deleted")
			require.Zero(t, srv.Count("ExecuteChangeSet"))
			require.Equal(t, 5, len(srv.Calls()), "a no-op costs 4 calls, and the fleet check one more")
			require.Equal(t, 1, srv.Count("ListStackResources"), "the fleet check's one CloudFormation call")
		},
	}, {
		name:     "update_without_yes_no_terminal",
		args:     []string{"deploy"},
		scenario: executing,
		exit:     2,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Equal(t, 1, srv.Count("DeleteChangeSet"))
			require.Zero(t, srv.Count("ExecuteChangeSet"))
		},
	}, {
		name:     "update_outlives_timeout",
		args:     []string{"deploy", "--yes", "--timeout", "30s"},
		scenario: executing,
		exit:     5,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Zero(t, srv.Count("DeleteChangeSet"), "an executed change set is not deleted")
			require.Zero(t, srv.Count("CancelUpdateStack"), "a timeout never cancels")
		},
	}, {
		name:     "diff_prints_plan_and_deletes",
		args:     []string{"diff"},
		scenario: executing,
		exit:     0,
		check: func(t *testing.T, srv *tu.Scripted) {
			require.Equal(t, 1, srv.Count("DeleteChangeSet"))
			require.Zero(t, srv.Count("ExecuteChangeSet"))
		},
	}, {
		name: "delete_outlives_timeout",
		args: []string{"delete", "--yes", "--timeout", "1m"},
		scenario: tu.Scenario{
			"DescribeStacks":      {tu.StackIs(stk, "UPDATE_COMPLETE", at(-100)), tu.StackIs(stk, "DELETE_IN_PROGRESS", at(-100))},
			"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(1), stk, "", "DELETE_IN_PROGRESS", "User Initiated")), tu.Quiet},
		},
		exit: 5,
	}, {
		name: "delete_failed_names_blockers",
		args: []string{"delete", "--yes"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "UPDATE_COMPLETE", at(-100)), tu.StackIs(stk, "DELETE_FAILED", at(-100))},
			"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(1), stk, "", "DELETE_IN_PROGRESS", "User Initiated"),
				tu.Ev(stk, at(5), "InstanceSecurityGroup", sg, "DELETE_FAILED", "resource sg-0123 has a dependent object"),
				tu.Ev(stk, at(6), stk, "", "DELETE_FAILED", "The following resource(s) failed to delete: [InstanceSecurityGroup]."))},
		},
		exit: 3,
	}, {
		name: "wait_reattaches",
		args: []string{"wait"},
		scenario: tu.Scenario{
			"DescribeStacks": {tu.StackIs(stk, "UPDATE_IN_PROGRESS", at(-100)), tu.StackIs(stk, "UPDATE_ROLLBACK_COMPLETE", at(-100))},
			"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(2), "WebServerGroup", asg, "UPDATE_FAILED", "Received 1 FAILURE signal(s) out of 2"),
				tu.Ev(stk, at(3), stk, "", "UPDATE_ROLLBACK_IN_PROGRESS", ""), tu.Ev(stk, at(9), stk, "", "UPDATE_ROLLBACK_COMPLETE", ""))},
		},
		exit: 3,
	}}
}
