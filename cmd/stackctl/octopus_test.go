package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/octopus"
	"github.com/stackctl/stackctl/internal/octopus/octopustest"
	"github.com/stackctl/stackctl/internal/testutil"
)

const octoKey = "API-CLITESTKEY00000000000000000"

// octopusConfig writes a config for stack web-Production-Authoring whose
// Tentacles register with server in space Default.
func octopusConfig(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "octopus.yaml")
	body := "stack: web-{{.Env}}-{{.Role}}\nregion: us-east-1\nenvironment: Production\nrole: Authoring\n" +
		"capacity:\n  min: 2\n  max: 3\n  desired: 2\n" +
		"bootstrap:\n  octopus:\n    server: " + server + "\n    space: Default\n"
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

// octopusServer has Default/Production (Environments-1) and Staging
// (Environments-2); machines are added by name, all with role Authoring.
func octopusServer(t *testing.T, production []string, staging ...string) *octopustest.Server {
	t.Helper()
	s := octopustest.New(t, octoKey)
	s.AddSpace("Spaces-1", "Default", true)
	s.AddEnvironment("Spaces-1", "Environments-1", "Production")
	s.AddEnvironment("Spaces-1", "Environments-2", "Staging")
	n := 0
	add := func(env string, names []string) {
		for _, name := range names {
			n++
			s.AddMachine(octopustest.Machine{ID: fmt.Sprintf("Machines-%d", n), Name: name, Space: "Spaces-1",
				Environments: []string{env}, Roles: []string{"Authoring"}})
		}
	}
	add("Environments-1", production)
	add("Environments-2", staging)
	return s
}

// runOctopus runs stackctl with the API key in the environment (unless
// key is "") and EC2 from lookup.
func runOctopus(t *testing.T, key string, lookup octopus.EC2, args ...string) (int, string, string) {
	t.Helper()
	e, out, errOut := testEnv()
	e.getenv = func(k string) string {
		if k == apiKeyEnv {
			return key
		}
		return ""
	}
	e.ec2 = func(context.Context, string, string) (octopus.EC2, error) { return lookup, nil }
	code := run(t.Context(), append([]string{"stackctl"}, args...), e)
	return code, out.String(), errOut.String()
}

// staticEC2 knows a fixed set of instances.
type staticEC2 []octopus.Instance

func (s staticEC2) Instances(_ context.Context, ids []string) ([]octopus.Instance, error) {
	var out []octopus.Instance
	for _, in := range s {
		if slices.Contains(ids, in.ID) {
			out = append(out, in)
		}
	}
	return out, nil
}

var stackTags = map[string]string{octopus.StackTag: "web-Production-Authoring", "Environment": "Production", "Role": "Authoring"}

// Pending cannot be shown in moto; this covers it with a fake EC2.
func TestOctopusPruneCLIKeepsPendingAndRunning(t *testing.T) {
	s := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2", "i-0aaaaaaaaaaaaaaa3", "i-0aaaaaaaaaaaaaaa4"})
	lookup := staticEC2{
		{ID: "i-0aaaaaaaaaaaaaaa1", State: "pending", Tags: stackTags},
		{ID: "i-0aaaaaaaaaaaaaaa2", State: "running", Tags: stackTags},
		{ID: "i-0aaaaaaaaaaaaaaa3", State: "shutting-down", Tags: stackTags},
	}
	code, stdout, stderr := runOctopus(t, octoKey, lookup, "octopus", "prune", "-c", octopusConfig(t, s.URL))
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	require.Equal(t, []string{"Machines-3", "Machines-4"}, s.Deleted())
	require.Equal(t, ""+
		"MACHINE              INSTANCE             EC2 STATE      ACTION   REASON\n"+
		"i-0aaaaaaaaaaaaaaa1  i-0aaaaaaaaaaaaaaa1  pending        keep     instance is pending\n"+
		"i-0aaaaaaaaaaaaaaa2  i-0aaaaaaaaaaaaaaa2  running        keep     instance is running\n"+
		"i-0aaaaaaaaaaaaaaa3  i-0aaaaaaaaaaaaaaa3  shutting-down  deleted  instance is shutting-down\n"+
		"i-0aaaaaaaaaaaaaaa4  i-0aaaaaaaaaaaaaaa4  not-found      deleted  instance does not exist\n"+
		"deleted 2 of 4 machines in space Default, environment Production, role Authoring (stack web-Production-Authoring); kept 2\n", stdout)
}

