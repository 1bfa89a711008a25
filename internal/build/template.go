package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Template is a CloudFormation template under construction. Resources hold
// goformation's typed service structs; Parameters and Outputs are ours,
// because goformation keeps its versions in the top-level package.
type Template struct {
	Description string
	Metadata    map[string]any
	Parameters  map[string]Parameter
	Resources   map[string]any
	Outputs     map[string]Output

	overrides []override
}

// Parameter is a template parameter.
type Parameter struct {
	Type                  string   `json:"Type"`
	Description           string   `json:"Description,omitempty"`
	Default               any      `json:"Default,omitempty"`
	AllowedPattern        string   `json:"AllowedPattern,omitempty"`
	AllowedValues         []string `json:"AllowedValues,omitempty"`
	ConstraintDescription string   `json:"ConstraintDescription,omitempty"`
	MinLength             *int     `json:"MinLength,omitempty"`
	MaxLength             *int     `json:"MaxLength,omitempty"`
	MinValue              *int     `json:"MinValue,omitempty"`
	MaxValue              *int     `json:"MaxValue,omitempty"`
	NoEcho                bool     `json:"NoEcho,omitempty"`
}

// Output is a template output, exported under ExportName when set.
type Output struct {
	Description string  `json:"Description,omitempty"`
	Value       string  `json:"Value"`
	Export      *export `json:"Export,omitempty"`
}

type export struct {
	Name string `json:"Name"`
}

// Exported returns an Output whose value is exported as
// "${AWS::StackName}-<suffix>".
func Exported(description, value, suffix string) Output {
	return Output{Description: description, Value: value, Export: &export{Name: Sub("${AWS::StackName}-" + suffix)}}
}

// override replaces one property of a resource after marshalling.
type override struct {
	resource string
	path     []string
	value    any
}

// Override sets a property of a resource after goformation has marshalled
// it. It is the one way to put what goformation's types cannot hold: an
// intrinsic in a numeric field (ResourceSignal Count), or an explicit zero
// that omitempty would drop (MinInstancesInService: 0). path is dotted and
// relative to the resource ("CreationPolicy.ResourceSignal.Count"); every
// part but the last must already exist, so a typo is an error, not a new key.
func (t *Template) Override(resource, path string, value any) {
	t.overrides = append(t.overrides, override{resource, strings.Split(path, "."), value})
}

// Tree returns the template as a decoded JSON tree with every intrinsic
// resolved and every override applied.
func (t *Template) Tree() (map[string]any, error) {
	doc := map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Resources":                t.Resources,
	}
	if t.Description != "" {
		doc["Description"] = t.Description
	}
	if len(t.Metadata) > 0 {
		doc["Metadata"] = t.Metadata
	}
	if len(t.Parameters) > 0 {
		doc["Parameters"] = t.Parameters
	}
	if len(t.Outputs) > 0 {
		doc["Outputs"] = t.Outputs
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("marshal template: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree map[string]any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("decode template: %w", err)
	}
	resources, _ := tree["Resources"].(map[string]any)
	for _, o := range t.overrides {
		if err := o.apply(resources); err != nil {
			return nil, err
		}
	}
	if _, err := resolve(tree); err != nil {
		return nil, fmt.Errorf("resolve intrinsics: %w", err)
	}
	return tree, nil
}

func (o override) apply(resources map[string]any) error {
	where := o.resource + "." + strings.Join(o.path, ".")
	node, ok := resources[o.resource].(map[string]any)
	if !ok {
		return fmt.Errorf("override %s: no resource %q", where, o.resource)
	}
	for _, key := range o.path[:len(o.path)-1] {
		next, ok := node[key].(map[string]any)
		if !ok {
			return fmt.Errorf("override %s: no %q", where, key)
		}
		node = next
	}
	// Round-trip the value so that it holds only JSON types and markers.
	raw, err := json.Marshal(o.value)
	if err != nil {
		return fmt.Errorf("override %s: %w", where, err)
	}
	v, err := decodeIntrinsic(string(raw))
	if err != nil {
		return fmt.Errorf("override %s: %w", where, err)
	}
	node[o.path[len(o.path)-1]] = v
	return nil
}
