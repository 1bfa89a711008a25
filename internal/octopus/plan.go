package octopus

import (
	"regexp"
	"strings"
)

// Action is what Prune does with a registration.
type Action string

// The actions.
const (
	Keep   Action = "keep"
	Delete Action = "delete"
)

// EC2 states as DescribeInstances names them, plus NotFound for an id EC2
// does not know (never existed, or terminated long enough ago that EC2
// forgot it: about an hour).
const (
	StatePending      = "pending"
	StateRunning      = "running"
	StateStopping     = "stopping"
	StateStopped      = "stopped"
	StateShuttingDown = "shutting-down"
	StateTerminated   = "terminated"
	NotFound          = "not-found"
)

// StackTag is the tag CloudFormation puts on the Auto Scaling group and
// the group propagates to every instance it launches.
const StackTag = "aws:cloudformation:stack-name"

// Instance is what EC2 says about one instance.
type Instance struct {
	ID, State string
	Tags      map[string]string
}

// Target says what "this stack's instances" means.
type Target struct{ Stack, Environment, Role string }

// Decision is the plan for one registration.
type Decision struct {
	Machine  Machine
	Instance string // the instance id, "" when the name is not one
	State    string // EC2 state or NotFound; "" when not looked up
	Action   Action
	Reason   string
}

var instanceID = regexp.MustCompile(`^i-[0-9a-f]{8,17}$`)

// IsInstanceID reports whether a machine name is an EC2 instance id (the
// bootstrap registers each Tentacle with --name = its instance id).
func IsInstanceID(name string) bool { return instanceID.MatchString(name) }

// Plan decides, for machines already scoped to the stack's space,
// environment and role, which registrations to delete. The rules:
//
//   - a name that is not an instance id: keep (not ours to judge);
//   - pending or running: keep;
//   - stopping or stopped: keep — the instance still exists and can be
//     started again; if the group gives up on it, it terminates it and
//     the next prune deletes the registration;
//   - shutting-down or terminated: delete, unless its tags show another
//     stack (StackTag), or, without StackTag, another Environment/Role;
//     an instance with neither is kept: its owner cannot be told;
//   - not found: delete. A vanished instance cannot be attributed by its
//     tags, but the registration is already scoped to this stack's
//     space, environment and role and names an instance that does not
//     exist in this region: no stack can still use it. (So do not share
//     one Octopus environment and role between stacks in several
//     regions.)
//   - any other state: keep.
func Plan(machines []Machine, instances []Instance, t Target) []Decision {
	byID := make(map[string]Instance, len(instances))
	for _, in := range instances {
		byID[in.ID] = in
	}
	out := make([]Decision, 0, len(machines))
	for _, m := range machines {
		out = append(out, decide(m, byID, t))
	}
	return out
}

func decide(m Machine, byID map[string]Instance, t Target) Decision {
	d := Decision{Machine: m, Action: Keep}
	if !IsInstanceID(m.Name) {
		d.Reason = "name is not an EC2 instance id"
		return d
	}
	d.Instance = m.Name
	in, ok := byID[m.Name]
	if !ok {
		d.State, d.Action, d.Reason = NotFound, Delete, "instance does not exist"
		return d
	}
	d.State = in.State
	switch in.State {
	case StatePending, StateRunning:
		d.Reason = "instance is " + in.State
	case StateStopping, StateStopped:
		d.Reason = "instance is " + in.State + " and can be started again"
	case StateShuttingDown, StateTerminated:
		d.Action, d.Reason = owned(in, t)
	default:
		d.Reason = "unknown instance state"
	}
	return d
}

// owned decides for a terminated instance whether it was this stack's.
func owned(in Instance, t Target) (Action, string) {
	if s, ok := in.Tags[StackTag]; ok {
		if s != t.Stack {
			return Keep, "instance belongs to stack " + s
		}
		return Delete, "instance is " + in.State
	}
	env, hasEnv := in.Tags["Environment"]
	role, hasRole := in.Tags["Role"]
	switch {
	case !hasEnv && !hasRole:
		return Keep, "instance has no stack, Environment or Role tag"
	case hasEnv && !strings.EqualFold(env, t.Environment):
		return Keep, "instance is tagged Environment=" + env
	case hasRole && t.Role != "" && !strings.EqualFold(role, t.Role):
		return Keep, "instance is tagged Role=" + role
	}
	return Delete, "instance is " + in.State
}
