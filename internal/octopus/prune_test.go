package octopus_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/octopus"
	"github.com/stackctl/stackctl/internal/octopus/octopustest"
)

// fakeEC2 answers from a fixed set of instances, like an instance-id
// filter: unknown ids are absent. It records the ids asked for.
type fakeEC2 struct {
	instances []octopus.Instance
	err       error
	asked     [][]string
}

var _ octopus.EC2 = (*fakeEC2)(nil)

func (f *fakeEC2) Instances(_ context.Context, ids []string) ([]octopus.Instance, error) {
	f.asked = append(f.asked, ids)
	if f.err != nil {
		return nil, f.err
	}
	var out []octopus.Instance
	for _, in := range f.instances {
		if slices.Contains(ids, in.ID) {
			out = append(out, in)
		}
	}
	return out, nil
}

// fleet registers, in Production/Authoring: a running, a pending, a
// stopped and a terminated instance of web-Production, a terminated one of
// another stack, one that never existed, and a machine that is not an
// instance; plus a Web-role machine and a Staging one, both orphans.
func fleet(t *testing.T) (*octopustest.Server, *fakeEC2) {
	t.Helper()
	s := octopustest.New(t, key)
	s.AddSpace("Spaces-1", "Default", true)
	s.AddEnvironment("Spaces-1", "Environments-1", "Production")
	s.AddEnvironment("Spaces-1", "Environments-2", "Staging")
	add := func(id, name, env, role string) {
		s.AddMachine(octopustest.Machine{ID: id, Name: name, Space: "Spaces-1", Environments: []string{env}, Roles: []string{role}})
	}
	add("Machines-1", "i-0aaaaaaaaaaaaaaa1", "Environments-1", "Authoring") // running
	add("Machines-2", "i-0aaaaaaaaaaaaaaa2", "Environments-1", "Authoring") // pending
	add("Machines-3", "i-0aaaaaaaaaaaaaaa3", "Environments-1", "Authoring") // stopped
	add("Machines-4", "i-0aaaaaaaaaaaaaaa4", "Environments-1", "Authoring") // terminated
	add("Machines-5", "i-0bbbbbbbbbbbbbbb5", "Environments-1", "Authoring") // other stack, terminated
	add("Machines-6", "i-0ccccccccccccccc6", "Environments-1", "Authoring") // never existed
	add("Machines-7", "build-agent-01", "Environments-1", "Authoring")
	add("Machines-8", "i-0ddddddddddddddd8", "Environments-1", "Web")       // other role
	add("Machines-9", "i-0eeeeeeeeeeeeeee9", "Environments-2", "Authoring") // other environment
	tags := map[string]string{octopus.StackTag: "web-Production", "Environment": "Production", "Role": "Authoring"}
	ec2 := &fakeEC2{instances: []octopus.Instance{
		{ID: "i-0aaaaaaaaaaaaaaa1", State: "running", Tags: tags},
		{ID: "i-0aaaaaaaaaaaaaaa2", State: "pending", Tags: tags},
		{ID: "i-0aaaaaaaaaaaaaaa3", State: "stopped", Tags: tags},
		{ID: "i-0aaaaaaaaaaaaaaa4", State: "terminated", Tags: tags},
		{ID: "i-0bbbbbbbbbbbbbbb5", State: "terminated", Tags: map[string]string{octopus.StackTag: "web-Production-feature-x"}},
	}}
	return s, ec2
}

var opts = octopus.Options{Space: "Default", Environment: "Production", Role: "Authoring", Stack: "web-Production"}

func TestOctopusPruneDeletesExactlyTheOrphans(t *testing.T) {
	s, ec2 := fleet(t)
	res, err := octopus.Prune(t.Context(), newClient(t, s.URL, key, 3), ec2, opts)
	require.NoError(t, err)
	require.Equal(t, []string{"Machines-4", "Machines-6"}, s.Deleted())
	require.Equal(t, octopus.Summary{Total: 7, Orphans: 2, Deleted: 2, Kept: 5}, res.Summary())
	require.Equal(t, [][]string{{"i-0aaaaaaaaaaaaaaa1", "i-0aaaaaaaaaaaaaaa2", "i-0aaaaaaaaaaaaaaa3",
		"i-0aaaaaaaaaaaaaaa4", "i-0bbbbbbbbbbbbbbb5", "i-0ccccccccccccccc6"}}, ec2.asked,
		"only this role's instance ids are looked up, once each")
}

func TestOctopusPruneDryRunDeletesNothing(t *testing.T) {
	s, ec2 := fleet(t)
	o := opts
	o.DryRun = true
	res, err := octopus.Prune(t.Context(), newClient(t, s.URL, key, 3), ec2, o)
	require.NoError(t, err)
	require.Empty(t, s.Deleted())
	for _, r := range s.Requests() {
		require.Regexp(t, "^GET ", r)
	}
	require.Equal(t, octopus.Summary{Total: 7, Orphans: 2, Kept: 5}, res.Summary())
}

func TestOctopusPruneWithoutRoleSeesAllRoles(t *testing.T) {
	s, ec2 := fleet(t)
	o := opts
	o.Role = ""
	_, err := octopus.Prune(t.Context(), newClient(t, s.URL, key, 3), ec2, o)
	require.NoError(t, err)
	require.Equal(t, []string{"Machines-4", "Machines-6", "Machines-8"}, s.Deleted())
}

func TestOctopusPruneEC2ErrorDeletesNothing(t *testing.T) {
	s, ec2 := fleet(t)
	ec2.err = errors.New("expired credentials")
	_, err := octopus.Prune(t.Context(), newClient(t, s.URL, key, 3), ec2, opts)
	require.EqualError(t, err, "describe ec2 instances: expired credentials")
	require.Empty(t, s.Deleted())
}

func TestOctopusPruneRejectedKey(t *testing.T) {
	s, ec2 := fleet(t)
	_, err := octopus.Prune(t.Context(), newClient(t, s.URL, "API-WRONG", 3), ec2, opts)
	var ae *octopus.AuthError
	require.ErrorAs(t, err, &ae)
	require.Empty(t, ec2.asked)
}

// flaky fails the delete of one machine.
type flaky struct {
	octopus.Registry
	fail string
}

func (f flaky) DeleteMachine(ctx context.Context, m octopus.Machine) error {
	if m.ID == f.fail {
		return errors.New("octopus DELETE /api/Spaces-1/machines/" + m.ID + ": HTTP 500")
	}
	return f.Registry.DeleteMachine(ctx, m)
}

func TestOctopusPruneDeleteFailureContinues(t *testing.T) {
	s, ec2 := fleet(t)
	res, err := octopus.Prune(t.Context(), flaky{newClient(t, s.URL, key, 3), "Machines-4"}, ec2, opts)
	var de *octopus.DeleteError
	require.ErrorAs(t, err, &de)
	require.EqualError(t, err, "delete 1 of 2 octopus machines failed: octopus DELETE /api/Spaces-1/machines/Machines-4: HTTP 500")
	require.Equal(t, []string{"Machines-6"}, s.Deleted())
	require.Equal(t, octopus.Summary{Total: 7, Orphans: 2, Deleted: 1, Failed: 1, Kept: 5}, res.Summary())
}

func TestOctopusPruneCancelled(t *testing.T) {
	s, ec2 := fleet(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := octopus.Prune(ctx, newClient(t, s.URL, key, 3), ec2, opts)
	require.ErrorIs(t, err, context.Canceled)
	require.Empty(t, s.Deleted())
}
