package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/testutil"
)

// The CI examples run the real flags: every stackctl command line in them
// names a real command and only its flags, and gets past parsing and
// validation (it stops at AWS, which this test does not offer).
func TestCIExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/ci/*.yml")
	require.NoError(t, err)
	require.Len(t, files, 2)
	config, err := filepath.Abs("../../examples/ci/review.yaml")
	require.NoError(t, err)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			body, err := os.ReadFile(path)
			require.NoError(t, err)
			var doc yaml.Node
			require.NoError(t, yaml.Unmarshal(body, &doc))
			lines := commandLines(&doc)
			require.GreaterOrEqual(t, len(lines), 3, "deploy, delete and gc at least")
			dir := t.TempDir() // the job's checkout: files it writes, and the config
			t.Chdir(dir)
			require.NoError(t, os.WriteFile("live-branches.txt", []byte("main\n"), 0o600))
			t.Setenv("STACKCTL_CONFIG", config)
			for _, line := range lines {
				args := stackctlArgs(t, line)
				checkFlags(t, line, args)
				checkRuns(t, line, args)
			}
		})
	}
}

// commandLines returns every line of every string in the YAML document
// that invokes stackctl, with backslash continuations joined.
func commandLines(n *yaml.Node) []string {
	var out []string
	if n.Kind == yaml.ScalarNode {
		for _, l := range strings.Split(strings.ReplaceAll(n.Value, "\\\n", " "), "\n") {
			if invocation.MatchString(l) {
				out = append(out, strings.TrimSpace(l))
			}
		}
	}
	for _, c := range n.Content {
		out = append(out, commandLines(c)...)
	}
	return out
}

var invocation = regexp.MustCompile(`(^|[\s(|;&])stackctl\s`)

// stackctlArgs splits the shell words after "stackctl" up to the end of
// that command (a pipe, redirection, ; && or closing parenthesis).
func stackctlArgs(t *testing.T, line string) []string {
	t.Helper()
	loc := invocation.FindStringIndex(line)
	words := shellWords(line[loc[1]:])
	for i, w := range words {
		words[i] = os.Expand(w, func(k string) string { return jobVars[k] })
	}
	for i, w := range words {
		if w == "|" || w == ";" || w == "&&" || w == "||" || w == ")" || strings.HasPrefix(w, ">") || strings.HasPrefix(w, "2>") {
			return words[:i]
		}
	}
	return words
}

// jobVars are the values a CI job would give the variables command lines use.
var jobVars = map[string]string{
	"STACK": "web-review-feature-x", "BRANCH": "feature/x", "CI_COMMIT_REF_NAME": "feature/x",
}

// shellWords splits s like a POSIX shell would, for the forms CI files
// use: quotes, and operators standing alone.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		case r == '|' || r == ';' || r == ')' || r == '>':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
			words = append(words, string(r))
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words
}

// checkFlags parses the words with the command's real flag definitions.
func checkFlags(t *testing.T, line string, args []string) {
	t.Helper()
	e, _, _ := testEnv()
	cmds := newApp(e).Commands
	var cmd *cli.Command
	for len(args) > 0 {
		next := findCommand(cmds, args[0])
		if next == nil {
			break
		}
		cmd, cmds, args = next, next.Subcommands, args[1:]
	}
	require.NotNil(t, cmd, "%s: no such command", line)
	fs := flag.NewFlagSet(cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for _, f := range cmd.Flags {
		require.NoError(t, f.Apply(fs))
	}
	require.NoError(t, fs.Parse(args), line)
	require.Zero(t, fs.NArg(), "%s: stray arguments %v", line, fs.Args())
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// checkRuns runs the line through run() with CI variables set and an AWS
// that is not there: anything but a usage error (exit 2) means the flags
// and their values passed every check before AWS.
func checkRuns(t *testing.T, line string, args []string) {
	t.Helper()
	e, _, errOut := testEnv()
	e.stdin = strings.NewReader("3f2a\trefs/heads/main\n")
	e.getenv = func(k string) string {
		return map[string]string{"GITHUB_REF_NAME": "feature/x", "CI_COMMIT_REF_NAME": "feature/x"}[k]
	}
	e.aws = func(context.Context, string, string) (deploy.CloudFormation, deploy.Uploader, error) {
		return nil, nil, errors.New("no aws in this test")
	}
	code := run(t.Context(), append([]string{"stackctl"}, args...), e)
	require.NotEqual(t, exitUsage, code, "%s: %s", line, errOut)
	if code != 0 {
		require.Contains(t, errOut.String(), "no aws in this test", line)
	}
}

// On GitHub Actions a deploy folds its progress in a log group, writes
// stack, status, URL and outputs to GITHUB_OUTPUT and a plan/status/URL
// table to GITHUB_STEP_SUMMARY; --output json and outputs carry the URL.
func TestMotoGitHubActionsDeploy(t *testing.T) {
	m := testutil.SharedMoto(t)
	testutil.SetEnv(t, m.URL)
	dir := t.TempDir()
	vars := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "feature/Login_Page", "GITHUB_SHA": "abc123",
		"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
	}
	cli := func(args ...string) (int, string, string) {
		e, out, errOut := testEnv()
		e.aws, e.fleet = loadAWS, loadFleet
		e.getenv = func(k string) string { return vars[k] }
		e.tune = func(d *deploy.Deployer) { d.Poll = 20 * time.Millisecond }
		code := run(t.Context(), append([]string{"stackctl"}, args...), e)
		return code, out.String(), errOut.String()
	}
	code, stdout, stderr := cli("deploy", "--yes", "--config", reviewConfig, "--output", "json")
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasPrefix(stderr, "::group::stackctl deploy web-review-feature-login-page\n"), stderr)
	require.Contains(t, stderr, "::endgroup::\n")
	var res struct {
		Outputs map[string]string `json:"outputs"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	url := res.Outputs["URL"]
	require.True(t, strings.HasPrefix(url, "http://"), stdout)

	out, err := os.ReadFile(vars["GITHUB_OUTPUT"])
	require.NoError(t, err)
	require.Contains(t, string(out), "stack<<STACKCTL_EOF\nweb-review-feature-login-page\nSTACKCTL_EOF\n")
	require.Contains(t, string(out), "url<<STACKCTL_EOF\n"+url+"\nSTACKCTL_EOF\n")
	summary, err := os.ReadFile(vars["GITHUB_STEP_SUMMARY"])
	require.NoError(t, err)
	require.Contains(t, string(summary), "| Stack | Branch | Plan | Status | URL |\n")
	require.Contains(t, string(summary), "| web-review-feature-login-page | feature/Login_Page | 7 to add, 0 to modify, 0 to replace, 0 to remove | CREATE_COMPLETE | <"+url+"> |")

	code, stdout, stderr = cli("outputs", "--config", reviewConfig, "--format", "env")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "URL="+url+"\n")
	code, _, stderr = cli("list")
	require.Equal(t, 0, code, stderr)
}

func TestStepSummaryEscapes(t *testing.T) {
	tg := &target{name: "s", branch: "a|b"}
	res := &deploy.Result{Status: "ROLLBACK_COMPLETE", NoChanges: true}
	got := stepSummary(tg, res, errors.New("stack s failed:\n  G | H"))
	require.Contains(t, got, `| s | a\|b | no changes | ROLLBACK_COMPLETE stack s failed: G \| H | - |`)
}

func TestLogGroupOnlyOnGitHubWithoutTerminal(t *testing.T) {
	e, _, errOut := testEnv()
	e.logGroup("x")()
	require.Empty(t, errOut.String())
	e.getenv = func(k string) string { return map[string]string{"GITHUB_ACTIONS": "true"}[k] }
	e.stderrTTY = true
	e.logGroup("x")()
	require.Empty(t, errOut.String())
	e.stderrTTY = false
	e.logGroup("a\nb")()
	require.Equal(t, "::group::a b\n::endgroup::\n", errOut.String())
}
