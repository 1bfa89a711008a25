package testutil

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/require"
)

// LaunchTagged runs one instance with the tags (in moto) and returns its
// id. An empty image takes moto's stock AMI.
func LaunchTagged(t testing.TB, c *ec2.Client, image string, tags map[string]string) string {
	t.Helper()
	if image == "" {
		image = "ami-12c6146b"
	}
	var ts []types.Tag
	for k, v := range tags {
		ts = append(ts, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	out, err := c.RunInstances(t.Context(), &ec2.RunInstancesInput{
		ImageId: aws.String(image), InstanceType: types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeInstance, Tags: ts}},
	})
	require.NoError(t, err)
	return aws.ToString(out.Instances[0].InstanceId)
}
