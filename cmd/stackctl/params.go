package main

import (
	"strconv"
	"strings"

	"github.com/stackctl/stackctl/internal/build"
)

// parseParams reads --param KEY=VALUE pairs: the value is everything after
// the first "=" (it may hold "=" itself, or be empty); a key must be
// non-empty and a repeated key is a mistake, not a silent override.
func parseParams(kvs []string) (map[string]string, error) {
	params := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("--param %q: want KEY=VALUE", kv)
		}
		if _, dup := params[k]; dup {
			return nil, usagef("--param %q given twice", k)
		}
		params[k] = v
	}
	return params, nil
}

// checkSizes applies the config's capacity rules to the sizes --param
// overrides, so that MinSize=5 MaxSize=2 is refused here, with nothing
// changed, rather than by a rollback after the change set ran.
func checkSizes(c build.Capacity, params map[string]string) error {
	sizes := map[string]*int{"MinSize": &c.Min, "MaxSize": &c.Max, "DesiredCapacity": &c.Desired}
	for _, name := range []string{"MinSize", "MaxSize", "DesiredCapacity", "Cooldown"} {
		v, ok := params[name]
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return usagef("--param %s=%q: want a whole number, 0 or more", name, v)
		}
		if p := sizes[name]; p != nil {
			*p = n
		}
	}
	switch {
	case c.Max < 1:
		return usagef("--param MaxSize=%d: must be at least 1", c.Max)
	case c.Min > c.Max:
		return usagef("--param: MinSize (%d) is greater than MaxSize (%d)", c.Min, c.Max)
	case c.Desired < c.Min || c.Desired > c.Max:
		return usagef("--param: DesiredCapacity (%d) must be between MinSize (%d) and MaxSize (%d)", c.Desired, c.Min, c.Max)
	}
	return nil
}
