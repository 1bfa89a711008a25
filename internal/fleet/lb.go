package fleet

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
)

// NotRegistered is the load-balancer state of a group instance the load
// balancer does not know.
const NotRegistered = "NotRegistered"

// lbState is an instance's state in the load balancer and, when it is not
// in service, why.
type lbState struct {
	state, reason string
	ok            bool
}

// lbStates reads the state of every instance the load balancer knows,
// by instance id. Asking for all of them (no instance list) keeps a
// deregistered group instance from turning into an API error.
func (c *Checker) lbStates(ctx context.Context) (map[string]lbState, error) {
	lb := c.Target.LoadBalancer
	switch lb.Kind {
	case LBNone:
		return nil, nil
	case LBClassic:
		if c.ELB == nil {
			return nil, errors.New("no elastic load balancing client")
		}
		return classicStates(ctx, c.ELB, lb.Name)
	case LBApplication:
		if c.TargetGroups == nil {
			return nil, errors.New("no elastic load balancing v2 client")
		}
		return targetStates(ctx, c.TargetGroups, lb.TargetGroupARN)
	}
	return nil, fmt.Errorf("unknown load balancer kind %q", lb.Kind)
}

func classicStates(ctx context.Context, api ClassicELB, name string) (map[string]lbState, error) {
	out, err := api.DescribeInstanceHealth(ctx, &elb.DescribeInstanceHealthInput{LoadBalancerName: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("describe instance health of load balancer %s: %w", name, err)
	}
	states := make(map[string]lbState, len(out.InstanceStates))
	for _, s := range out.InstanceStates {
		state := aws.ToString(s.State)
		states[aws.ToString(s.InstanceId)] = lbState{
			state: state, ok: state == "InService",
			reason: reason(aws.ToString(s.ReasonCode), aws.ToString(s.Description)),
		}
	}
	return states, nil
}

// targetStates keeps, for an instance registered on several ports, its
// worst state.
func targetStates(ctx context.Context, api TargetGroups, arn string) (map[string]lbState, error) {
	out, err := api.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("describe target health of %s: %w", arn, err)
	}
	states := make(map[string]lbState, len(out.TargetHealthDescriptions))
	for _, d := range out.TargetHealthDescriptions {
		if d.Target == nil || d.TargetHealth == nil {
			continue
		}
		id, h := aws.ToString(d.Target.Id), d.TargetHealth
		s := lbState{state: string(h.State), ok: h.State == "healthy", reason: reason(string(h.Reason), aws.ToString(h.Description))}
		if prev, seen := states[id]; !seen || prev.ok {
			states[id] = s
		}
	}
	return states, nil
}

// reason joins a reason code and a description, dropping moto's and
// AWS's "N/A" placeholders.
func reason(code, desc string) string {
	var parts []string
	for _, p := range []string{code, desc} {
		if p != "" && p != "N/A" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ": ")
}
