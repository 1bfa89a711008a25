// Package branch knows what per-branch stacks need from git and CI: which
// branch and commit a build is for, the tags that mark a stack as a
// managed branch stack, the list of live branches, and which stacks
// garbage collection may delete.
package branch

import (
	"strings"
	"unicode/utf8"
)

// Tag keys stackctl puts on the stacks it deploys.
const (
	TagConfig = "stackctl:config"
	TagEnv    = "stackctl:env"
	TagBranch = "stackctl:branch"
	TagCommit = "stackctl:commit"
)

// MaxTagValue is CloudFormation's limit on a tag value, in characters.
const MaxTagValue = 256

// branchVars name the branch in each CI, in order. GITHUB_HEAD_REF comes
// first because on a pull request GITHUB_REF_NAME is "123/merge".
var branchVars = []string{
	"GITHUB_HEAD_REF", "GITHUB_REF_NAME", // GitHub Actions
	"CI_COMMIT_REF_NAME", // GitLab
	"BRANCH_NAME",        // Jenkins
	"BUILDKITE_BRANCH",   // Buildkite
	"CIRCLE_BRANCH",      // CircleCI
}

var commitVars = []string{"GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILDKITE_COMMIT", "CIRCLE_SHA1"}

// FromCI returns the branch and commit the CI's own variables name, and
// the variable the branch came from; empty strings when none is set.
func FromCI(getenv func(string) string) (branch, commit, from string) {
	for _, v := range branchVars {
		if b := strings.TrimSpace(getenv(v)); b != "" {
			branch, from = b, v
			break
		}
	}
	for _, v := range commitVars {
		if c := strings.TrimSpace(getenv(v)); c != "" {
			commit = c
			break
		}
	}
	return branch, commit, from
}

// TagValue trims s to MaxTagValue characters (not bytes), so a raw branch
// name always fits a tag and compares equal to what a stack carries.
func TagValue(s string) string {
	if utf8.RuneCountInString(s) <= MaxTagValue {
		return s
	}
	r := []rune(s)
	return string(r[:MaxTagValue])
}
