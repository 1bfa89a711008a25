package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/build"
)

// testEnv is an env with buffers, no terminal and a fixed clock.
func testEnv() (*env, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &env{
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errOut,
		getenv: func(string) string { return "" },
		now:    func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
	}, &out, &errOut
}

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	e, out, errOut := testEnv()
	code = run(t.Context(), append([]string{"stackctl"}, args...), e)
	return code, out.String(), errOut.String()
}

func TestRenderDefault(t *testing.T) {
	c, err := build.Load("", "")
	require.NoError(t, err)
	want, err := build.Render(c, build.YAML)
	require.NoError(t, err)

	code, stdout, stderr := runCLI(t, "render")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, string(want), stdout, "render prints exactly build.Render's bytes")
	require.Empty(t, stderr, "stdout stays clean and nothing else is said")

	code, jsonOut, _ := runCLI(t, "render", "--format", "json")
	require.Equal(t, 0, code)
	require.True(t, strings.HasPrefix(jsonOut, "{\n"))
}

func TestRenderOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.yaml")
	code, stdout, stderr := runCLI(t, "render", "--out", path, "--env", "Production")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stdout)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(b), "AWSTemplateFormatVersion")
}

// Bad input: one line on stderr naming the place, exit 2, nothing on stdout.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("environment: P\ncapacity:\n  min: 3\n  max: 1\n"), 0o644))
	unknown := filepath.Join(dir, "unknown.yaml")
	require.NoError(t, os.WriteFile(unknown, []byte("environment: P\nrol: x\n"), 0o644))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"deplyo"}, `stackctl: unknown command "deplyo"`},
		{"unknown flag", []string{"render", "--fromat", "json"}, "stackctl: unknown flag --fromat"},
		{"flag after argument", []string{"render", "x.yaml", "--env", "prod"}, "stackctl: render: flag --env after an argument: flags go before arguments"},
		{"stray argument", []string{"validate", "extra"}, `stackctl: validate: unexpected argument "extra"`},
		{"bad format", []string{"render", "--format", "xml"}, `stackctl: --format "xml": want yaml or json`},
		{"missing config", []string{"render", "--config", filepath.Join(dir, "nope.yaml")}, "nope.yaml: no such file"},
		{"min > max", []string{"validate", "--config", bad}, "bad.yaml:3: capacity.min (3) is greater than capacity.max (1)"},
		{"unknown key", []string{"render", "-c", unknown}, `unknown.yaml:2: unknown key "rol"`},
		{"unknown environment", []string{"render", "--env", "qa"}, `stackctl: (embedded default): unknown environment "qa"`},
		{"unwritable out", []string{"render", "--out", filepath.Join(dir, "no", "such", "dir", "t.yaml")}, "stackctl: --out"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			require.Equal(t, 2, code, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tc.want)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
		})
	}
}

func TestValidate(t *testing.T) {
	code, stdout, stderr := runCLI(t, "validate")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "(embedded default): ok: stack web-Production, environment Production")
	require.Contains(t, stderr, "warning: this stack uses a launch configuration: AWS accounts opened on or after 2024-10-01 cannot create them")

	code, _, stderr = runCLI(t, "validate", "--config", "../../examples/launch-template.yaml")
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stderr, "launch configuration", "no warning for the launch-template variant")
}

func TestName(t *testing.T) {
	code, stdout, _ := runCLI(t, "name", "--config", "../../examples/alb-vpc.yaml", "--branch", "feature/Login_Page")
	require.Equal(t, 0, code)
	require.Equal(t, "app-review-feature-login-page\n", stdout)
}

func TestVersionAndHelp(t *testing.T) {
	code, stdout, _ := runCLI(t, "--version")
	require.Equal(t, 0, code)
	require.Regexp(t, `^stackctl \S+\n$`, stdout)

	code, stdout, _ = runCLI(t)
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "Exit codes:")

	e, _, _ := testEnv()
	for _, cmd := range newApp(e).Commands {
		t.Run(cmd.Name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, cmd.Name, "--help")
			require.Equal(t, 0, code, stderr)
			require.Contains(t, stdout, "Example", "every command's help shows an example")
		})
	}
}
