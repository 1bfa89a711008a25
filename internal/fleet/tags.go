package fleet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// tagBatch bounds the instance ids in one DescribeTags filter.
const tagBatch = 100

// instanceTags reads the expected tag keys of the instances from EC2, by
// instance id then key.
func (c *Checker) instanceTags(ctx context.Context, ids []string, want map[string]string) (map[string]map[string]string, error) {
	if len(want) == 0 || len(ids) == 0 {
		return nil, nil
	}
	if c.EC2 == nil {
		return nil, errors.New("read instance tags: no ec2 client")
	}
	keys := sortedKeys(want)
	tags := map[string]map[string]string{}
	for batch := range slices.Chunk(ids, tagBatch) {
		in := &ec2.DescribeTagsInput{Filters: []ec2types.Filter{
			{Name: aws.String("resource-id"), Values: batch},
			{Name: aws.String("key"), Values: keys},
		}}
		for p := ec2.NewDescribeTagsPaginator(c.EC2, in); p.HasMorePages(); {
			out, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("describe tags of instances: %w", err)
			}
			for _, t := range out.Tags {
				id := aws.ToString(t.ResourceId)
				if tags[id] == nil {
					tags[id] = map[string]string{}
				}
				tags[id][aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
		}
	}
	return tags, nil
}

// tagProblems compares an instance's tags with the expected values.
func tagProblems(have, want map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(want) {
		v, ok := have[k]
		switch {
		case !ok:
			out = append(out, "missing tag "+k)
		case v != want[k]:
			out = append(out, fmt.Sprintf("tag %s is %q, want %q", k, v, want[k]))
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
