package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/testutil"
)

// Planted secrets: none may appear in any output stream, --debug
// included, nor in any file stackctl writes.
const (
	plantedAPIKey  = octoKey // the key octopusServer accepts
	plantedSSM     = "planted-ssm-securestring-value-0001"
	plantedSecret  = "plantedSecretAccessKey/0000/abcdefghijklmnop"
	plantedSession = "plantedSessionToken0000FwoGZXIvYXdzEJr//////////"
	apiKeyParam    = "/stackctl/octopus/api-key"
)

// The secret-hygiene proof: with an Octopus API key in the environment,
// the key also in SSM as a SecureString, and session credentials, every
// stream of render, validate, deploy (text and JSON), status, outputs,
// events, octopus prune and delete, all with --debug, is free of them and
// of any signature or token; so is every file under HOME and the working
// directory.
func TestMotoSecretsNeverShow(t *testing.T) {
	m := testutil.SharedMoto(t)
	bin := buildStackctl(t)
	dir, home := t.TempDir(), t.TempDir()
	putSecureString(t, m.URL, apiKeyParam, plantedSSM)
	octo := octopusServer(t, []string{"i-0123456789abcdef0"})
	// The stack's Tentacles register with an https server (the rule for
	// agent: octopus); prune talks to the loopback test server.
	head := "stack: web-{{.Env}}-{{.Role}}\nregion: us-east-1\nenvironment: Production\nrole: Authoring\ncapacity:\n  min: 1\n  max: 2\n  desired: 1\n"
	cfg, pruneCfg := filepath.Join(dir, "octopus.yaml"), filepath.Join(dir, "prune.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(head+"bootstrap:\n  agent: octopus\n  octopus:\n    server: https://octopus.example.com\n"+
		"    space: Default\n    policy: Delete unavailable\n    apiKeyParameter: "+apiKeyParam+"\n"), 0o600))
	require.NoError(t, os.WriteFile(pruneCfg, []byte(head+"bootstrap:\n  octopus:\n    server: "+octo.URL+"\n    space: Default\n"), 0o600))
	vars := motoVars(m.URL)
	vars["AWS_SECRET_ACCESS_KEY"], vars["AWS_SESSION_TOKEN"] = plantedSecret, plantedSession
	vars["STACKCTL_OCTOPUS_API_KEY"], vars["HOME"] = plantedAPIKey, home

	var all strings.Builder
	for _, args := range [][]string{
		{"render", "-c", cfg}, {"render", "-c", cfg, "--format", "json"}, {"validate", "-c", cfg},
		{"--debug", "deploy", "-c", cfg, "--yes"},
		{"--debug", "deploy", "-c", cfg, "--yes", "--output", "json", "--param", "MaxSize=3"},
		{"--debug", "status", "-c", cfg}, {"--debug", "status", "-c", cfg, "--output", "json"},
		{"--debug", "outputs", "-c", cfg}, {"--debug", "outputs", "-c", cfg, "--format", "json"}, {"--debug", "outputs", "-c", cfg, "--format", "env"},
		{"--debug", "events", "-c", cfg},
		{"--debug", "octopus", "prune", "-c", pruneCfg, "--dry-run"},
		{"--debug", "delete", "-c", cfg, "--yes"},
	} {
		code, stdout, stderr := runBinary(t, bin, dir, vars, args...)
		require.Equal(t, 0, code, "%v: %s", args, stderr)
		requireNoSecret(t, args, stdout+stderr)
		all.WriteString(stderr)
	}
	require.Contains(t, all.String(), "debug: aws CloudFormation.ExecuteChangeSet POST", "--debug logs the requests")
	require.Contains(t, all.String(), "debug: aws EC2.DescribeInstances POST", "--debug logs octopus prune's EC2 calls")
	require.NotEmpty(t, octo.Requests(), "octopus prune asked the server with the key")
	requireNoSecretInFiles(t, dir, home)
}

func requireNoSecret(t *testing.T, args []string, out string) {
	t.Helper()
	for _, s := range []string{plantedAPIKey, plantedSSM, plantedSecret, plantedSession, "Signature=", "Credential=", "X-Amz-Security-Token"} {
		require.False(t, strings.Contains(out, s), "%v printed %q", args, s)
	}
}

// requireNoSecretInFiles: stackctl wrote no credentials to disk.
func requireNoSecretInFiles(t *testing.T, roots ...string) {
	t.Helper()
	for _, root := range roots {
		require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, s := range []string{plantedAPIKey, plantedSSM, plantedSecret, plantedSession} {
				require.False(t, strings.Contains(string(b), s), "%s holds %q", path, s)
			}
			return nil
		}))
	}
}

// putSecureString stores an SSM SecureString in moto (one raw JSON call:
// the SSM client is not a dependency of stackctl).
func putSecureString(t *testing.T, endpoint, name, value string) {
	t.Helper()
	body := `{"Name":"` + name + `","Value":"` + value + `","Type":"SecureString"}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, endpoint, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AmazonSSM.PutParameter")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}
