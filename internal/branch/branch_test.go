package branch_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/deploy"
)

func vars(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromCI(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		env                  map[string]string
		branch, commit, from string
	}{
		{"none", nil, "", "", ""},
		{"github push", map[string]string{"GITHUB_REF_NAME": "feature/x", "GITHUB_SHA": "abc"}, "feature/x", "abc", "GITHUB_REF_NAME"},
		{"github pull request", map[string]string{"GITHUB_HEAD_REF": "feature/x", "GITHUB_REF_NAME": "12/merge"}, "feature/x", "", "GITHUB_HEAD_REF"},
		{"github empty head ref", map[string]string{"GITHUB_HEAD_REF": "", "GITHUB_REF_NAME": "main"}, "main", "", "GITHUB_REF_NAME"},
		{"gitlab", map[string]string{"CI_COMMIT_REF_NAME": "mr/y", "CI_COMMIT_SHA": "def"}, "mr/y", "def", "CI_COMMIT_REF_NAME"},
		{"jenkins", map[string]string{"BRANCH_NAME": "PR-3", "GIT_COMMIT": "1"}, "PR-3", "1", "BRANCH_NAME"},
		{"buildkite", map[string]string{"BUILDKITE_BRANCH": "b", "BUILDKITE_COMMIT": "2"}, "b", "2", "BUILDKITE_BRANCH"},
		{"circleci", map[string]string{"CIRCLE_BRANCH": "c", "CIRCLE_SHA1": "3"}, "c", "3", "CIRCLE_BRANCH"},
		{"github wins over gitlab", map[string]string{"CI_COMMIT_REF_NAME": "gl", "GITHUB_REF_NAME": "gh"}, "gh", "", "GITHUB_REF_NAME"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, c, from := branch.FromCI(vars(tc.env))
			require.Equal(t, []string{tc.branch, tc.commit, tc.from}, []string{b, c, from})
		})
	}
}

func TestTagValueCountsCharacters(t *testing.T) {
	require.Equal(t, "feature/Login_Page", branch.TagValue("feature/Login_Page"))
	long := strings.Repeat("é", 300)
	require.Equal(t, strings.Repeat("é", 256), branch.TagValue(long))
}

func TestParseLive(t *testing.T) {
	in := "# git ls-remote --heads origin\n" +
		"3f2a\trefs/heads/main\n" +
		"9b1c\trefs/heads/feature/Login_Page\n" +
		"77aa\trefs/tags/v1\n" +
		"\n" +
		"plain-name\n"
	live, err := branch.ParseLive(strings.NewReader(in))
	require.NoError(t, err)
	require.Equal(t, map[string]bool{"main": true, "feature/Login_Page": true, "plain-name": true}, live)

	_, err = branch.ParseLive(strings.NewReader("a b c\n"))
	require.ErrorContains(t, err, "line 1")
}

func TestPlan(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	stack := func(name, br string, idle time.Duration, mod func(*deploy.Stack)) deploy.Stack {
		s := deploy.Stack{Name: name, Status: "CREATE_COMPLETE", Created: now.Add(-idle),
			Tags: map[string]string{branch.TagConfig: "c.yaml", branch.TagEnv: "review", branch.TagBranch: br}}
		if mod != nil {
			mod(&s)
		}
		return s
	}
	stacks := []deploy.Stack{
		stack("a-old", "old", 100*time.Hour, nil),
		stack("b-fresh", "fresh", time.Hour, nil),
		stack("c-updated", "upd", 200*time.Hour, func(s *deploy.Stack) { s.Updated = now.Add(-2 * time.Hour) }),
		stack("d-protected", "prot", 900*time.Hour, func(s *deploy.Stack) { s.Protected = true }),
		stack("e-permanent", "", 900*time.Hour, nil),
		stack("f-unmanaged", "x", 900*time.Hour, func(s *deploy.Stack) { delete(s.Tags, branch.TagConfig) }),
		stack("g-busy", "busy", 900*time.Hour, func(s *deploy.Stack) { s.Status = "UPDATE_IN_PROGRESS" }),
		stack("h-gone", "gone", time.Hour, nil),
		stack("i-staging", "stg", 900*time.Hour, func(s *deploy.Stack) { s.Tags[branch.TagEnv] = "staging" }),
	}
	pick := func(ds []branch.Decision) map[string]string {
		m := map[string]string{}
		for _, d := range ds {
			if d.Delete {
				m[d.Name] = d.Reason
			}
		}
		return m
	}
	got := pick(branch.Plan(stacks, branch.Policy{Now: now, OlderThan: 72 * time.Hour}))
	require.Equal(t, map[string]string{"a-old": "idle 4d4h, over 3d0h", "i-staging": "idle 37d12h, over 3d0h"}, got, "without a permanent list")

	live := map[string]bool{"old": true, "fresh": true, "upd": true, "prot": true, "x": true, "busy": true, "stg": true}
	got = pick(branch.Plan(stacks, branch.Policy{Now: now, Live: live}))
	require.Equal(t, map[string]string{"h-gone": "branch is gone"}, got)

	all := branch.Plan(stacks, branch.Policy{Now: now, OlderThan: time.Minute, Live: map[string]bool{}, Permanent: map[string]bool{"staging": true}})
	reasons := map[string]string{}
	for _, d := range all {
		reasons[d.Name] = d.Reason
	}
	require.Equal(t, "termination protection is on", reasons["d-protected"])
	require.Equal(t, "not a branch stack (permanent)", reasons["e-permanent"])
	require.Equal(t, "not managed by stackctl", reasons["f-unmanaged"])
	require.Equal(t, "busy: UPDATE_IN_PROGRESS", reasons["g-busy"])
	require.Equal(t, "environment staging is permanent (config)", reasons["i-staging"])
	require.Len(t, pick(all), 4, "a, b, c, h: every other stack is safe whatever the policy, i by the config")
}
