package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/bootreport"
	tu "github.com/stackctl/stackctl/internal/testutil"
)

// fakeSSM holds bootstrap reports as parameters.
type fakeSSM struct {
	params  []ssmtypes.Parameter
	deleted []string
}

func (f *fakeSSM) GetParametersByPath(_ context.Context, in *ssm.GetParametersByPathInput, _ ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error) {
	return &ssm.GetParametersByPathOutput{Parameters: f.params}, nil
}

func (f *fakeSSM) DeleteParameters(_ context.Context, in *ssm.DeleteParametersInput, _ ...func(*ssm.Options)) (*ssm.DeleteParametersOutput, error) {
	f.deleted = append(f.deleted, in.Names...)
	return &ssm.DeleteParametersOutput{DeletedParameters: in.Names}, nil
}

// A bootstrap that fails sends FAILURE; CloudFormation's events say only
// "Received 1 FAILURE signal(s)". The instance's own report is the root
// cause deploy shows first.
func TestGoldenBootstrapFailure(t *testing.T) {
	s := newScripted(t, tu.Scenario{
		"DescribeStacks": {tu.Gone(stk), tu.StackIs(stk, "ROLLBACK_COMPLETE", at(1))},
		"CreateStack":    {tu.Created(tu.StackID(stk))},
		"DescribeStackEvents": {
			tu.Evs(tu.Ev(stk, at(1), stk, "", "CREATE_IN_PROGRESS", "User Initiated"),
				tu.Ev(stk, at(3), "WebServerGroup", asg, "CREATE_IN_PROGRESS", "")),
			tu.Evs(tu.Ev(stk, at(300), "WebServerGroup", asg, "CREATE_IN_PROGRESS", "Received FAILURE signal with UniqueId i-0aaa"),
				tu.Ev(stk, at(301), "WebServerGroup", asg, "CREATE_FAILED", "Received 1 FAILURE signal(s) out of 2. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement"),
				tu.Ev(stk, at(302), stk, "", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [WebServerGroup]. Rollback requested by user.")),
			tu.Evs(tu.Ev(stk, at(350), "WebServerGroup", asg, "DELETE_COMPLETE", ""),
				tu.Ev(stk, at(351), stk, "", "ROLLBACK_COMPLETE", "")),
		},
	})
	reports := &fakeSSM{params: []ssmtypes.Parameter{
		{Name: aws.String(bootreport.Path(stk) + "i-0aaa"), Value: aws.String("agent: agent script /var/lib/stackctl/agent.sh exited 3"), LastModifiedDate: aws.Time(at(299))},
		{Name: aws.String(bootreport.Path(stk) + "i-0old"), Value: aws.String("an older deploy's failure"), LastModifiedDate: aws.Time(at(-86400))},
	}}
	s.e.ssm = func(context.Context, string, string) (bootreport.SSM, error) { return reports, nil }
	code := s.run(t, "deploy", "--yes")
	golden(t, "create_failed_bootstrap_reason", s.transcript(code))
	require.Equal(t, exitFailed, code)
	require.Contains(t, s.errs.String(), "stackctl: stack web-Production is ROLLBACK_COMPLETE: i-0aaa FAILURE: agent: agent script /var/lib/stackctl/agent.sh exited 3\n")
	require.NotContains(t, s.errs.String(), "an older deploy's failure")
}

// delete removes the stack's reports with the stack.
func TestDeleteRemovesReports(t *testing.T) {
	s := newScripted(t, tu.Scenario{
		"DescribeStacks":      {tu.StackIs(stk, "CREATE_COMPLETE", at(-100)), {Err: tu.NotExist(stk)}},
		"DescribeStackEvents": {tu.Evs(tu.Ev(stk, at(1), stk, "", "DELETE_IN_PROGRESS", "User Initiated"), tu.Ev(stk, at(2), stk, "", "DELETE_COMPLETE", ""))},
	})
	reports := &fakeSSM{params: []ssmtypes.Parameter{{Name: aws.String(bootreport.Path(stk) + "i-0aaa"), Value: aws.String("x")}}}
	s.e.ssm = func(context.Context, string, string) (bootreport.SSM, error) { return reports, nil }
	code := s.run(t, "delete", "--yes")
	require.Equal(t, 0, code, s.transcript(code))
	require.Equal(t, []string{bootreport.Path(stk) + "i-0aaa"}, reports.deleted, s.transcript(code))
}
