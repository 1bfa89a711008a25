package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
	"github.com/stackctl/stackctl/internal/fleet/fleettest"
	"github.com/stackctl/stackctl/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestMain(m *testing.M) { os.Exit(testutil.RunWithMoto(m)) }

// t0 is the fake clock's start; scenario events happen after it.
var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// scripted runs stackctl against a scripted CloudFormation endpoint through
// the real SDK, with a fake clock and instant sleeps.
type scripted struct {
	srv          *testutil.Scripted
	e            *env
	stdout, errs *bytes.Buffer
	// fleet is the fleet behind the stack: healthy unless a test says not.
	fleet *fleettest.Fake
}

func newScripted(t *testing.T, sc testutil.Scenario) *scripted {
	t.Helper()
	if _, ok := sc["ListStackResources"]; !ok {
		sc["ListStackResources"] = []testutil.Reply{{Resources: stackResources()}}
	}
	srv := testutil.NewScripted(sc)
	t.Cleanup(srv.Close)
	clock := testutil.NewClock(t0)
	e, out, errOut := testEnv()
	e.now, e.sleep, e.timeout = clock.Now, clock.Sleep, clock.WithTimeout
	e.aws = func(context.Context, string, string) (deploy.CloudFormation, deploy.Uploader, error) {
		return cloudformation.New(cloudformation.Options{
			BaseEndpoint: aws.String(srv.URL), Region: "us-east-1",
			Credentials: credentials.NewStaticCredentialsProvider("testing", "testing", ""),
			Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts, o.MaxBackoff = 5, time.Millisecond
			}),
		}), nil, nil
	}
	tokens := 0
	e.tune = func(d *deploy.Deployer) {
		d.Poll, d.MaxPoll = 5*time.Second, 10*time.Second
		d.Jitter = func(d time.Duration) time.Duration { return d }
		d.NewToken = func() string { tokens++; return fmt.Sprintf("tok-%d", tokens) }
	}
	fake := healthyFleet()
	e.fleet = func(context.Context, string, string) (fleet.Clients, error) { return fleetClients(fake), nil }
	return &scripted{srv: srv, e: e, stdout: out, errs: errOut, fleet: fake}
}

func (s *scripted) run(t *testing.T, args ...string) int {
	t.Helper()
	return run(t.Context(), append([]string{"stackctl"}, args...), s.e)
}

// transcript is what a golden file pins: the exit code and both streams.
func (s *scripted) transcript(code int) string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", code, s.stdout, s.errs)
}

// golden compares got with testdata/NAME.golden; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run: go test ./cmd/stackctl -run TestGolden -update")
	require.Equal(t, strings.ReplaceAll(string(want), "\r\n", "\n"), got)
}

func TestGoldenDeploy(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			s := newScripted(t, tc.scenario)
			code := s.run(t, tc.args...)
			golden(t, tc.name, s.transcript(code))
			require.Equal(t, tc.exit, code, s.transcript(code))
			if tc.check != nil {
				tc.check(t, s.srv)
			}
		})
	}
}

// A Ctrl-C while an update runs detaches; a second one cancels the update
// (CancelUpdateStack) and follows the rollback: exit 130.
func TestDeploySecondInterruptCancels(t *testing.T) {
	s := newScripted(t, testutil.Scenario{
		"DescribeStacks":    {testutil.StackIs(stk, "UPDATE_COMPLETE", at(-100)), testutil.StackIs(stk, "UPDATE_ROLLBACK_COMPLETE", at(-100))},
		"CreateChangeSet":   {csID},
		"DescribeChangeSet": {testutil.ChangeSetIs(stk, "CREATE_COMPLETE", "")},
		"DescribeStackEvents": {
			testutil.Evs(testutil.Ev(stk, at(1), stk, "", "UPDATE_IN_PROGRESS", "User Initiated")),
			testutil.Evs(testutil.Ev(stk, at(20), stk, "", "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated"),
				testutil.Ev(stk, at(30), stk, "", "UPDATE_ROLLBACK_COMPLETE", "")),
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	second := make(chan struct{})
	close(second)
	s.e.interrupted = second
	s.e.grace = time.Hour
	tune := s.e.tune
	s.e.tune = func(d *deploy.Deployer) {
		tune(d)
		sleep := d.Sleep
		d.Sleep = func(c context.Context, dur time.Duration) error {
			cancel() // the first Ctrl-C arrives while following
			return sleep(c, dur)
		}
	}
	code := run(ctx, []string{"stackctl", "deploy", "--yes"}, s.e)
	require.Equal(t, exitInterrupted, code, s.transcript(code))
	require.Equal(t, 1, s.srv.Count("CancelUpdateStack"), s.transcript(code))
	require.Contains(t, s.errs.String(), "stackctl wait --stack web-Production")
	require.Contains(t, s.errs.String(), "update cancelled: stack web-Production is UPDATE_ROLLBACK_COMPLETE")
}
