package deploy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// Change is one resource in a plan.
type Change struct {
	Action    string `json:"action"` // Add, Modify, Remove, Import, Dynamic
	LogicalID string `json:"logicalId"`
	Type      string `json:"type"`
	// Replacement is "True", "Conditional", "False" or "" (adds, removes).
	Replacement string `json:"replacement,omitempty"`
	// Properties are the changed property names; a name that forces
	// replacement carries " (replace)" or " (may replace)".
	Properties []string `json:"properties,omitempty"`
}

// Plan is what an operation will do.
type Plan struct {
	// Operation is "create" or "update".
	Operation string   `json:"operation"`
	Changes   []Change `json:"changes"`
	// ChangeSet is the change set's id (empty for a create by CreateStack).
	ChangeSet string `json:"changeSet,omitempty"`
}

// Summary counts a plan's changes.
type Summary struct {
	Add        int `json:"add"`
	Modify     int `json:"modify"`
	Replace    int `json:"replace"`
	MayReplace int `json:"mayReplace"`
	Remove     int `json:"remove"`
}

// Summary counts the changes by kind. A Modify that replaces counts only as
// a replacement.
func (p Plan) Summary() Summary {
	var s Summary
	for _, c := range p.Changes {
		switch {
		case c.Action == "Add" || c.Action == "Import":
			s.Add++
		case c.Action == "Remove":
			s.Remove++
		case c.Replacement == "True":
			s.Replace++
		case c.Replacement == "Conditional":
			s.MayReplace++
			s.Modify++
		default:
			s.Modify++
		}
	}
	return s
}

func (s Summary) String() string {
	out := fmt.Sprintf("%d to add, %d to modify, %d to replace, %d to remove", s.Add, s.Modify, s.Replace, s.Remove)
	if s.MayReplace > 0 {
		out += fmt.Sprintf(" (%d may be replaced)", s.MayReplace)
	}
	return out
}

// planFromTemplate is the plan of a create: every resource is an addition.
func planFromTemplate(t *Template) Plan {
	p := Plan{Operation: "create"}
	for id, typ := range t.Resources {
		p.Changes = append(p.Changes, Change{Action: "Add", LogicalID: id, Type: typ})
	}
	sortChanges(p.Changes)
	return p
}

func changeFromSDK(c types.Change) (Change, bool) {
	rc := c.ResourceChange
	if rc == nil {
		return Change{}, false
	}
	ch := Change{
		Action:      string(rc.Action),
		LogicalID:   aws.ToString(rc.LogicalResourceId),
		Type:        aws.ToString(rc.ResourceType),
		Replacement: string(rc.Replacement),
	}
	if ch.Action != "Modify" {
		ch.Replacement = ""
	}
	ch.Properties = changedProperties(rc.Details)
	return ch, true
}

// changedProperties lists each changed property once, marked when it
// forces a replacement.
func changedProperties(details []types.ResourceChangeDetail) []string {
	marks := map[string]string{}
	for _, d := range details {
		t := d.Target
		if t == nil {
			continue
		}
		name := aws.ToString(t.Name)
		if t.Attribute != types.ResourceAttributeProperties || name == "" {
			if name == "" {
				name = string(t.Attribute)
			}
		}
		switch t.RequiresRecreation {
		case types.RequiresRecreationAlways:
			marks[name] = " (replace)"
		case types.RequiresRecreationConditionally:
			if marks[name] == "" {
				marks[name] = " (may replace)"
			}
		default:
			if _, ok := marks[name]; !ok {
				marks[name] = ""
			}
		}
	}
	out := make([]string, 0, len(marks))
	for n, m := range marks {
		out = append(out, n+m)
	}
	sort.Strings(out)
	return out
}

func sortChanges(cs []Change) {
	order := map[string]int{"Remove": 0, "Modify": 1, "Add": 2}
	sort.SliceStable(cs, func(i, j int) bool {
		if oi, oj := order[cs[i].Action], order[cs[j].Action]; oi != oj {
			return oi < oj
		}
		return strings.Compare(cs[i].LogicalID, cs[j].LogicalID) < 0
	})
}
