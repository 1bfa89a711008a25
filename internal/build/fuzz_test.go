package build

import (
	"strings"
	"testing"
)

// FuzzParse: no input makes the config parser panic, and every error it
// returns is one line.
func FuzzParse(f *testing.F) {
	f.Add([]byte("environment: P\nrole: W\n"), "")
	f.Add([]byte("environment: P\nenvironments:\n  Q: {capacity: {min: 2}}\n"), "Q")
	f.Add([]byte("a: &a [*a]\n"), "")
	f.Add([]byte("environment: P\ncapacity: {min: -1}\n"), "")
	f.Add([]byte("stack: '{{.Branch}}'\nenvironment: P\n"), "")
	f.Add([]byte("\x00\xff"), "")
	f.Fuzz(func(t *testing.T, data []byte, env string) {
		c, err := Parse("fuzz.yaml", t.TempDir(), data, env)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		if _, err := Render(c, YAML); err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error: %q", err)
		}
	})
}

// FuzzStackName: every branch gives a valid stack name, and branches whose
// sanitised forms differ never share a stack.
func FuzzStackName(f *testing.F) {
	f.Add("feature/Login_Page", "feature-login-page")
	f.Add(strings.Repeat("x", 200), strings.Repeat("x", 201))
	f.Add("main", "Main")
	f.Add("ünïcødé/ブランチ", "--")
	c, err := Parse("name.yaml", ".", []byte("stack: app-{{.Env}}{{if .Branch}}-{{.Branch}}{{end}}\nenvironment: review\n"), "")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		na, err := c.StackName(a)
		if err != nil {
			t.Fatalf("branch %q: %v", a, err)
		}
		nb, err := c.StackName(b)
		if err != nil {
			t.Fatalf("branch %q: %v", b, err)
		}
		for _, n := range []string{na, nb} {
			if !ValidStackName(n) {
				t.Fatalf("invalid stack name %q", n)
			}
		}
		if SanitizeName(a) != SanitizeName(b) && na == nb {
			t.Fatalf("branches %q and %q collide on %q", a, b, na)
		}
	})
}
