package branch

import (
	"fmt"
	"sort"
	"time"

	"github.com/stackctl/stackctl/internal/deploy"
)

// Policy says which branch stacks garbage collection deletes: those idle
// longer than OlderThan (0: age alone selects none), and those whose
// branch is not in Live (nil: no list given).
type Policy struct {
	Now       time.Time
	OlderThan time.Duration
	Live      map[string]bool
	// Permanent environments (by the stackctl:env tag) are never deleted.
	Permanent map[string]bool
}

// Decision is what gc does with one stack, and why.
type Decision struct {
	Stack  deploy.Stack  `json:"-"`
	Name   string        `json:"stack"`
	Branch string        `json:"branch"`
	Idle   time.Duration `json:"-"`
	Delete bool          `json:"delete"`
	Reason string        `json:"reason"`
}

// Managed says whether stackctl deployed s (it carries the config tag).
func Managed(s *deploy.Stack) bool { return s.Tags[TagConfig] != "" }

// LastActivity is when s was last created or updated.
func LastActivity(s *deploy.Stack) time.Time {
	if !s.Updated.IsZero() {
		return s.Updated
	}
	return s.Created
}

// Plan decides for every stack, sorted by name. Only managed branch stacks
// can be deleted: a stack without the stackctl tags, without a branch tag,
// of an environment the config lists as permanent, with termination
// protection, or in the middle of an operation is always kept.
func Plan(stacks []deploy.Stack, p Policy) []Decision {
	out := make([]Decision, 0, len(stacks))
	for i := range stacks {
		out = append(out, decide(&stacks[i], p))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func decide(s *deploy.Stack, p Policy) Decision {
	d := Decision{Stack: *s, Name: s.Name, Branch: s.Tags[TagBranch], Idle: p.Now.Sub(LastActivity(s))}
	switch {
	case !Managed(s):
		d.Reason = "not managed by stackctl"
	case d.Branch == "":
		d.Reason = "not a branch stack (permanent)"
	case p.Permanent[s.Tags[TagEnv]]:
		d.Reason = "environment " + s.Tags[TagEnv] + " is permanent (config)"
	case s.Protected:
		d.Reason = "termination protection is on"
	case deploy.InProgress(s.Status):
		d.Reason = "busy: " + s.Status
	case p.Live != nil && !p.Live[d.Branch]:
		d.Delete, d.Reason = true, "branch is gone"
	case p.OlderThan > 0 && d.Idle > p.OlderThan:
		d.Delete, d.Reason = true, fmt.Sprintf("idle %s, over %s", Round(d.Idle), Round(p.OlderThan))
	default:
		d.Reason = "active"
	}
	return d
}

// Round shortens a duration for people: days and hours, or minutes.
func Round(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%dd%dh", int(d.Hours())/24, int(d.Hours())%24)
	case d >= time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dm", int(d.Minutes()))
}
