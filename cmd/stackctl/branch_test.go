package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/testutil"
)

// fakeGit answers rev-parse like git on a branch (or detached: "HEAD").
func fakeGit(branch string) func(context.Context, ...string) (string, error) {
	return func(_ context.Context, args ...string) (string, error) {
		switch strings.Join(args, " ") {
		case "rev-parse --abbrev-ref HEAD":
			return branch, nil
		case "rev-parse HEAD":
			return "c0ffee", nil
		}
		return "", errors.New("unexpected git " + strings.Join(args, " "))
	}
}

func TestBranchResolution(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		vars   map[string]string
		git    string
		stdout string
		code   int
	}{
		{"flag", []string{"--branch", "feature/Login_Page"}, nil, "", "web-review-feature-login-page\n", 0},
		{"flag wins over ci", []string{"--branch", "a"}, map[string]string{"GITHUB_REF_NAME": "b"}, "", "web-review-a\n", 0},
		{"github pull request", nil, map[string]string{"GITHUB_HEAD_REF": "pr/x", "GITHUB_REF_NAME": "7/merge"}, "", "web-review-pr-x\n", 0},
		{"gitlab", nil, map[string]string{"CI_COMMIT_REF_NAME": "Review_Me"}, "main", "web-review-review-me\n", 0},
		{"circleci", nil, map[string]string{"CIRCLE_BRANCH": "c"}, "", "web-review-c\n", 0},
		{"git", nil, nil, "local/work", "web-review-local-work\n", 0},
		{"detached git, no branch", nil, nil, "HEAD", "", exitUsage},
		{"long branch hashed", []string{"--branch", strings.Repeat("x", 200)}, nil, "", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, out, errOut := testEnv()
			e.getenv = func(k string) string { return tc.vars[k] }
			if tc.git != "" {
				e.git = fakeGit(tc.git)
			}
			code := run(t.Context(), append([]string{"stackctl", "name", "--config", reviewConfig}, tc.args...), e)
			require.Equal(t, tc.code, code, errOut.String())
			if tc.stdout != "" {
				require.Equal(t, tc.stdout, out.String())
			}
			if tc.name == "long branch hashed" {
				require.Len(t, strings.TrimSpace(out.String()), 128)
			}
		})
	}
}

// A stack name without {{.Branch}} never picks up a branch: CI variables
// and git are ignored, and an explicit --branch is a usage error, so a
// branch deploy can never land on (and tag) a permanent environment.
func TestBranchIgnoredWithoutBranchTemplate(t *testing.T) {
	e, out, errOut := testEnv()
	e.getenv = func(k string) string { return map[string]string{"GITHUB_REF_NAME": "feature/x"}[k] }
	e.git = fakeGit("feature/x")
	require.Equal(t, 0, run(t.Context(), []string{"stackctl", "name"}, e), errOut.String())
	require.Equal(t, "web-Production\n", out.String())

	code, _, stderr := runCLI(t, "name", "--branch", "feature/x")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `does not use {{.Branch}}`)
}

func TestBranchTags(t *testing.T) {
	cases := map[string]struct {
		vars         map[string]string
		branch, want string
		commit       string
	}{
		"raw branch, ci commit": {map[string]string{"GITHUB_SHA": "abc"}, "feature/Login_Page", "feature/Login_Page", "abc"},
		"git commit":            {nil, "b", "b", "c0ffee"},
		"trimmed to 256":        {nil, strings.Repeat("é", 300), strings.Repeat("é", 256), "c0ffee"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			e, _, _ := testEnv()
			e.getenv = func(k string) string { return tc.vars[k] }
			e.git = fakeGit("ignored")
			var tags map[string]string
			e.aws = func(context.Context, string, string) (deploy.CloudFormation, deploy.Uploader, error) {
				return nil, nil, errors.New("stop here")
			}
			app := newApp(e)
			for _, c := range app.Commands {
				if c.Name == "name" {
					c.Action = func(cCtx *cli.Context) error {
						tg, err := parseTarget(cCtx)
						if err == nil {
							tags = tg.tags()
						}
						return err
					}
				}
			}
			require.NoError(t, app.RunContext(t.Context(), []string{"stackctl", "name", "--config", reviewConfig, "--branch", tc.branch}))
			require.Equal(t, tc.want, tags["stackctl:branch"])
			require.Equal(t, tc.commit, tags["stackctl:commit"])
			require.Equal(t, "review", tags["stackctl:env"])
		})
	}
}

