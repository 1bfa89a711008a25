package deploy_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/deploy"
)

// pagedCFN answers DescribeStacks without a name from a list of stacks, a
// page at a time, and records every call; other calls are not expected.
type pagedCFN struct {
	deploy.CloudFormation
	stacks []types.Stack
	page   int
	calls  []*cloudformation.DescribeStacksInput
}

func (f *pagedCFN) DescribeStacks(_ context.Context, in *cloudformation.DescribeStacksInput, _ ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	f.calls = append(f.calls, in)
	if in.StackName != nil {
		return nil, fmt.Errorf("unexpected describe of one stack %s", *in.StackName)
	}
	start := 0
	if in.NextToken != nil {
		_, _ = fmt.Sscan(*in.NextToken, &start)
	}
	end := min(start+f.page, len(f.stacks))
	out := &cloudformation.DescribeStacksOutput{Stacks: f.stacks[start:end]}
	if end < len(f.stacks) {
		out.NextToken = aws.String(fmt.Sprint(end))
	}
	return out, nil
}

func TestListPagesWithoutPerStackCalls(t *testing.T) {
	f := &pagedCFN{page: 100}
	for i := range 3000 {
		s := types.Stack{StackName: aws.String(fmt.Sprintf("s%d", i)), StackId: aws.String(fmt.Sprintf("id%d", i)), StackStatus: types.StackStatusCreateComplete}
		if i%3 == 0 {
			s.Tags = []types.Tag{{Key: aws.String("stackctl:config"), Value: aws.String("c.yaml")}}
		}
		if i == 3 {
			s.StackStatus = types.StackStatusDeleteComplete
		}
		f.stacks = append(f.stacks, s)
	}
	d := &deploy.Deployer{CFN: f}
	got, err := d.List(t.Context(), func(s *deploy.Stack) bool { return s.Tags["stackctl:config"] != "" })
	require.NoError(t, err)
	require.Len(t, got, 999, "every tagged stack but the deleted one")
	require.Len(t, f.calls, 30, "one call per page")
	require.Equal(t, "s0", got[0].Name)
	require.Equal(t, "c.yaml", got[0].Tags["stackctl:config"])

	all, err := d.List(t.Context(), nil)
	require.NoError(t, err)
	require.Len(t, all, 2999)
}
