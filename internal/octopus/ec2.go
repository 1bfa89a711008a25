package octopus

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// This is the only file that imports the EC2 SDK package. It is huge
// (~750 operations, a minute to compile cold), and only DescribeInstances
// may reach the binary: urfave/cli's help uses text/template, whose
// reflective method lookups make the linker keep every exported method of
// every type that can reach an interface value — *ec2.Client included,
// were it a field of ec2Lookup or passed as ec2.DescribeInstancesAPIClient
// (the SDK paginator). So the client is only captured by a closure.
// Measured: a 16 MB stripped binary instead of 46 MB.

// ec2Batch is how many ids go into one instance-id filter.
const ec2Batch = 100

// maxEC2Pages bounds the paging of one batch.
const maxEC2Pages = 1000

// NewEC2 returns the EC2 lookup for an SDK configuration.
func NewEC2(cfg aws.Config) EC2 {
	c := ec2.NewFromConfig(cfg)
	return ec2Lookup{describe: func(ctx context.Context, in *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error) {
		return c.DescribeInstances(ctx, in)
	}}
}

type ec2Lookup struct {
	describe func(context.Context, *ec2.DescribeInstancesInput) (*ec2.DescribeInstancesOutput, error)
}

// Instances asks for the ids through an instance-id filter, not
// InstanceIds: with InstanceIds one unknown id fails the whole call with
// InvalidInstanceID.NotFound (and a malformed one with .Malformed), while
// a filter simply returns the instances that exist. Terminated instances
// stay visible (state terminated) for about an hour, then vanish.
func (l ec2Lookup) Instances(ctx context.Context, ids []string) ([]Instance, error) {
	var out []Instance
	for start := 0; start < len(ids); start += ec2Batch {
		batch := ids[start:min(start+ec2Batch, len(ids))]
		got, err := l.batch(ctx, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

func (l ec2Lookup) batch(ctx context.Context, ids []string) ([]Instance, error) {
	in := &ec2.DescribeInstancesInput{Filters: []types.Filter{{Name: aws.String("instance-id"), Values: ids}}}
	var out []Instance
	for range maxEC2Pages {
		page, err := l.describe(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, r := range page.Reservations {
			for _, i := range r.Instances {
				out = append(out, instance(i))
			}
		}
		next := aws.ToString(page.NextToken)
		if next == "" || next == aws.ToString(in.NextToken) {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
	return nil, errors.New("DescribeInstances: too many pages")
}

func instance(i types.Instance) Instance {
	in := Instance{ID: aws.ToString(i.InstanceId), Tags: map[string]string{}}
	if i.State != nil {
		in.State = string(i.State.Name)
	}
	for _, t := range i.Tags {
		in.Tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return in
}
