package fleet

import (
	"fmt"

	"github.com/stackctl/stackctl/internal/build"
)

// LBKind says which load balancer fronts the group.
type LBKind string

// The load balancer kinds; LBNone skips the load-balancer check.
const (
	LBNone        LBKind = ""
	LBClassic     LBKind = "classic"
	LBApplication LBKind = "application"
)

// LoadBalancer names the load balancer the instances must be in service
// with: Name for a classic one, TargetGroupARN for an application one.
type LoadBalancer struct {
	Kind           LBKind
	Name           string
	TargetGroupARN string
}

// LaunchTemplate is an expected launch template. Version is a number,
// "$Latest" or "$Default"; empty means the version the group is set to.
type LaunchTemplate struct {
	ID, Version string
}

// Target says what to verify. LaunchConfiguration or LaunchTemplate is
// the configuration the stack wants; when both are empty the group's own
// is expected. Tags are the values every instance must carry (normally
// Environment and Role).
type Target struct {
	Group               string
	LoadBalancer        LoadBalancer
	LaunchConfiguration string
	LaunchTemplate      *LaunchTemplate
	Tags                map[string]string
}

// TargetFrom builds the Target of a stack rendered by internal/build from
// its resources' physical ids by logical id (DescribeStackResources) and
// the Environment and Role the stack was deployed with. The template's
// version is left to the group, which stackctl pins to the template's
// LatestVersionNumber.
func TargetFrom(physical map[string]string, env, role string) (Target, error) {
	t := Target{Group: physical[build.GroupID], Tags: map[string]string{}}
	if t.Group == "" {
		return Target{}, fmt.Errorf("stack has no %s resource", build.GroupID)
	}
	switch {
	case physical[build.ClassicLBID] != "":
		t.LoadBalancer = LoadBalancer{Kind: LBClassic, Name: physical[build.ClassicLBID]}
	case physical[build.TargetGroupID] != "":
		t.LoadBalancer = LoadBalancer{Kind: LBApplication, TargetGroupARN: physical[build.TargetGroupID]}
	}
	for k, v := range map[string]string{"Environment": env, "Role": role} {
		if v != "" {
			t.Tags[k] = v
		}
	}
	if id := physical[build.LaunchTemplateID]; id != "" {
		t.LaunchTemplate = &LaunchTemplate{ID: id}
	} else {
		t.LaunchConfiguration = physical[build.LaunchConfigID]
	}
	return t, nil
}
