package octopus_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/octopus"
)

func TestOctopusPlan(t *testing.T) {
	target := octopus.Target{Stack: "web-Production", Environment: "Production", Role: "Authoring"}
	mine := map[string]string{octopus.StackTag: "web-Production", "Environment": "Production", "Role": "Authoring"}
	tests := []struct {
		name, machine string
		inst          *octopus.Instance // nil: EC2 does not know it
		action        octopus.Action
		state, reason string
	}{
		{"not an instance id", "build-agent-01", nil, octopus.Keep, "", "name is not an EC2 instance id"},
		{"id too short", "i-1234567", nil, octopus.Keep, "", "name is not an EC2 instance id"},
		{"upper-case id", "i-0123456789ABCDEF0", nil, octopus.Keep, "", "name is not an EC2 instance id"},
		{"never existed", "i-0123456789abcdef0", nil, octopus.Delete, "not-found", "instance does not exist"},
		{"short id never existed", "i-0123abcd", nil, octopus.Delete, "not-found", "instance does not exist"},
		{"pending", "i-0000000000000000a", &octopus.Instance{State: "pending", Tags: mine}, octopus.Keep, "pending", "instance is pending"},
		{"running", "i-0000000000000000b", &octopus.Instance{State: "running", Tags: mine}, octopus.Keep, "running", "instance is running"},
		{"stopping", "i-0000000000000000c", &octopus.Instance{State: "stopping", Tags: mine}, octopus.Keep, "stopping", "instance is stopping and can be started again"},
		{"stopped", "i-0000000000000000d", &octopus.Instance{State: "stopped", Tags: mine}, octopus.Keep, "stopped", "instance is stopped and can be started again"},
		{"terminated", "i-0000000000000000e", &octopus.Instance{State: "terminated", Tags: mine}, octopus.Delete, "terminated", "instance is terminated"},
		{"shutting down", "i-0000000000000000f", &octopus.Instance{State: "shutting-down", Tags: mine}, octopus.Delete, "shutting-down", "instance is shutting-down"},
		{"other stack", "i-00000000000000010", &octopus.Instance{State: "terminated", Tags: map[string]string{octopus.StackTag: "web-Production-feature-x", "Environment": "Production", "Role": "Authoring"}}, octopus.Keep, "terminated", "instance belongs to stack web-Production-feature-x"},
		{"no stack tag, our env and role", "i-00000000000000011", &octopus.Instance{State: "terminated", Tags: map[string]string{"Environment": "production", "Role": "Authoring"}}, octopus.Delete, "terminated", "instance is terminated"},
		{"no stack tag, other env", "i-00000000000000012", &octopus.Instance{State: "terminated", Tags: map[string]string{"Environment": "Staging", "Role": "Authoring"}}, octopus.Keep, "terminated", "instance is tagged Environment=Staging"},
		{"no stack tag, other role", "i-00000000000000013", &octopus.Instance{State: "terminated", Tags: map[string]string{"Environment": "Production", "Role": "Web"}}, octopus.Keep, "terminated", "instance is tagged Role=Web"},
		{"no tags at all", "i-00000000000000014", &octopus.Instance{State: "terminated", Tags: map[string]string{}}, octopus.Keep, "terminated", "instance has no stack, Environment or Role tag"},
		{"unknown state", "i-00000000000000015", &octopus.Instance{State: "hibernating", Tags: mine}, octopus.Keep, "hibernating", "unknown instance state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var insts []octopus.Instance
			if tt.inst != nil {
				in := *tt.inst
				in.ID = tt.machine
				insts = append(insts, in)
			}
			ds := octopus.Plan([]octopus.Machine{{ID: "Machines-1", Name: tt.machine}}, insts, target)
			require.Len(t, ds, 1)
			require.Equal(t, tt.action, ds[0].Action)
			require.Equal(t, tt.state, ds[0].State)
			require.Equal(t, tt.reason, ds[0].Reason)
		})
	}
}
