// Package bootreport reads the failure reports instances leave in SSM
// Parameter Store when their bootstrap fails.
//
// CloudFormation's SignalResource, which cfn-signal calls, carries only
// SUCCESS or FAILURE: the reason a bootstrap gives never reaches the
// stack's events, which say only "Received 1 FAILURE signal(s)". So the
// bootstrap also writes its reason to /stackctl/<stack>/bootstrap/<instance
// id>, and deploy shows it as the root cause of the rollback.
package bootreport

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// SSM is the part of the SSM API this package uses.
type SSM interface {
	ssm.GetParametersByPathAPIClient
	DeleteParameters(ctx context.Context, in *ssm.DeleteParametersInput, opts ...func(*ssm.Options)) (*ssm.DeleteParametersOutput, error)
}

// Report is one instance's bootstrap failure.
type Report struct {
	Instance string    `json:"instance"`
	Reason   string    `json:"reason"`
	Time     time.Time `json:"time"`
}

// Path is the parameter path of a stack's reports.
func Path(stack string) string { return "/stackctl/" + stack + "/bootstrap/" }

// Since returns the stack's reports written at or after since, oldest
// first: the earliest failure is the likeliest cause.
func Since(ctx context.Context, api SSM, stack string, since time.Time) ([]Report, error) {
	var out []Report
	p := ssm.NewGetParametersByPathPaginator(api, &ssm.GetParametersByPathInput{Path: aws.String(Path(stack))})
	for pages := 0; p.HasMorePages() && pages < 20; pages++ {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("read bootstrap reports of stack %s: %w", stack, err)
		}
		for _, prm := range page.Parameters {
			t := aws.ToTime(prm.LastModifiedDate)
			if t.Before(since) {
				continue
			}
			out = append(out, Report{Instance: path.Base(aws.ToString(prm.Name)), Reason: aws.ToString(prm.Value), Time: t})
		}
	}
	slices.SortFunc(out, func(a, b Report) int {
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Instance, b.Instance)
	})
	return out, nil
}

// Delete removes every report of the stack (after the stack is deleted).
func Delete(ctx context.Context, api SSM, stack string) error {
	var names []string
	p := ssm.NewGetParametersByPathPaginator(api, &ssm.GetParametersByPathInput{Path: aws.String(Path(stack))})
	for pages := 0; p.HasMorePages() && pages < 20; pages++ {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list bootstrap reports of stack %s: %w", stack, err)
		}
		for _, prm := range page.Parameters {
			names = append(names, aws.ToString(prm.Name))
		}
	}
	for batch := range slices.Chunk(names, 10) { // DeleteParameters takes at most 10
		if _, err := api.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: batch}); err != nil {
			return fmt.Errorf("delete bootstrap reports of stack %s: %w", stack, err)
		}
	}
	return nil
}

// IsSignalFailure says whether a resource's failure reason is about
// resource signals: only then can the instances' reports explain it.
func IsSignalFailure(reason string) bool {
	r := strings.ToLower(reason)
	return strings.Contains(r, "signal")
}

// Client adapts a *ssm.Client through method values, so the binary keeps
// only these two of its operations.
func Client(c *ssm.Client) SSM {
	return calls{c.GetParametersByPath, c.DeleteParameters}
}

type calls struct {
	get func(context.Context, *ssm.GetParametersByPathInput, ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error)
	del func(context.Context, *ssm.DeleteParametersInput, ...func(*ssm.Options)) (*ssm.DeleteParametersOutput, error)
}

func (c calls) GetParametersByPath(ctx context.Context, in *ssm.GetParametersByPathInput, o ...func(*ssm.Options)) (*ssm.GetParametersByPathOutput, error) {
	return c.get(ctx, in, o...)
}

func (c calls) DeleteParameters(ctx context.Context, in *ssm.DeleteParametersInput, o ...func(*ssm.Options)) (*ssm.DeleteParametersOutput, error) {
	return c.del(ctx, in, o...)
}
