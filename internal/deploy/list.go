package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// List returns every live stack in the region with its tags, status and
// times, through DescribeStacks pages: one call per page of stacks, never
// one per stack, so a region with thousands of stacks costs tens of calls.
// keep selects which stacks to return (nil: all).
func (d *Deployer) List(ctx context.Context, keep func(*Stack) bool) ([]Stack, error) {
	var stacks []Stack
	p := cloudformation.NewDescribeStacksPaginator(d.CFN, &cloudformation.DescribeStacksInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list stacks: %w", err)
		}
		for i := range out.Stacks {
			s := toStack(&out.Stacks[i])
			if s.Status == "DELETE_COMPLETE" || (keep != nil && !keep(s)) {
				continue
			}
			stacks = append(stacks, *s)
		}
	}
	return stacks, nil
}
