package build

import (
	"encoding/json"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/autoscaling"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/stretchr/testify/require"
)

func renderJSON(t *testing.T, tmpl *Template) map[string]any {
	t.Helper()
	tree, err := tmpl.Tree()
	require.NoError(t, err)
	b, err := encode(tree, JSON)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out["Resources"].(map[string]any)["G"].(map[string]any)
}

func TestIntrinsics(t *testing.T) {
	tmpl := &Template{Resources: map[string]any{"G": &autoscaling.AutoScalingGroup{
		MinSize:           Ref("MinSize"),
		MaxSize:           "3",
		AvailabilityZones: List(GetAZs("")),
		VPCZoneIdentifier: List(Ref("Subnets")),
		LoadBalancerNames: []string{Ref("LB"), "literal"},
		Context:           ptr(Base64(Sub("${AWS::StackName} ${!Literal}"))),
		// A hand-written intrinsic map in a free-form field stays exactly
		// as written: nothing is evaluated (goformation would render
		// us-east-1 here).
		AWSCloudFormationMetadata: map[string]any{"raw": map[string]any{"Ref": "AWS::Region"}},
	}}}
	g := renderJSON(t, tmpl)
	props := g["Properties"].(map[string]any)
	require.Equal(t, map[string]any{"Ref": "MinSize"}, props["MinSize"])
	require.Equal(t, "3", props["MaxSize"])
	require.Equal(t, map[string]any{"Fn::GetAZs": ""}, props["AvailabilityZones"], "a list intrinsic must not nest in a list")
	require.Equal(t, map[string]any{"Ref": "Subnets"}, props["VPCZoneIdentifier"])
	require.Equal(t, []any{map[string]any{"Ref": "LB"}, "literal"}, props["LoadBalancerNames"])
	require.Equal(t, map[string]any{"Fn::Base64": map[string]any{"Fn::Sub": "${AWS::StackName} ${!Literal}"}}, props["Context"])
	require.Equal(t, map[string]any{"raw": map[string]any{"Ref": "AWS::Region"}}, g["Metadata"])
}

func TestListIntrinsicAsScalarFails(t *testing.T) {
	tmpl := &Template{Resources: map[string]any{"G": &autoscaling.AutoScalingGroup{
		MinSize: List(GetAZs(""))[0],
	}}}
	_, err := tmpl.Tree()
	require.ErrorContains(t, err, "list intrinsic used as a single value")
}

func TestOverride(t *testing.T) {
	newGroup := func() *Template {
		return &Template{Resources: map[string]any{"G": &autoscaling.AutoScalingGroup{
			MinSize: "1", MaxSize: "2",
			AWSCloudFormationCreationPolicy: &policies.CreationPolicy{ResourceSignal: &policies.ResourceSignal{Timeout: "PT5M"}},
			AWSCloudFormationUpdatePolicy: &policies.UpdatePolicy{AutoScalingRollingUpdate: &policies.AutoScalingRollingUpdate{
				MinInstancesInService: 0, // omitempty drops it
			}},
		}}}
	}
	t.Run("ref in a numeric field and an explicit zero", func(t *testing.T) {
		tmpl := newGroup()
		tmpl.Override("G", "CreationPolicy.ResourceSignal.Count", Ref("DesiredCapacity"))
		tmpl.Override("G", "UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService", 0)
		g := renderJSON(t, tmpl)
		require.Equal(t, map[string]any{"Count": map[string]any{"Ref": "DesiredCapacity"}, "Timeout": "PT5M"},
			g["CreationPolicy"].(map[string]any)["ResourceSignal"])
		require.Equal(t, float64(0), g["UpdatePolicy"].(map[string]any)["AutoScalingRollingUpdate"].(map[string]any)["MinInstancesInService"])
	})
	t.Run("a typo is an error, not a new key", func(t *testing.T) {
		tmpl := newGroup()
		tmpl.Override("G", "CreationPolicy.ResourceSignals.Count", 1)
		_, err := tmpl.Tree()
		require.ErrorContains(t, err, `no "ResourceSignals"`)
	})
	t.Run("an unknown resource is an error", func(t *testing.T) {
		tmpl := newGroup()
		tmpl.Override("H", "Properties.MinSize", 1)
		_, err := tmpl.Tree()
		require.ErrorContains(t, err, `no resource "H"`)
	})
}

func TestIsoDuration(t *testing.T) {
	for s, want := range map[int]string{0: "PT0S", 59: "PT59S", 900: "PT15M", 5400: "PT1H30M", 3661: "PT1H1M1S"} {
		require.Equal(t, want, isoDuration(s))
	}
}
