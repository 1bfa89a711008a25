package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/testutil"
)

const reviewConfig = "../../examples/ci/review.yaml"

// branchCLI runs stackctl against endpoint with the clock offset by skew
// (moto stamps stacks with the real time), stdin as given, and no git.
func branchCLI(t *testing.T, endpoint string) func(skew time.Duration, stdin string, args ...string) (int, string, string) {
	t.Helper()
	testutil.SetEnv(t, endpoint)
	return func(skew time.Duration, stdin string, args ...string) (int, string, string) {
		e, out, errOut := testEnv()
		e.aws, e.fleet, e.stdin = loadAWS, loadFleet, strings.NewReader(stdin)
		e.now = func() time.Time { return time.Now().Add(skew) }
		e.tune = func(d *deploy.Deployer) { d.Poll = 20 * time.Millisecond }
		code := run(t.Context(), append([]string{"stackctl"}, args...), e)
		return code, out.String(), errOut.String()
	}
}

// The "done when", against moto: a branch deploy gets the
// sanitised name and the raw branch tag, list shows it, gc --dry-run
// lists exactly the stale branch stacks, and delete --branch removes it.
func TestMotoBranchLifecycle(t *testing.T) {
	m := testutil.SharedMoto(t)
	cli := branchCLI(t, m.URL)
	protected := filepath.Join(t.TempDir(), "protected.yaml")
	body, err := os.ReadFile(reviewConfig)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(protected, append(body, "terminationProtection: true\n"...), 0o600))

	for _, args := range [][]string{
		{"--config", reviewConfig, "--branch", "feature/Login_Page"},
		{"--config", reviewConfig, "--branch", "fix/old"},
		{"--config", protected, "--branch", "keep/me"},
		{}, // web-Production: a permanent environment, no branch
	} {
		code, _, stderr := cli(0, "", append([]string{"deploy", "--yes"}, args...)...)
		require.Equal(t, 0, code, stderr)
	}
	createUnmanaged(t)

	code, stdout, stderr := cli(0, "", "name", "--config", reviewConfig, "--branch", "feature/Login_Page")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "web-review-feature-login-page\n", stdout)

	code, stdout, stderr = cli(0, "", "list")
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `web-review-feature-login-page\s+feature/Login_Page\s+review\s+CREATE_COMPLETE`, stdout)
	require.Regexp(t, `web-Production\s+-\s+Production`, stdout)
	require.NotContains(t, stdout, "unmanaged")
	var rows []listRow
	code, stdout, _ = cli(0, "", "list", "--output", "json")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(stdout), &rows))
	require.Len(t, rows, 4)

	// Four days on, everything is idle: only unprotected branch stacks go.
	code, stdout, stderr = cli(96*time.Hour, "", "gc", "--older-than", "72h", "--dry-run")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, []string{"web-review-feature-login-page", "web-review-fix-old"}, firstColumn(stdout))
	require.Contains(t, stderr, "gc: 2 of 4 managed stacks to delete")
	// A config that lists review as permanent keeps every review stack.
	permanent := filepath.Join(t.TempDir(), "permanent.yaml")
	require.NoError(t, os.WriteFile(permanent, append(body, "permanent: [review]\n"...), 0o600))
	code, stdout, stderr = cli(96*time.Hour, "", "gc", "--older-than", "72h", "--dry-run", "--config", permanent)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "gc: 0 of 4 managed stacks to delete")
	require.Empty(t, firstColumn(stdout))
	// Today, by the list of live branches: fix/old is gone.
	code, stdout, stderr = cli(0, "1a\trefs/heads/feature/Login_Page\n", "gc", "--keep-branches", "-", "--dry-run")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, []string{"web-review-fix-old"}, firstColumn(stdout))
	code, _, stderr = cli(0, "", "gc", "--older-than", "72h")
	require.Equal(t, 0, code, "nothing is stale today: nothing to confirm\n%s", stderr)

	code, _, stderr = cli(0, "", "delete", "--config", reviewConfig, "--branch", "feature/Login_Page", "--yes")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "stack web-review-feature-login-page deleted")
	code, stdout, stderr = cli(96*time.Hour, "", "gc", "--older-than", "72h", "--yes", "--output", "json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, `"outcome": "deleted"`)
	require.Contains(t, stderr, "gc: 1 deleted, 0 already gone, 0 skipped, 0 failed")
	code, stdout, _ = cli(0, "", "list")
	require.Equal(t, 0, code)
	require.Equal(t, []string{"STACK", "web-Production", "web-review-keep-me"}, firstColumn(stdout))
}

// Two branches that sanitise to one stack name never share it.
func TestMotoBranchCollisionRefused(t *testing.T) {
	m := testutil.SharedMoto(t)
	cli := branchCLI(t, m.URL)
	code, _, stderr := cli(0, "", "deploy", "--yes", "--config", reviewConfig, "--branch", "Feature/X")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = cli(0, "", "deploy", "--yes", "--config", reviewConfig, "--branch", "feature-x")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `stack web-review-feature-x belongs to branch "Feature/X", not "feature-x"`)
	code, _, stderr = cli(0, "", "delete", "--yes", "--config", reviewConfig, "--branch", "feature-x")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "belongs to branch")
	code, _, stderr = cli(0, "", "deploy", "--yes", "--config", reviewConfig, "--branch", "Feature/X")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "no changes")
}

func firstColumn(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// createUnmanaged makes a stack without stackctl's tags, as another tool would.
func createUnmanaged(t *testing.T) {
	t.Helper()
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)
	_, err = cloudformation.NewFromConfig(cfg).CreateStack(t.Context(), &cloudformation.CreateStackInput{
		StackName:    aws.String("unmanaged-feature-old"),
		TemplateBody: aws.String(`{"Resources":{"H":{"Type":"AWS::CloudFormation::WaitConditionHandle"}}}`),
	})
	require.NoError(t, err)
}
