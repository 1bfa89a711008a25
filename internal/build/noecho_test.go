package build

import (
	"encoding/json"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
)

// secretLike names a parameter that may carry a secret.
var secretLike = regexp.MustCompile(`(?i)key|secret|password|passwd|token|credential`)

// echoedSecrets returns the secret-like parameters of a JSON template that
// are not NoEcho: CloudFormation would show their values in the console,
// DescribeStacks and change sets.
func echoedSecrets(t *testing.T, body []byte) []string {
	t.Helper()
	var doc struct {
		Parameters map[string]struct{ NoEcho any }
	}
	require.NoError(t, json.Unmarshal(body, &doc))
	var bad []string
	for name, p := range doc.Parameters {
		if secretLike.MatchString(name) && p.NoEcho != true && p.NoEcho != "true" {
			bad = append(bad, name)
		}
	}
	sort.Strings(bad)
	return bad
}

// Every rendered variant: a parameter named like a key, secret, password,
// token or credential is NoEcho. (Today the template has none: secrets
// stay in SSM and the template carries only the parameter's name.)
func TestSecretParametersAreNoEcho(t *testing.T) {
	for _, tc := range renderCases(t) {
		body, err := Render(tc.cfg, JSON)
		require.NoError(t, err, tc.name)
		require.Empty(t, echoedSecrets(t, body), tc.name)
	}
}

// The rule bites: a template with an echoed ApiKey parameter fails it.
func TestEchoedSecretIsCaught(t *testing.T) {
	body := []byte(`{"Parameters":{"OctopusApiKey":{"Type":"String"},"DbPassword":{"Type":"String","NoEcho":true},"MaxSize":{"Type":"Number"}}}`)
	require.Equal(t, []string{"OctopusApiKey"}, echoedSecrets(t, body))
}
