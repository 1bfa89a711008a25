package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// lookTool finds a tool the tests need. Under CI=true a missing tool fails
// the test: CI must never pass by skipping.
func lookTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; run make tools (CI=true: not skipping)", name)
	}
	t.Skipf("%s is not installed; run make tools", name)
	return ""
}

// TestCfnLint renders every case, YAML and JSON, and runs cfn-lint once over
// all of them: it must report nothing at all (errors, warnings and
// informational findings alike). The only silenced rule is W3697 on the
// launch configuration, by that resource's own metadata.
func TestCfnLint(t *testing.T) {
	lint := lookTool(t, "cfn-lint")
	dir := t.TempDir()
	var files []string
	for _, tc := range renderCases(t) {
		for _, f := range []Format{YAML, JSON} {
			body, err := Render(tc.cfg, f)
			require.NoError(t, err, tc.name)
			path := filepath.Join(dir, tc.name+"."+string(f))
			require.NoError(t, os.WriteFile(path, body, 0o644))
			files = append(files, path)
		}
	}
	cmd := exec.CommandContext(t.Context(), lint, append([]string{"--format", "parseable", "--"}, files...)...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "cfn-lint found problems:\n%s", out)
	require.Empty(t, string(out))
}

// TestCfnLintControl proves TestCfnLint can fail: without its cfn-lint
// metadata the launch configuration draws W3697.
func TestCfnLintControl(t *testing.T) {
	lint := lookTool(t, "cfn-lint")
	c, err := Load("", "")
	require.NoError(t, err)
	tmpl, err := Build(c)
	require.NoError(t, err)
	tmpl.Override(LaunchConfigID, "Metadata", map[string]any{})
	tree, err := tmpl.Tree()
	require.NoError(t, err)
	body, err := encode(tree, YAML)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "control.yaml")
	require.NoError(t, os.WriteFile(path, body, 0o644))
	out, _ := exec.CommandContext(t.Context(), lint, "--format", "parseable", "--", path).CombinedOutput()
	require.Contains(t, string(out), "W3697")
}
