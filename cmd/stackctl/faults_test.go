package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
	"github.com/stackctl/stackctl/internal/testutil"
)

// Through a proxy that throttles 30% of requests, answers 10% with a 5xx
// and resets 10% of connections, in each service's own error shape, a
// create, an update and a delete succeed with the fleet check on: exactly
// one stack exists, each mutating call reached moto once, every attempt of
// it carried the same ClientRequestToken, and the user saw one quiet note.
func TestMotoLifecycleThroughFaults(t *testing.T) {
	m := testutil.SharedMoto(t)
	p, err := testutil.NewFaultProxy(m.URL, testutil.Faults{Throttle: 0.3, Unavail: 0.05, Internal: 0.05, Reset: 0.1,
		Latency: time.Millisecond, Slow: 0.05, SlowBy: 50 * time.Millisecond, Seed: 3})
	require.NoError(t, err)
	defer p.Close()
	cli := fastRetryCLI(t, p.URL)
	direct := directCFN(t, m.URL)

	for _, step := range [][]string{{"deploy", "--yes"}, {"deploy", "--yes", "--param", "MaxSize=6"}} {
		start := time.Now()
		code, _, stderr := cli(step...)
		t.Logf("%v: %s", step, time.Since(start).Round(time.Millisecond))
		require.Equal(t, 0, code, "%v: %s", step, stderr)
		requireQuietRetries(t, stderr)
		require.Len(t, liveStacks(t, direct), 1, "%v: exactly one stack", step)
	}
	code, _, stderr := cli("delete", "--yes")
	require.Equal(t, 0, code, stderr)
	requireQuietRetries(t, stderr)
	require.Empty(t, liveStacks(t, direct))

	for _, action := range []string{"CreateStack", "CreateChangeSet", "ExecuteChangeSet"} {
		attempts, forwarded, tokens := tokensOf(p.Requests(), action)
		require.Equal(t, 1, forwarded, "%s reached moto once (%d attempts)", action, attempts)
		require.Len(t, tokens, 1, "%s: every attempt carries the one token", action)
		require.NotEmpty(t, tokens[0], "%s carries a token", action)
	}
	c := p.Counts()
	t.Logf("faults: %v; %d requests, %d retried", c, len(p.Requests()), len(p.Requests())-c["forwarded"])
	require.Positive(t, c["throttle"])
	require.Positive(t, c["unavailable"]+c["internal"])
	require.Positive(t, c["reset"])
	requireEC2Faulted(t, p.Requests())
}

// fastRetryCLI is motoCLI with the production retry policy (adaptive
// mode, 10 attempts) but backoff capped at 20 ms instead of 20 s, so that
// hundreds of injected faults take seconds, not minutes.
func fastRetryCLI(t *testing.T, endpoint string) func(args ...string) (int, string, string) {
	t.Helper()
	testutil.SetEnv(t, endpoint)
	opts := awsclient.Options{MaxBackoff: 20 * time.Millisecond}
	return func(args ...string) (int, string, string) {
		e, out, errOut := testEnv()
		e.aws = func(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error) {
			o := opts
			o.Region, o.Profile = region, profile
			cfg, err := awsclient.Load(ctx, o)
			if err != nil {
				return nil, nil, err
			}
			return awsclient.CloudFormation(cfg), awsclient.NewS3Uploader(cfg), nil
		}
		e.fleet = func(ctx context.Context, region, profile string) (fleet.Clients, error) {
			o := opts
			o.Region, o.Profile = region, profile
			cfg, err := awsclient.Load(ctx, o)
			if err != nil {
				return fleet.Clients{}, err
			}
			return fleet.NewClients(cfg), nil
		}
		e.tune = func(d *deploy.Deployer) { d.Poll = 20 * time.Millisecond }
		code := run(t.Context(), append([]string{"stackctl"}, args...), e)
		return code, out.String(), errOut.String()
	}
}

// requireQuietRetries: retries show as at most one note, never an error.
func requireQuietRetries(t *testing.T, stderr string) {
	t.Helper()
	require.LessOrEqual(t, strings.Count(stderr, "note: retrying AWS requests"), 1, stderr)
	require.NotContains(t, stderr, "stackctl:", stderr)
}

// requireEC2Faulted: the fleet check's EC2 calls went through the proxy
// and met faults in EC2's own error shape, and still succeeded.
func requireEC2Faulted(t *testing.T, reqs []testutil.ProxyRequest) {
	t.Helper()
	faulted := 0
	for _, r := range reqs {
		if r.Service == "ec2" && r.Fate != "forwarded" {
			faulted++
		}
	}
	require.Positive(t, faulted, "some EC2 request was disturbed")
}

func tokensOf(reqs []testutil.ProxyRequest, action string) (attempts, forwarded int, tokens []string) {
	seen := map[string]bool{}
	for _, r := range reqs {
		if r.Action != action {
			continue
		}
		attempts++
		if r.Fate == "forwarded" {
			forwarded++
		}
		if !seen[r.Token] {
			seen[r.Token] = true
			tokens = append(tokens, r.Token)
		}
	}
	return attempts, forwarded, tokens
}

func directCFN(t *testing.T, endpoint string) *cloudformation.Client {
	t.Helper()
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)
	return cloudformation.NewFromConfig(cfg, func(o *cloudformation.Options) { o.BaseEndpoint = aws.String(endpoint) })
}

// liveStacks lists the stacks that are not deleted.
func liveStacks(t *testing.T, c *cloudformation.Client) []string {
	t.Helper()
	out, err := c.ListStacks(t.Context(), &cloudformation.ListStacksInput{})
	require.NoError(t, err)
	var names []string
	for _, s := range out.StackSummaries {
		if s.StackStatus != cfntypes.StackStatusDeleteComplete {
			names = append(names, aws.ToString(s.StackName))
		}
	}
	return names
}
