package octopus_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/octopus"
	"github.com/stackctl/stackctl/internal/octopus/octopustest"
	"github.com/stackctl/stackctl/internal/testutil"
)

func TestMain(m *testing.M) { os.Exit(testutil.RunWithMoto(m)) }

// motoEC2 points the SDK at a fresh moto (failing, never skipping, under
// CI=true when moto is missing) and returns its config and EC2 client.
func motoEC2(t *testing.T) (aws.Config, *ec2.Client) {
	t.Helper()
	testutil.SetEnv(t, testutil.SharedMoto(t).URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{Region: "us-east-1", MaxAttempts: 2})
	require.NoError(t, err)
	return cfg, ec2.NewFromConfig(cfg)
}

// EC2 side against moto: running, stopped, terminated (ours, by stack tag
// and by Environment/Role tags only), terminated of another stack, never
// existed. Pending cannot be shown in moto (every transition is instant):
// see TestOctopusPruneDeletesExactlyTheOrphans for that.
func TestOctopusPruneAgainstMoto(t *testing.T) {
	cfg, c := motoEC2(t)
	ours := map[string]string{octopus.StackTag: "web-Production", "Environment": "Production", "Role": "Authoring"}
	running := testutil.LaunchTagged(t, c, "", ours)
	stopped := testutil.LaunchTagged(t, c, "", ours)
	terminated := testutil.LaunchTagged(t, c, "", ours)
	untagged := testutil.LaunchTagged(t, c, "", map[string]string{"Environment": "Production", "Role": "Authoring"})
	other := testutil.LaunchTagged(t, c, "", map[string]string{octopus.StackTag: "web-Production-feature-x", "Environment": "Production", "Role": "Authoring"})
	_, err := c.StopInstances(t.Context(), &ec2.StopInstancesInput{InstanceIds: []string{stopped}})
	require.NoError(t, err)
	_, err = c.TerminateInstances(t.Context(), &ec2.TerminateInstancesInput{InstanceIds: []string{terminated, untagged, other}})
	require.NoError(t, err)
	never := "i-0123456789abcdef0"

	s := octopustest.New(t, key)
	s.AddSpace("Spaces-1", "Default", true)
	s.AddEnvironment("Spaces-1", "Environments-1", "Production")
	for i, name := range []string{running, stopped, terminated, untagged, other, never, "build-agent-01"} {
		s.AddMachine(octopustest.Machine{ID: fmt.Sprintf("Machines-%d", i+1), Name: name, Space: "Spaces-1",
			Environments: []string{"Environments-1"}, Roles: []string{"Authoring"}})
	}

	o := opts
	o.DryRun = true
	res, err := octopus.Prune(t.Context(), newClient(t, s.URL, key, 2), octopus.NewEC2(cfg), o)
	require.NoError(t, err)
	require.Empty(t, s.Deleted(), "a dry run deletes nothing")
	states := map[string]string{}
	for _, m := range res.Machines {
		states[m.Machine.Name] = m.State + "/" + string(m.Action)
	}
	require.Equal(t, map[string]string{
		running: "running/keep", stopped: "stopped/keep", terminated: "terminated/delete", untagged: "terminated/delete",
		other: "terminated/keep", never: "not-found/delete", "build-agent-01": "/keep",
	}, states)

	res, err = octopus.Prune(t.Context(), newClient(t, s.URL, key, 2), octopus.NewEC2(cfg), opts)
	require.NoError(t, err)
	require.Equal(t, []string{"Machines-3", "Machines-4", "Machines-6"}, s.Deleted())
	require.Equal(t, octopus.Summary{Total: 7, Orphans: 3, Deleted: 3, Kept: 4}, res.Summary())
	require.ElementsMatch(t, []string{running, stopped, other, "build-agent-01"}, s.Remaining())
}

// Unknown ids do not fail the lookup (an InstanceIds query would fail
// whole with InvalidInstanceID.NotFound), and more ids than one filter
// batch holds are all looked up.
func TestOctopusEC2LookupUnknownIDsAndBatches(t *testing.T) {
	cfg, c := motoEC2(t)
	first := testutil.LaunchTagged(t, c, "", map[string]string{"Name": "first"})
	last := testutil.LaunchTagged(t, c, "", map[string]string{"Name": "last"})
	ids := []string{first}
	for i := range 150 {
		ids = append(ids, fmt.Sprintf("i-0%016x", i+1))
	}
	ids = append(ids, last)
	got, err := octopus.NewEC2(cfg).Instances(t.Context(), ids)
	require.NoError(t, err)
	var found []string
	for _, in := range got {
		found = append(found, in.ID)
		require.Equal(t, "running", in.State)
	}
	require.ElementsMatch(t, []string{first, last}, found)
}
