package deploy

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Output is one stack output.
type Output struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	ExportName  string `json:"exportName,omitempty"`
}

// Stack is a stack as the commands show it.
type Stack struct {
	Name      string            `json:"stack"`
	ID        string            `json:"stackId"`
	Status    string            `json:"status"`
	Reason    string            `json:"reason,omitempty"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
	Protected bool              `json:"terminationProtection"`
	Outputs   []Output          `json:"outputs"`
	Tags      map[string]string `json:"tags"`
}

// describe returns the stack, or an error wrapping ErrNotFound when
// CloudFormation says it does not exist.
func (d *Deployer) describe(ctx context.Context, nameOrID string) (*types.Stack, error) {
	out, err := d.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(nameOrID)})
	if isNotExist(err) {
		return nil, fmt.Errorf("%s: %w", nameOrID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("describe stack %s: %w", nameOrID, err)
	}
	if len(out.Stacks) == 0 {
		return nil, fmt.Errorf("%s: %w", nameOrID, ErrNotFound)
	}
	return &out.Stacks[0], nil
}

// Describe returns a stack by name or id; a missing stack wraps ErrNotFound.
func (d *Deployer) Describe(ctx context.Context, name string) (*Stack, error) {
	s, err := d.describe(ctx, name)
	if err != nil {
		return nil, err
	}
	return toStack(s), nil
}

func toStack(s *types.Stack) *Stack {
	st := &Stack{
		Name:      aws.ToString(s.StackName),
		ID:        aws.ToString(s.StackId),
		Status:    string(s.StackStatus),
		Reason:    aws.ToString(s.StackStatusReason),
		Created:   aws.ToTime(s.CreationTime),
		Updated:   aws.ToTime(s.LastUpdatedTime),
		Protected: aws.ToBool(s.EnableTerminationProtection),
		Outputs:   outputs(s),
		Tags:      map[string]string{},
	}
	for _, t := range s.Tags {
		st.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return st
}

func outputs(s *types.Stack) []Output {
	var out []Output
	for _, o := range s.Outputs {
		out = append(out, Output{
			Key: aws.ToString(o.OutputKey), Value: aws.ToString(o.OutputValue),
			Description: aws.ToString(o.Description), ExportName: aws.ToString(o.ExportName),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Resource is one resource of a stack.
type Resource struct {
	LogicalID  string    `json:"logicalId"`
	PhysicalID string    `json:"physicalId"`
	Type       string    `json:"type"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	Updated    time.Time `json:"updated"`
}

// Resources lists a stack's resources.
func (d *Deployer) Resources(ctx context.Context, stack string) ([]Resource, error) {
	var res []Resource
	p := cloudformation.NewListStackResourcesPaginator(d.CFN, &cloudformation.ListStackResourcesInput{StackName: aws.String(stack)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if isNotExist(err) {
			return nil, fmt.Errorf("%s: %w", stack, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("list resources of stack %s: %w", stack, err)
		}
		for _, r := range out.StackResourceSummaries {
			res = append(res, Resource{
				LogicalID: aws.ToString(r.LogicalResourceId), PhysicalID: aws.ToString(r.PhysicalResourceId),
				Type: aws.ToString(r.ResourceType), Status: string(r.ResourceStatus),
				Reason: aws.ToString(r.ResourceStatusReason), Updated: aws.ToTime(r.LastUpdatedTimestamp),
			})
		}
	}
	sort.Slice(res, func(i, j int) bool { return res[i].LogicalID < res[j].LogicalID })
	return res, nil
}

// RecentEvents returns up to limit of the stack's newest events, oldest first.
func (d *Deployer) RecentEvents(ctx context.Context, stack string, limit int) ([]Event, error) {
	var evs []Event
	in := &cloudformation.DescribeStackEventsInput{StackName: aws.String(stack)}
	for len(evs) < limit {
		out, err := d.CFN.DescribeStackEvents(ctx, in)
		if isNotExist(err) {
			return nil, fmt.Errorf("%s: %w", stack, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("describe events of stack %s: %w", stack, err)
		}
		for _, e := range out.StackEvents {
			if len(evs) < limit {
				evs = append(evs, fromStackEvent(e))
			}
		}
		if in.NextToken = out.NextToken; in.NextToken == nil {
			break
		}
	}
	for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
		evs[i], evs[j] = evs[j], evs[i]
	}
	return evs, nil
}
