package octopus

import (
	"context"
	"fmt"
	"strings"
)

// Registry lists and deletes machine registrations; *Client is one.
type Registry interface {
	ListMachines(ctx context.Context, s Scope) ([]Machine, error)
	DeleteMachine(ctx context.Context, m Machine) error
}

// EC2 looks up instances by id. Ids EC2 does not know are simply absent
// from the answer (see NewEC2).
type EC2 interface {
	Instances(ctx context.Context, ids []string) ([]Instance, error)
}

// Options say what to prune.
type Options struct {
	// Space ("" for the default space) and Environment select the Octopus
	// machines; Role, when set, narrows them to machines with that role.
	Space, Environment, Role string
	// Stack is the CloudFormation stack whose instances these are.
	Stack string
	// DryRun plans and reports, deleting nothing.
	DryRun bool
}

// Outcome is a decision and what became of it.
type Outcome struct {
	Decision
	Deleted bool  // the registration was deleted
	Err     error // the delete failed
}

// Result is everything Prune looked at, in the server's order.
type Result struct {
	Options
	Machines []Outcome
}

// Summary counts a result's machines.
type Summary struct {
	Total   int `json:"total"`
	Orphans int `json:"orphans"` // planned deletes
	Deleted int `json:"deleted"`
	Kept    int `json:"kept"`
	Failed  int `json:"failed"`
}

// Summary counts the registrations looked at, planned for deletion,
// deleted, kept, and failed to delete.
func (r *Result) Summary() Summary {
	s := Summary{Total: len(r.Machines)}
	for _, o := range r.Machines {
		switch {
		case o.Action != Delete:
			s.Kept++
		case o.Err != nil:
			s.Orphans++
			s.Failed++
		case o.Deleted:
			s.Orphans++
			s.Deleted++
		default:
			s.Orphans++
		}
	}
	return s
}

// DeleteError reports the deletes that failed; the others went through.
type DeleteError struct {
	Failed, Total int
	First         error
}

func (e *DeleteError) Error() string {
	return fmt.Sprintf("delete %d of %d octopus machines failed: %v", e.Failed, e.Total, e.First)
}

func (e *DeleteError) Unwrap() error { return e.First }

// Prune deletes the registrations in the scope whose EC2 instance is gone
// (see Plan for the rules). Nothing is deleted unless both the listing
// and the EC2 lookup succeeded. Deletes run one at a time: orphans are
// few (the group's churn since the last release), one shared Octopus
// server is spared bursts, and the report keeps the server's order; a
// failed delete does not stop the others.
func Prune(ctx context.Context, reg Registry, ec2 EC2, o Options) (*Result, error) {
	all, err := reg.ListMachines(ctx, Scope{Space: o.Space, Environment: o.Environment})
	if err != nil {
		return nil, fmt.Errorf("list octopus machines: %w", err)
	}
	machines := withRole(all, o.Role)
	var instances []Instance
	if ids := instanceIDs(machines); len(ids) > 0 {
		if instances, err = ec2.Instances(ctx, ids); err != nil {
			return nil, fmt.Errorf("describe ec2 instances: %w", err)
		}
	}
	res := &Result{Options: o}
	for _, d := range Plan(machines, instances, Target{Stack: o.Stack, Environment: o.Environment, Role: o.Role}) {
		res.Machines = append(res.Machines, Outcome{Decision: d})
	}
	if o.DryRun {
		return res, nil
	}
	return res, deleteAll(ctx, reg, res.Machines)
}

func deleteAll(ctx context.Context, reg Registry, outs []Outcome) error {
	var first error
	failed, total := 0, 0
	for i := range outs {
		if outs[i].Action != Delete {
			continue
		}
		total++
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("delete octopus machines: %w", err)
		}
		if err := reg.DeleteMachine(ctx, outs[i].Machine); err != nil {
			outs[i].Err = err
			failed++
			if first == nil {
				first = err
			}
			continue
		}
		outs[i].Deleted = true
	}
	if failed > 0 {
		return &DeleteError{Failed: failed, Total: total, First: first}
	}
	return nil
}

// withRole keeps the machines that have role ("" keeps all).
func withRole(ms []Machine, role string) []Machine {
	if role == "" {
		return ms
	}
	var out []Machine
	for _, m := range ms {
		for _, r := range m.Roles {
			if strings.EqualFold(r, role) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// instanceIDs are the distinct machine names that are instance ids.
func instanceIDs(ms []Machine) []string {
	seen := map[string]bool{}
	var ids []string
	for _, m := range ms {
		if IsInstanceID(m.Name) && !seen[m.Name] {
			seen[m.Name] = true
			ids = append(ids, m.Name)
		}
	}
	return ids
}
