package main

import (
	"context"
	"errors"
	"os/exec"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/deploy"
)

// envKey is where newApp keeps the env, for parseTarget, which every stack
// command calls with only its *cli.Context.
const envKey = "stackctl.env"

func envOf(cCtx *cli.Context) *env {
	if e, ok := cCtx.App.Metadata[envKey].(*env); ok {
		return e
	}
	return &env{getenv: func(string) string { return "" }}
}

func branchFlag() cli.Flag {
	return &cli.StringFlag{Name: "branch", EnvVars: []string{"STACKCTL_BRANCH"},
		Usage: "git `BRANCH` for a per-branch stack (default: the CI's branch variable, then git; '' for none)"}
}

// usesBranch says whether the config's stack name depends on the branch.
// Only then is a branch looked for: a permanent environment's deploy from
// CI must not pick up the CI's branch and become a branch stack.
func usesBranch(cfg *build.Config) bool { return strings.Contains(cfg.Stack, ".Branch") }

// resolveBranch finds the branch and commit: --branch when given (an empty
// value means none), else, when the stack name uses the branch, the CI's
// variables (GitHub, GitLab, Jenkins, Buildkite, CircleCI), else git.
func (e *env) resolveBranch(ctx context.Context, cCtx *cli.Context, cfg *build.Config) (br, commit string, err error) {
	switch {
	case cCtx.IsSet("branch"):
		br = strings.TrimSpace(cCtx.String("branch"))
		if br != "" && !usesBranch(cfg) {
			return "", "", usagef("--branch %q: the config's stack name %q does not use {{.Branch}}, so every branch would deploy to one stack", br, cfg.Stack)
		}
	case usesBranch(cfg):
		br, commit, _ = branch.FromCI(e.getenv)
		if br == "" {
			br = e.gitBranch(ctx)
		}
	}
	if br != "" && commit == "" {
		_, commit, _ = branch.FromCI(e.getenv)
		if commit == "" {
			commit, _ = e.runGit(ctx, "rev-parse", "HEAD")
		}
	}
	return br, commit, nil
}

// checkBranchFound refuses a name that a missing branch left with a
// dangling hyphen ("web-review-"): the template needs a branch and none
// was found. A template such as "app-{{.Env}}{{if .Branch}}-{{.Branch}}{{end}}"
// works with or without one.
func checkBranchFound(cfg *build.Config, t *target) error {
	if t.branch != "" || !usesBranch(cfg) || (!strings.HasSuffix(t.name, "-") && !strings.Contains(t.name, "--")) {
		return nil
	}
	return usagef("the stack name %q needs a branch and none was found: pass --branch, or run in a CI job or a git checkout on a branch", cfg.Stack)
}

// gitBranch is the checked-out branch, "" when detached or not in git.
func (e *env) gitBranch(ctx context.Context) string {
	b, err := e.runGit(ctx, "rev-parse", "--abbrev-ref", "HEAD")
	if err != nil || b == "HEAD" {
		return ""
	}
	return b
}

func (e *env) runGit(ctx context.Context, args ...string) (string, error) {
	if e.git == nil {
		return "", errors.New("git is not available")
	}
	return e.git(ctx, args...)
}

// execGit is env.git outside tests.
func execGit(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", args...).Output()
	return strings.TrimSpace(string(out)), err
}

// checkOwner refuses to act for a branch on a stack that another branch
// owns. Two raw branch names can sanitise to one stack name
// ("Feature/X" and "feature-x"); the raw name in the stackctl:branch tag
// tells them apart, so they never silently share a stack.
func checkOwner(t *target, s *deploy.Stack) error {
	if t.branch == "" {
		return nil
	}
	owner, want := s.Tags[branch.TagBranch], branch.TagValue(t.branch)
	switch {
	case owner == want:
		return nil
	case owner == "":
		return usagef("stack %s exists and is not a branch stack (no %s tag): refusing to use it for branch %q", t.name, branch.TagBranch, t.branch)
	}
	return usagef("stack %s belongs to branch %q, not %q (both give this stack name): refusing to share it; pass --stack to choose another name", t.name, owner, t.branch)
}
