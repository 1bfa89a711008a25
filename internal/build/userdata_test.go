package build

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var subRef = regexp.MustCompile(`\$\{([^}]*)\}`)

// simulateSub does what CloudFormation's Fn::Sub does to the user data:
// ${!X} becomes ${X}, pseudo parameters are replaced, and any other
// reference is an error (the bootstrap must not depend on one by accident).
func simulateSub(t *testing.T, s string) string {
	t.Helper()
	return subRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		switch {
		case strings.HasPrefix(name, "!"):
			return "${" + name[1:] + "}"
		case name == "AWS::StackName":
			return "web-Production"
		case name == "AWS::Region":
			return "us-east-1"
		}
		t.Errorf("unexpected Fn::Sub reference %s in user data", m)
		return m
	})
}

// TestUserDataSurvivesSub renders the Linux user data of every Linux case,
// applies Fn::Sub as CloudFormation would, and checks that the result is
// the embedded script again (escaping round-trips) and passes bash -n and
// shellcheck.
func TestUserDataSurvivesSub(t *testing.T) {
	shellcheck := lookTool(t, "shellcheck")
	for _, tc := range renderCases(t) {
		if tc.cfg.Bootstrap.OS != "linux" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			src, err := UserDataScript(tc.cfg)
			require.NoError(t, err)
			script := simulateSub(t, src)
			require.Contains(t, script, strings.SplitN(stripShebang(bootstrapBodyForTest(t, tc.cfg)), "\n", 2)[0])
			require.NotContains(t, script, "${!", "an escape survived Fn::Sub")
			require.LessOrEqual(t, MaxUserDataSize(src), MaxUserData)
			path := filepath.Join(t.TempDir(), "user-data.sh")
			require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
			out, err := exec.CommandContext(t.Context(), "bash", "-n", path).CombinedOutput()
			require.NoError(t, err, "%s", out)
			out, err = exec.CommandContext(t.Context(), shellcheck, "-s", "bash", "-S", "warning", path).CombinedOutput()
			require.NoError(t, err, "%s", out)
		})
	}
}

func bootstrapBodyForTest(t *testing.T, c *Config) string {
	t.Helper()
	body, err := c.bootstrapBody()
	require.NoError(t, err)
	return body
}

func TestUserDataPreamble(t *testing.T) {
	c, err := Parse("o.yaml", ".", []byte(`
environment: Production
role: Authoring
instances: {launch: template}
bootstrap:
  agent: octopus
  release: true
  octopus: {server: "https://o.example.com", policy: "Delete gone", project: Web, apiKeyParameter: /octo/key}
`), "")
	require.NoError(t, err)
	src, err := UserDataScript(c)
	require.NoError(t, err)
	for _, want := range []string{
		"export STACKCTL_STACK='${AWS::StackName}'",
		"export STACKCTL_REGION='${AWS::Region}'",
		"export STACKCTL_RESOURCE='WebServerGroup'",
		"export STACKCTL_TAG_SOURCE='imds'",
		"export STACKCTL_AGENT='octopus'",
		"export STACKCTL_RELEASE='true'",
		"export STACKCTL_OCTOPUS_SERVER='https://o.example.com'",
		"export STACKCTL_OCTOPUS_SPACE='Default'",
		"export STACKCTL_OCTOPUS_POLICY='Delete gone'",
		"export STACKCTL_OCTOPUS_API_KEY_PARAMETER='/octo/key'",
	} {
		require.Contains(t, src, want)
	}
}
