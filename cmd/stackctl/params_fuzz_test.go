package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/stackctl/stackctl/internal/build"
)

// FuzzParams: --param parsing never panics; it either refuses with a
// one-line usage error (exit 2) or returns exactly the pairs given, with
// every value intact, and the size check on top of it behaves the same.
func FuzzParams(f *testing.F) {
	f.Add("MaxSize=6\x00MinSize=1")
	f.Add("Key=a=b=c")
	f.Add("=value")
	f.Add("novalue")
	f.Add("Empty=")
	f.Add("MinSize=5\x00MaxSize=2")
	f.Add("DesiredCapacity=-1")
	f.Add("MaxSize=99999999999999999999")
	f.Add("A=1\x00A=2")
	f.Add("ünï=ブ\x00\xff=\xfe")
	f.Fuzz(func(t *testing.T, joined string) {
		kvs := strings.Split(joined, "\x00")
		params, err := parseParams(kvs)
		if err != nil {
			requireUsage(t, err)
			return
		}
		if len(params) != len(kvs) {
			t.Fatalf("%q: %d pairs from %d arguments", kvs, len(params), len(kvs))
		}
		for _, kv := range kvs {
			k, v, _ := strings.Cut(kv, "=")
			if params[k] != v {
				t.Fatalf("%q: %s=%q, want %q", kvs, k, params[k], v)
			}
		}
		if err := checkSizes(build.Capacity{Min: 1, Max: 4, Desired: 2}, params); err != nil {
			requireUsage(t, err)
		}
	})
}

func requireUsage(t *testing.T, err error) {
	t.Helper()
	var ue *usageError
	if !errors.As(err, &ue) || exitCode(err) != exitUsage {
		t.Fatalf("not a usage error: %v", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("multi-line error: %q", err)
	}
}
