package fleet

import (
	"fmt"
	"strings"
	"time"
)

// Instance is one row of the fleet table.
type Instance struct {
	InstanceID string `json:"instanceId"`
	Zone       string `json:"zone"`
	// Lifecycle and Health are the group's view (InService, Pending, …;
	// Healthy, Unhealthy).
	Lifecycle string `json:"lifecycle"`
	Health    string `json:"health"`
	// Config is the launch configuration name, or "lt-…:version".
	Config string `json:"config"`
	// LoadBalancer is the instance's state there: InService/OutOfService
	// (classic), healthy/unhealthy/initial/draining/… (target group),
	// NotRegistered, or empty when no load balancer is checked.
	LoadBalancer string `json:"loadBalancer,omitempty"`
	TagsOK       bool   `json:"tagsOk"`
	// Stale says the instance is not on the current configuration: an
	// instance refresh replaces it.
	Stale    bool     `json:"stale"`
	Problems []string `json:"problems,omitempty"`
}

// OK says the instance has no problem.
func (i Instance) OK() bool { return len(i.Problems) == 0 }

// Report is one look at the fleet.
type Report struct {
	Time  time.Time `json:"time"`
	Group string    `json:"group"`
	// Config is the current configuration, written as Instance.Config is.
	Config    string `json:"config"`
	Desired   int    `json:"desired"`
	InService int    `json:"inService"`
	Ready     int    `json:"ready"`
	// Instances are the group's instances, sorted by id.
	Instances []Instance `json:"instances"`
	// Problems are the group's own: too few instances in service, a group
	// set to another configuration than the stack's.
	Problems []string `json:"problems,omitempty"`
}

// Converged says every instance and the group are free of problems.
func (r *Report) Converged() bool {
	if len(r.Problems) > 0 {
		return false
	}
	for _, i := range r.Instances {
		if !i.OK() {
			return false
		}
	}
	return true
}

// Stale returns the ids of the instances not on the current configuration.
func (r *Report) Stale() []string {
	var ids []string
	for _, i := range r.Instances {
		if i.Stale {
			ids = append(ids, i.InstanceID)
		}
	}
	return ids
}

// Failing lists every problem, one line each, instance problems as
// "i-…: why", then the group's.
func (r *Report) Failing() []string {
	var out []string
	for _, i := range r.Instances {
		for _, p := range i.Problems {
			out = append(out, i.InstanceID+": "+p)
		}
	}
	return append(out, r.Problems...)
}

// NotConvergedError says the fleet was still not right when Wait gave up.
// The command maps it to exit code 4.
type NotConvergedError struct {
	Group   string
	Timeout time.Duration
	Report  *Report
}

func (e *NotConvergedError) Error() string {
	msg := fmt.Sprintf("fleet of group %s did not converge within %s", e.Group, e.Timeout)
	if e.Report != nil {
		if f := e.Report.Failing(); len(f) > 0 {
			msg += ": " + strings.Join(f, "; ")
		}
	}
	return msg
}