// A failed delete: the others go through, the table says which failed,
// one error line, exit 1.
func TestOctopusPruneCLIDeleteFails(t *testing.T) {
	s := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2"})
	s.FailDelete = []string{"Machines-1"}
	code, stdout, stderr := runOctopus(t, octoKey, staticEC2{}, "octopus", "prune", "-c", octopusConfig(t, s.URL))
	require.Equal(t, exitError, code)
	require.Equal(t, []string{"Machines-2"}, s.Deleted())
	require.Contains(t, stdout, "i-0aaaaaaaaaaaaaaa1  not-found  failed ")
	require.Contains(t, stdout, "deleted 1 of 2 machines in space Default, environment Production, role Authoring (stack web-Production-Authoring); kept 0; 1 failed\n")
	require.Equal(t, "stackctl: delete 1 of 2 octopus machines failed: octopus DELETE /api/Spaces-1/machines/Machines-1: HTTP 500: There was a problem with your request.\n", stderr)
}

func TestOctopusWarnPlainHTTP(t *testing.T) {
	for server, warn := range map[string]bool{
		"http://octopus.example.com": true, "http://10.0.0.5:8080": true, "https://octopus.example.com": false,
		"http://127.0.0.1:8080": false, "http://localhost": false, "http://[::1]:81": false,
	} {
		var b strings.Builder
		warnPlainHTTP(&b, server)
		require.Equal(t, warn, b.Len() > 0, server)
	}
}

func TestOctopusPruneCLIRejectedKey(t *testing.T) {
	s := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1"})
	code, stdout, stderr := runOctopus(t, "API-WRONG", staticEC2{}, "octopus", "prune", "-c", octopusConfig(t, s.URL))
	require.Equal(t, exitUsage, code)
	require.Empty(t, stdout)
	require.Equal(t, "stackctl: octopus rejected the API key (401): check the key in $STACKCTL_OCTOPUS_API_KEY\n", stderr)
	require.Empty(t, s.Deleted())
}

func TestOctopusPruneCLIKeyFile(t *testing.T) {
	s := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1"})
	file := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(file, []byte(octoKey+"\n"), 0o600))
	code, _, stderr := runOctopus(t, "API-IGNORED", staticEC2{}, "octopus", "prune", "--api-key-file", file, "-c", octopusConfig(t, s.URL))
	require.Equal(t, 0, code, stderr)
	require.Equal(t, []string{"Machines-1"}, s.Deleted(), "the file wins over the environment")

	bad := filepath.Join(t.TempDir(), "bad")
	require.NoError(t, os.WriteFile(bad, []byte("API-WRONG"), 0o600))
	code, _, stderr = runOctopus(t, "", staticEC2{}, "octopus", "prune", "--api-key-file", bad, "-c", octopusConfig(t, s.URL))
	require.Equal(t, exitUsage, code)
	require.Equal(t, "stackctl: octopus rejected the API key (401): check the key in "+bad+"\n", stderr)
}

// Usage and configuration errors: one line, exit 2, nothing deleted.
func TestOctopusPruneCLIUsageErrors(t *testing.T) {
	s := octopusServer(t, []string{"i-0aaaaaaaaaaaaaaa1"})
	cfg := octopusConfig(t, s.URL)
	noServer := filepath.Join(t.TempDir(), "plain.yaml")
	require.NoError(t, os.WriteFile(noServer, []byte("environment: Production\n"), 0o600))
	tests := []struct {
		name string
		key  string
		args []string
		want string
	}{
		{"no key", "", []string{"-c", cfg}, "stackctl: no Octopus API key: set STACKCTL_OCTOPUS_API_KEY or pass --api-key-file FILE"},
		{"key as a flag", octoKey, []string{"--api-key", "API-X", "-c", cfg}, "stackctl: --api-key: the API key is never a flag value"},
		{"missing key file", "", []string{"--api-key-file", "/nonexistent/key", "-c", cfg}, "stackctl: --api-key-file: open /nonexistent/key: no such file or directory"},
		{"no server", octoKey, []string{"-c", noServer}, "bootstrap.octopus.server is not set: octopus prune needs the server"},
		{"unknown environment", octoKey, []string{"-c", cfg, "--param", "Environment=QA"}, `stackctl: octopus environment "QA" not found`},
		{"bad output", octoKey, []string{"-o", "yaml", "-c", cfg}, `stackctl: --output "yaml": want text or json`},
		{"stray argument", octoKey, []string{"-c", cfg, "now"}, `stackctl: prune: unexpected argument "now"`},
		{"flag after argument", octoKey, []string{"now", "--dry-run"}, "stackctl: prune: flag --dry-run after an argument"},
		{"unknown flag", octoKey, []string{"--force"}, "stackctl: unknown flag --force"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runOctopus(t, tt.key, staticEC2{}, append([]string{"octopus", "prune"}, tt.args...)...)
			require.Equal(t, exitUsage, code, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tt.want)
			require.Equal(t, 1, strings.Count(stderr, "\n"), "one line")
		})
	}
	require.Empty(t, s.Deleted())
}