// Twenty branch deploys at once against one moto, directly and through a
// proxy that throttles 30% of calls: all succeed, each stack exactly once.
func TestMotoParallelBranchDeploys(t *testing.T) {
	m := testutil.SharedMoto(t)
	for _, throttle := range []float64{0, 0.3} {
		t.Run(fmt.Sprintf("throttle %.0f%%", throttle*100), func(t *testing.T) {
			require.NoError(t, m.Reset())
			p, err := testutil.NewFaultProxy(m.URL, testutil.Faults{Throttle: throttle, Seed: 20})
			require.NoError(t, err)
			defer p.Close()
			testutil.SetEnv(t, p.URL)
			// The proxy's throttling answer is in the awsquery error format;
			// EC2's SDK cannot parse it (UnknownError, not retried), so the
			// fleet check's EC2 calls go to moto directly.
			t.Setenv("AWS_ENDPOINT_URL_EC2", m.URL)
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
			defer cancel()
			start := time.Now()
			results := deployBranches(ctx, 20)
			took := time.Since(start)
			for i, r := range results {
				require.Equal(t, 0, r.code, "branch %d: %s", i, r.stderr)
			}
			requireEachOnce(t, 20)
			c := p.Counts()
			if throttle > 0 {
				require.Positive(t, c["throttle"])
			}
			t.Logf("20 parallel branch deploys, %.0f%% throttled: %s (%d calls forwarded, %d throttled)", throttle*100, took.Round(time.Millisecond), c["forwarded"], c["throttle"])
		})
	}
}

type cliResult struct {
	code   int
	stderr string
}

// deployBranches deploys n branches at once, each as its own command
// with its own env and AWS clients, as n CI jobs would. The command lines
// are parsed one after another: urfave/cli v2 writes package globals while
// parsing (help and version flags), so only runDeploy runs in parallel.
func deployBranches(ctx context.Context, n int) []cliResult {
	results := make([]cliResult, n)
	var wg sync.WaitGroup
	for i := range n {
		e, _, errOut := testEnv()
		e.aws, e.fleet, e.now = loadBackoffAWS, loadFleet, time.Now
		e.tune = func(d *deploy.Deployer) { d.Poll = 50 * time.Millisecond }
		t, opts, err := parseDeployLine(e, "--yes", "--config", reviewConfig, "--branch", fmt.Sprintf("feature/Parallel_%02d", i))
		if err != nil {
			results[i] = cliResult{exitCode(err), err.Error()}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := runDeploy(ctx, e, t, opts)
			if err != nil {
				printError(errOut, err)
			}
			results[i] = cliResult{exitCode(err), errOut.String()}
		}()
	}
	wg.Wait()
	return results
}

// parseDeployLine parses a deploy command line with the real app and
// returns what runDeploy would get.
func parseDeployLine(e *env, args ...string) (*target, deployOptions, error) {
	var t *target
	var opts deployOptions
	app := newApp(e)
	for _, c := range app.Commands {
		if c.Name == "deploy" {
			c.Action = func(cCtx *cli.Context) (err error) {
				t, opts, err = parseDeploy(cCtx)
				return err
			}
		}
	}
	err := app.Run(append([]string{"stackctl", "deploy"}, args...))
	return t, opts, err
}

// loadBackoffAWS is loadAWS with retries capped at 1 s apart: the SDK's
// 20 s cap is for real AWS; the test still goes through adaptive retries.
func loadBackoffAWS(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error) {
	cfg, err := awsclient.Load(ctx, awsclient.Options{Region: region, Profile: profile, MaxBackoff: time.Second})
	if err != nil {
		return nil, nil, err
	}
	return awsclient.CloudFormation(cfg), awsclient.NewS3Uploader(cfg), nil
}

// requireEachOnce checks moto holds n branch stacks, each name once, live
// or deleted: no retried create made a second stack.
func requireEachOnce(t *testing.T, n int) {
	t.Helper()
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)
	cfn := cloudformation.NewFromConfig(cfg)
	seen := map[string]int{}
	pages := cloudformation.NewListStacksPaginator(cfn, &cloudformation.ListStacksInput{})
	for pages.HasMorePages() {
		out, err := pages.NextPage(t.Context())
		require.NoError(t, err)
		for _, s := range out.StackSummaries {
			seen[*s.StackName]++
			require.Equal(t, "CREATE_COMPLETE", string(s.StackStatus), *s.StackName)
		}
	}
	require.Len(t, seen, n)
	for i := range n {
		require.Equal(t, 1, seen[fmt.Sprintf("web-review-feature-parallel-%02d", i)])
	}
}
