package build

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Intrinsic functions.
//
// goformation's typed resources hold intrinsics in string fields. Its own
// helpers (cloudformation.Ref, Sub, …) live in the top-level cloudformation
// package, which imports all 247 service packages, and its Template.JSON
// *evaluates* any intrinsic-shaped map it meets with fake values. We use
// only the service packages (see doc.go) and encode intrinsics ourselves:
// a helper returns a marker string carrying the intrinsic's JSON, and
// resolve replaces every marker with the intrinsic after marshalling.
// Nothing is ever evaluated.
//
// A list-returning intrinsic (Fn::GetAZs, Ref to a List<…> parameter) is
// wrapped by List: the one-element []string{marker} renders as the bare
// intrinsic, never as a list inside a list (goformation #282, #678).

// markerPrefix cannot occur in a template value: it starts with a NUL byte.
const (
	markerPrefix     = "\x00cfn:"
	listMarkerPrefix = "\x00cfn-list:"
)

func marker(fn string, arg any) string {
	b, err := json.Marshal(map[string]any{fn: arg})
	if err != nil {
		panic(fmt.Sprintf("build: marshal %s: %v", fn, err)) // arguments are strings and slices of them
	}
	return markerPrefix + string(b)
}

// Ref refers to a parameter or a resource.
func Ref(name string) string { return marker("Ref", name) }

// GetAtt reads an attribute of a resource.
func GetAtt(resource, attribute string) string {
	return marker("Fn::GetAtt", []string{resource, attribute})
}

// Sub substitutes ${Name} references in s at deploy time.
func Sub(s string) string { return marker("Fn::Sub", s) }

// Base64 encodes value (usually a Sub) for UserData.
func Base64(value string) string { return marker("Fn::Base64", rawArg(value)) }

// GetAZs lists the Availability Zones of region ("" for the stack's region).
// It returns a list: use it through List.
func GetAZs(region string) string { return marker("Fn::GetAZs", region) }

// List marks a list-returning intrinsic for a []string field.
func List(intrinsic string) []string {
	return []string{listMarkerPrefix + strings.TrimPrefix(intrinsic, markerPrefix)}
}

// rawArg lets a marker nest inside another intrinsic.
type rawArg string

func (r rawArg) MarshalJSON() ([]byte, error) {
	if s, ok := strings.CutPrefix(string(r), markerPrefix); ok {
		return []byte(s), nil
	}
	return json.Marshal(string(r))
}

// resolve walks a decoded JSON tree and replaces markers with intrinsics.
func resolve(v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			r, err := resolve(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			v[k] = r
		}
		return v, nil
	case []any:
		if len(v) == 1 {
			if s, ok := v[0].(string); ok {
				if js, ok := strings.CutPrefix(s, listMarkerPrefix); ok {
					return decodeIntrinsic(js)
				}
			}
		}
		for i, e := range v {
			r, err := resolve(e)
			if err != nil {
				return nil, err
			}
			v[i] = r
		}
		return v, nil
	case string:
		if js, ok := strings.CutPrefix(v, markerPrefix); ok {
			return decodeIntrinsic(js)
		}
		if strings.HasPrefix(v, listMarkerPrefix) {
			return nil, fmt.Errorf("list intrinsic used as a single value")
		}
		return v, nil
	default:
		return v, nil
	}
}

func decodeIntrinsic(js string) (any, error) {
	d := json.NewDecoder(strings.NewReader(js))
	d.UseNumber()
	var out any
	if err := d.Decode(&out); err != nil {
		return nil, fmt.Errorf("decode intrinsic %q: %w", js, err)
	}
	return out, nil
}
