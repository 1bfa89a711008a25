package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/testutil"
)

// motoCLI runs stackctl against endpoint (moto, or a proxy in front of
// it) through the SDK's default chain: AWS_ENDPOINT_URL is how it gets there.
func motoCLI(t *testing.T, endpoint string) func(args ...string) (int, string, string) {
	t.Helper()
	testutil.SetEnv(t, endpoint)
	return func(args ...string) (int, string, string) {
		e, out, errOut := testEnv()
		e.aws, e.fleet, e.ssm = loadAWS, loadFleet, loadSSM
		e.tune = func(d *deploy.Deployer) { d.Poll = 20 * time.Millisecond }
		code := run(t.Context(), append([]string{"stackctl"}, args...), e)
		return code, out.String(), errOut.String()
	}
}

func TestMotoDeployLifecycle(t *testing.T) {
	m := testutil.SharedMoto(t)
	cli := motoCLI(t, m.URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)

	code, stdout, stderr := cli("deploy", "--yes")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "URL")
	require.Contains(t, stderr, "7 to add")
	group := groupOf(t, cfg)
	require.EqualValues(t, 1, aws.ToInt32(group.MinSize))
	require.EqualValues(t, 4, aws.ToInt32(group.MaxSize))
	require.EqualValues(t, 2, aws.ToInt32(group.DesiredCapacity))
	require.Len(t, group.Instances, 2)
	for _, i := range group.Instances {
		tags := instanceTags(t, m.URL, aws.ToString(i.InstanceId))
		require.Equal(t, "Production", tags["Environment"])
		require.Equal(t, "Authoring", tags["Role"])
	}
	health, err := elb.NewFromConfig(cfg).DescribeInstanceHealth(t.Context(), &elb.DescribeInstanceHealthInput{LoadBalancerName: aws.String(group.LoadBalancerNames[0])})
	require.NoError(t, err)
	require.Len(t, health.InstanceStates, 2)
	for _, s := range health.InstanceStates {
		require.Equal(t, "InService", aws.ToString(s.State))
	}

	code, _, stderr = cli("deploy", "--yes")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "no changes")

	code, stdout, stderr = cli("diff", "--param", "MaxSize=6")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "Plan for stack web-Production (update")

	code, _, stderr = cli("deploy", "--yes", "--param", "MaxSize=6")
	require.Equal(t, 0, code, stderr)
	require.EqualValues(t, 6, aws.ToInt32(groupOf(t, cfg).MaxSize))

	code, stdout, stderr = cli("outputs", "--format", "json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"URL": "http://`)
	code, stdout, stderr = cli("status")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "UPDATE_COMPLETE")

	code, _, stderr = cli("delete", "--yes")
	require.Equal(t, 0, code, stderr)
	_, err = cloudformation.NewFromConfig(cfg).DescribeStacks(t.Context(), &cloudformation.DescribeStacksInput{StackName: aws.String("web-Production")})
	require.ErrorContains(t, err, "does not exist")
	code, _, stderr = cli("status")
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, "does not exist")
}

// The API-call budget: a create and a no-op deploy make at most 4
// CloudFormation calls each; the fleet check adds at most 4 more
// (ListStackResources, DescribeAutoScalingGroups, DescribeInstanceHealth,
// DescribeTags) when the fleet has converged at the first look.
func TestMotoNoOpBudget(t *testing.T) {
	m := testutil.SharedMoto(t)
	counter, err := testutil.NewFaultProxy(m.URL, testutil.Faults{})
	require.NoError(t, err)
	defer counter.Close()
	cli := motoCLI(t, counter.URL)
	calls := func(args ...string) int {
		t.Helper()
		before := counter.Counts()["forwarded"]
		start := time.Now()
		code, _, stderr := cli(args...)
		require.Equal(t, 0, code, stderr)
		n := counter.Counts()["forwarded"] - before
		t.Logf("%v: %d calls, %s", args, n, time.Since(start))
		return n
	}
	require.LessOrEqual(t, calls("deploy", "--yes", "--no-verify"), 4, "create")
	require.LessOrEqual(t, calls("deploy", "--yes", "--no-verify"), 4, "no-op")
	require.LessOrEqual(t, calls("deploy", "--yes"), 4+4, "no-op with the fleet check")
}

// Through a proxy that throttles, fails and drops requests at fixed rates,
// the SDK's retries carry a create and a delete through.
func TestMotoDeployThroughFaults(t *testing.T) {
	m := testutil.SharedMoto(t)
	p, err := testutil.NewFaultProxy(m.URL, testutil.Faults{Throttle: 0.2, Unavail: 0.1, Reset: 0.05, Latency: time.Millisecond, Seed: 7})
	require.NoError(t, err)
	defer p.Close()
	cli := motoCLI(t, p.URL)
	code, _, stderr := cli("deploy", "--yes")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = cli("delete", "--yes")
	require.Equal(t, 0, code, stderr)
	c := p.Counts()
	require.Positive(t, c["throttle"]+c["unavailable"]+c["reset"], "faults were injected: %v", c)
}

func groupOf(t *testing.T, cfg aws.Config) *astypes.AutoScalingGroup {
	t.Helper()
	d := &deploy.Deployer{CFN: cloudformation.NewFromConfig(cfg)}
	res, err := d.Resources(t.Context(), "web-Production")
	require.NoError(t, err)
	var name string
	for _, r := range res {
		if r.LogicalID == "WebServerGroup" {
			name = r.PhysicalID
		}
	}
	out, err := autoscaling.NewFromConfig(cfg).DescribeAutoScalingGroups(t.Context(), &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{name}})
	require.NoError(t, err)
	require.Len(t, out.AutoScalingGroups, 1)
	return &out.AutoScalingGroups[0]
}

// instanceTags asks EC2 for an instance's tags with a raw query-protocol
// request: moto does not check signatures, and the EC2 SDK client is too
// big a dependency for one test call.
func instanceTags(t *testing.T, endpoint, id string) map[string]string {
	t.Helper()
	form := url.Values{"Action": {"DescribeTags"}, "Version": {"2016-11-15"},
		"Filter.1.Name": {"resource-id"}, "Filter.1.Value.1": {id}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	tags := map[string]string{}
	for _, item := range strings.Split(string(body), "<item>")[1:] {
		tags[between(item, "<key>", "</key>")] = between(item, "<value>", "</value>")
	}
	require.NotEmpty(t, tags, fmt.Sprintf("DescribeTags %s: %s", id, body))
	return tags
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(rest, b)
	return v
}
