package deploy

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
)

// Client adapts a *cloudformation.Client to CloudFormation through method
// values. Storing the client itself in an interface keeps all of its ~90
// operations in the binary (text/template, used by urfave/cli's help, makes
// the linker keep every exported method of a type that reaches an
// interface); method values keep only the calls listed here.
func Client(c *cloudformation.Client) CloudFormation {
	return calls{
		describeStacks:              c.DescribeStacks,
		describeChangeSet:           c.DescribeChangeSet,
		describeStackEvents:         c.DescribeStackEvents,
		listStackResources:          c.ListStackResources,
		createStack:                 c.CreateStack,
		createChangeSet:             c.CreateChangeSet,
		executeChangeSet:            c.ExecuteChangeSet,
		deleteChangeSet:             c.DeleteChangeSet,
		deleteStack:                 c.DeleteStack,
		cancelUpdateStack:           c.CancelUpdateStack,
		continueUpdateRollback:      c.ContinueUpdateRollback,
		updateTerminationProtection: c.UpdateTerminationProtection,
	}
}

type calls struct {
	describeStacks              func(context.Context, *cloudformation.DescribeStacksInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error)
	describeChangeSet           func(context.Context, *cloudformation.DescribeChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error)
	describeStackEvents         func(context.Context, *cloudformation.DescribeStackEventsInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error)
	listStackResources          func(context.Context, *cloudformation.ListStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.ListStackResourcesOutput, error)
	createStack                 func(context.Context, *cloudformation.CreateStackInput, ...func(*cloudformation.Options)) (*cloudformation.CreateStackOutput, error)
	createChangeSet             func(context.Context, *cloudformation.CreateChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error)
	executeChangeSet            func(context.Context, *cloudformation.ExecuteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error)
	deleteChangeSet             func(context.Context, *cloudformation.DeleteChangeSetInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error)
	deleteStack                 func(context.Context, *cloudformation.DeleteStackInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
	cancelUpdateStack           func(context.Context, *cloudformation.CancelUpdateStackInput, ...func(*cloudformation.Options)) (*cloudformation.CancelUpdateStackOutput, error)
	continueUpdateRollback      func(context.Context, *cloudformation.ContinueUpdateRollbackInput, ...func(*cloudformation.Options)) (*cloudformation.ContinueUpdateRollbackOutput, error)
	updateTerminationProtection func(context.Context, *cloudformation.UpdateTerminationProtectionInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error)
}

func (c calls) DescribeStacks(ctx context.Context, in *cloudformation.DescribeStacksInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeStacksOutput, error) {
	return c.describeStacks(ctx, in, o...)
}

func (c calls) DescribeChangeSet(ctx context.Context, in *cloudformation.DescribeChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeChangeSetOutput, error) {
	return c.describeChangeSet(ctx, in, o...)
}

func (c calls) DescribeStackEvents(ctx context.Context, in *cloudformation.DescribeStackEventsInput, o ...func(*cloudformation.Options)) (*cloudformation.DescribeStackEventsOutput, error) {
	return c.describeStackEvents(ctx, in, o...)
}

func (c calls) ListStackResources(ctx context.Context, in *cloudformation.ListStackResourcesInput, o ...func(*cloudformation.Options)) (*cloudformation.ListStackResourcesOutput, error) {
	return c.listStackResources(ctx, in, o...)
}

func (c calls) CreateStack(ctx context.Context, in *cloudformation.CreateStackInput, o ...func(*cloudformation.Options)) (*cloudformation.CreateStackOutput, error) {
	return c.createStack(ctx, in, o...)
}

func (c calls) CreateChangeSet(ctx context.Context, in *cloudformation.CreateChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error) {
	return c.createChangeSet(ctx, in, o...)
}

func (c calls) ExecuteChangeSet(ctx context.Context, in *cloudformation.ExecuteChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error) {
	return c.executeChangeSet(ctx, in, o...)
}

func (c calls) DeleteChangeSet(ctx context.Context, in *cloudformation.DeleteChangeSetInput, o ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error) {
	return c.deleteChangeSet(ctx, in, o...)
}

func (c calls) DeleteStack(ctx context.Context, in *cloudformation.DeleteStackInput, o ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error) {
	return c.deleteStack(ctx, in, o...)
}

func (c calls) CancelUpdateStack(ctx context.Context, in *cloudformation.CancelUpdateStackInput, o ...func(*cloudformation.Options)) (*cloudformation.CancelUpdateStackOutput, error) {
	return c.cancelUpdateStack(ctx, in, o...)
}

func (c calls) ContinueUpdateRollback(ctx context.Context, in *cloudformation.ContinueUpdateRollbackInput, o ...func(*cloudformation.Options)) (*cloudformation.ContinueUpdateRollbackOutput, error) {
	return c.continueUpdateRollback(ctx, in, o...)
}

func (c calls) UpdateTerminationProtection(ctx context.Context, in *cloudformation.UpdateTerminationProtectionInput, o ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error) {
	return c.updateTerminationProtection(ctx, in, o...)
}
