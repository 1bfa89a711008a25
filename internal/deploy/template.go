package deploy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"gopkg.in/yaml.v3"
)

// Template is what the deployer needs to know about a template body.
type Template struct {
	Body []byte
	// Resources maps logical id to resource type.
	Resources map[string]string
	// Parameters maps parameter name to whether it is NoEcho.
	Parameters   map[string]bool
	Capabilities []types.Capability
}

type rawTemplate struct {
	Transform  any `yaml:"Transform"`
	Parameters map[string]struct {
		NoEcho any `yaml:"NoEcho"`
	} `yaml:"Parameters"`
	Resources map[string]struct {
		Type       string         `yaml:"Type"`
		Properties map[string]any `yaml:"Properties"`
	} `yaml:"Resources"`
}

// ParseTemplate reads a YAML or JSON template body.
func ParseTemplate(body []byte) (*Template, error) {
	var raw rawTemplate
	if err := yaml.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	t := &Template{Body: body, Resources: map[string]string{}, Parameters: map[string]bool{}}
	for id, r := range raw.Resources {
		t.Resources[id] = r.Type
	}
	for name, p := range raw.Parameters {
		t.Parameters[name] = fmt.Sprint(p.NoEcho) == "true"
	}
	t.Capabilities = capabilities(raw)
	return t, nil
}

// capabilities returns what CloudFormation must be told the template does:
// IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, and a
// Transform CAPABILITY_AUTO_EXPAND.
func capabilities(raw rawTemplate) []types.Capability {
	var iam, named bool
	for _, r := range raw.Resources {
		if !strings.HasPrefix(r.Type, "AWS::IAM::") {
			continue
		}
		iam = true
		for _, k := range []string{"RoleName", "UserName", "GroupName", "ManagedPolicyName", "InstanceProfileName"} {
			if _, ok := r.Properties[k]; ok {
				named = true
			}
		}
	}
	var caps []types.Capability
	switch {
	case named:
		caps = append(caps, types.CapabilityCapabilityNamedIam)
	case iam:
		caps = append(caps, types.CapabilityCapabilityIam)
	}
	if raw.Transform != nil {
		caps = append(caps, types.CapabilityCapabilityAutoExpand)
	}
	return caps
}

// CheckParameters rejects a parameter the template does not declare.
func (t *Template) CheckParameters(params map[string]string) error {
	for k := range params {
		if _, ok := t.Parameters[k]; !ok {
			names := make([]string, 0, len(t.Parameters))
			for n := range t.Parameters {
				names = append(names, n)
			}
			sort.Strings(names)
			return fmt.Errorf("parameter %q is not in the template (it has: %s)", k, strings.Join(names, ", "))
		}
	}
	return nil
}
