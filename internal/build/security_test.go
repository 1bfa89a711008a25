package build

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// octopusKey is the shape of an Octopus API key (API-…).
var octopusKey = regexp.MustCompile(`API-[A-Z0-9]{16,}`)

// TestSecureByDefault checks every rendered variant for the properties the
// design promises: IMDSv2 required, instances reachable only from the load
// balancer, the open internet only on the listener port, no "*" IAM
// action, SSM reads scoped to the stack's own path (and the Octopus key),
// encrypted volumes, no secret in the template.
func TestSecureByDefault(t *testing.T) {
	for _, tc := range renderCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			body, err := Render(tc.cfg, JSON)
			require.NoError(t, err)
			var doc struct {
				Resources map[string]struct {
					Type       string
					Properties map[string]any
				}
			}
			require.NoError(t, json.Unmarshal(body, &doc))
			for id, r := range doc.Resources {
				props, _ := json.Marshal(r.Properties)
				switch r.Type {
				case "AWS::EC2::SecurityGroup":
					for _, rule := range r.Properties["SecurityGroupIngress"].([]any) {
						in := rule.(map[string]any)
						if in["CidrIp"] == "0.0.0.0/0" {
							require.Equal(t, LoadBalancerSGID, id, "only the load balancer is open to the internet")
							require.EqualValues(t, tc.cfg.LoadBalancer.Port, in["FromPort"])
							require.EqualValues(t, tc.cfg.LoadBalancer.Port, in["ToPort"])
						}
						if id == InstanceSGID {
							require.Equal(t, map[string]any{"Fn::GetAtt": []any{LoadBalancerSGID, "GroupId"}}, in["SourceSecurityGroupId"])
							require.NotContains(t, in, "CidrIp")
						}
					}
				case "AWS::AutoScaling::LaunchConfiguration":
					require.Contains(t, string(props), `"HttpTokens":"required"`)
					require.Contains(t, string(props), `"Encrypted":true`)
				case "AWS::EC2::LaunchTemplate":
					require.Contains(t, string(props), `"HttpTokens":"required"`)
					require.Contains(t, string(props), `"Encrypted":true`)
				case "AWS::IAM::Role":
					for _, p := range r.Properties["Policies"].([]any) {
						for _, s := range p.(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
							st := s.(map[string]any)
							for _, a := range st["Action"].([]any) {
								require.NotContains(t, a, "*", "no wildcard actions")
							}
							if st["Resource"] == "*" {
								require.Equal(t, []any{"ec2:DescribeTags"}, st["Action"], "only DescribeTags, which has no resource scoping, may use Resource *")
							}
						}
					}
				}
			}
			require.False(t, octopusKey.Match(body), "no Octopus API key in the template")
		})
	}
}