func TestOctopusCommandHelp(t *testing.T) {
	code, stdout, _ := runOctopus(t, "", nil, "octopus")
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "prune")
	code, _, stderr := runOctopus(t, "", nil, "octopus", "purge")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `stackctl: octopus: unknown command "purge"`)
}

// The end-to-end case against moto: the stack's own instances
// (launched by its Auto Scaling group), one of them terminated, a
// terminated instance of another stack, an id that never existed, a
// machine that is not an instance, and an orphan in another environment.
func TestOctopusPruneCLIAgainstMoto(t *testing.T) {
	testutil.SetEnv(t, testutil.SharedMoto(t).URL)
	awsCfg, err := awsclient.Load(t.Context(), awsclient.Options{Region: "us-east-1", MaxAttempts: 2})
	require.NoError(t, err)
	c := ec2.NewFromConfig(awsCfg)

	s := octopusServer(t, nil)
	cfgPath := octopusConfig(t, s.URL)
	group := createStack(t, awsCfg, cfgPath)
	require.Len(t, group, 2)
	other := testutil.LaunchTagged(t, c, "", map[string]string{octopus.StackTag: "web-Production-Authoring-feature-x", "Environment": "Production", "Role": "Authoring"})
	_, err = c.TerminateInstances(t.Context(), &ec2.TerminateInstancesInput{InstanceIds: []string{group[1], other}})
	require.NoError(t, err)
	never := "i-0123456789abcdef0"
	s = octopusServer(t, []string{group[0], group[1], other, never, "build-agent-01"}, never)
	cfgPath = octopusConfig(t, s.URL)
	lookup, err := loadEC2(t.Context(), "us-east-1", "")
	require.NoError(t, err)

	code, stdout, stderr := runOctopus(t, octoKey, lookup, "octopus", "prune", "--dry-run", "-c", cfgPath)
	require.Equal(t, 0, code, stderr)
	require.Empty(t, s.Deleted(), "--dry-run deletes nothing")
	require.Contains(t, stdout, group[1]+"  terminated  would delete")
	require.Contains(t, stdout, "dry run: would delete 2 of 5 machines in space Default, environment Production, role Authoring (stack web-Production-Authoring); nothing was deleted\n")

	code, stdout, stderr = runOctopus(t, octoKey, lookup, "octopus", "prune", "--output", "json", "-c", cfgPath)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, []string{"Machines-2", "Machines-4"}, s.Deleted(), "exactly the stack's terminated instance and the id that never existed")
	require.ElementsMatch(t, []string{group[0], other, "build-agent-01", never}, s.Remaining(), "the Staging orphan is another environment's")
	var res pruneResultJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	require.Equal(t, octopus.Summary{Total: 5, Orphans: 2, Deleted: 2, Kept: 3}, res.Summary)
	require.Equal(t, "web-Production-Authoring", res.Stack)
	require.False(t, res.DryRun)
	actions := map[string]string{}
	for _, m := range res.Machines {
		actions[m.Name] = m.State + "/" + m.Action + "/" + fmt.Sprint(m.Deleted)
	}
	require.Equal(t, map[string]string{
		group[0]: "running/keep/false", group[1]: "terminated/delete/true", other: "terminated/keep/false",
		never: "not-found/delete/true", "build-agent-01": "/keep/false",
	}, actions)
}

// createStack creates the config's stack in moto and returns the ids of
// the instances its Auto Scaling group launched.
func createStack(t *testing.T, awsCfg aws.Config, path string) []string {
	t.Helper()
	cfg, err := build.Load(path, "")
	require.NoError(t, err)
	body, err := build.Render(cfg, build.YAML)
	require.NoError(t, err)
	cfn := cloudformation.NewFromConfig(awsCfg)
	_, err = cfn.CreateStack(t.Context(), &cloudformation.CreateStackInput{StackName: aws.String("web-Production-Authoring"),
		TemplateBody: aws.String(string(body)), Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam, cfntypes.CapabilityCapabilityNamedIam}})
	require.NoError(t, err)
	out, err := ec2.NewFromConfig(awsCfg).DescribeInstances(t.Context(), &ec2.DescribeInstancesInput{
		Filters: []types.Filter{{Name: aws.String("tag:Environment"), Values: []string{"Production"}}}})
	require.NoError(t, err)
	var ids []string
	for _, r := range out.Reservations {
		for _, i := range r.Instances {
			ids = append(ids, aws.ToString(i.InstanceId))
		}
	}
	slices.Sort(ids)
	return ids
}
