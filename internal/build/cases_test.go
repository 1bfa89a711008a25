package build

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// renderCase is one config resolved for one environment.
type renderCase struct {
	name string
	cfg  *Config
}

// variantBase is the default stack; variants change one axis at a time.
const variantBase = `
environment: Production
role: Authoring
`

// variants covers every combination of launch configuration/template,
// classic/application load balancer and default-VPC zones/given subnets
// (an ALB always lives in subnets).
var variants = map[string]string{
	"lc-classic-zones":   `instances: {launch: configuration}`,
	"lc-classic-subnets": "instances: {launch: configuration}\n" + subnets,
	"lc-alb-subnets":     "instances: {launch: configuration}\nloadBalancer: {type: application}\n" + subnets,
	"lt-classic-zones":   `instances: {launch: template}`,
	"lt-classic-subnets": "instances: {launch: template}\n" + subnets,
	"lt-alb-subnets":     "instances: {launch: template}\nloadBalancer: {type: application}\n" + subnets,
	"windows-lt":         "instances: {launch: template}\nbootstrap: {os: windows, agent: none}",
}

const subnets = `network: {vpc: vpc-0123456789abcdef0, subnets: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]}`

// renderCases lists the embedded default, every example in every
// environment it defines, and every variant.
func renderCases(t *testing.T) []renderCase {
	t.Helper()
	def, err := Load("", "")
	require.NoError(t, err)
	cases := []renderCase{{"default", def}}
	examples := exampleConfigs(t)
	require.NotEmpty(t, examples)
	for _, path := range examples {
		base, err := Load(path, "")
		require.NoError(t, err, path)
		envs := slices.Compact(slices.Sorted(slices.Values(append([]string{base.Env}, base.Envs...))))
		for _, env := range envs {
			c, err := Load(path, env)
			require.NoError(t, err, "%s --env %s", path, env)
			cases = append(cases, renderCase{strings.TrimSuffix(filepath.Base(path), ".yaml") + "-" + env, c})
		}
	}
	for _, name := range slices.Sorted(mapsKeys(variants)) {
		c, err := Parse(name, ".", []byte(variantBase+variants[name]), "")
		require.NoError(t, err, name)
		cases = append(cases, renderCase{"variant-" + name, c})
	}
	return cases
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestRender(t *testing.T) {
	for _, tc := range renderCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Render(tc.cfg, YAML)
			require.NoError(t, err)
			golden(t, "yaml", got)
			again, err := Render(tc.cfg, YAML)
			require.NoError(t, err)
			require.Equal(t, got, again, "render is not deterministic")
		})
	}
}

func TestRenderJSON(t *testing.T) {
	c, err := Load("", "")
	require.NoError(t, err)
	got, err := Render(c, JSON)
	require.NoError(t, err)
	golden(t, "json", got)
}

// Every example must at least load in every environment: a rotten example
// fails here even before its golden file is compared.
func TestExamplesLoad(t *testing.T) {
	examples := exampleConfigs(t)
	for _, path := range examples {
		_, err := os.Stat(path)
		require.NoError(t, err)
		_, err = Load(path, "")
		require.NoError(t, err, path)
	}
}

// exampleConfigs lists every stackctl config under examples/ (the CI
// workflow files there end in .yml and are checked by cmd/stackctl).
func exampleConfigs(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../../examples/*.yaml", "../../examples/*/*.yaml"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	return files
}
