package build

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format is an output format of Render.
type Format string

// The formats Render writes.
const (
	YAML Format = "yaml"
	JSON Format = "json"
)

// keyOrder puts the keys a reader looks for first in a fixed order; all
// other keys follow sorted. The order is part of the rendered bytes, so it
// never depends on map iteration.
var keyOrder = []string{
	"Type", "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings",
	"Conditions", "Resources", "Outputs",
	"Condition", "DependsOn", "Properties", "CreationPolicy", "UpdatePolicy",
	"DeletionPolicy", "UpdateReplacePolicy",
}

func orderedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if i := slices.Index(keyOrder, k); i >= 0 {
			return i
		}
		return len(keyOrder)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return keys
}

// encode writes a decoded JSON tree in the given format.
func encode(tree any, format Format) ([]byte, error) {
	switch format {
	case JSON:
		var b bytes.Buffer
		if err := writeJSON(&b, tree, ""); err != nil {
			return nil, err
		}
		b.WriteByte('\n')
		return b.Bytes(), nil
	case YAML, "":
		var b bytes.Buffer
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(yamlNode(tree)); err != nil {
			return nil, fmt.Errorf("encode yaml: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("encode yaml: %w", err)
		}
		return b.Bytes(), nil
	default:
		return nil, fmt.Errorf("unknown format %q (want yaml or json)", format)
	}
}

func writeJSON(b *bytes.Buffer, v any, indent string) error {
	inner := indent + "  "
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteString("{\n")
		for i, k := range orderedKeys(v) {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(inner)
			writeScalar(b, k)
			b.WriteString(": ")
			if err := writeJSON(b, v[k], inner); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + "}")
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteString("[\n")
		for i, e := range v {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(inner)
			if err := writeJSON(b, e, inner); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + "]")
	case string, json.Number, bool, nil:
		writeScalar(b, v)
	default:
		return fmt.Errorf("encode json: unexpected %T", v)
	}
	return nil
}

func writeScalar(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false) // keep <powershell> readable
	_ = enc.Encode(v)        // strings, numbers, bools and nil always encode
	b.Truncate(b.Len() - 1)  // Encode appends a newline
}

func yamlNode(v any) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode}
		for _, k := range orderedKeys(v) {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, yamlNode(v[k]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range v {
			n.Content = append(n.Content, yamlNode(e))
		}
		return n
	case string:
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
		if strings.Contains(v, "\n") {
			n.Style = yaml.LiteralStyle
		}
		return n
	case json.Number:
		tag := "!!int"
		if strings.ContainsAny(string(v), ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(v)}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
	default:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	}
}
