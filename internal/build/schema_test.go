package build

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/invopop/jsonschema"
	validator "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const schemaPath = "../../schema/stackctl.schema.json"

// configSchema reflects the JSON Schema of the config file from the Go
// types and their doc comments, so the two cannot drift.
func configSchema(t *testing.T) []byte {
	t.Helper()
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		AllowAdditionalProperties:  false,
		RequiredFromJSONSchemaTags: true,
		Mapper: func(typ reflect.Type) *jsonschema.Schema {
			if typ == reflect.TypeFor[Duration]() {
				return &jsonschema.Schema{Type: "string", Pattern: `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`,
					Description: "a duration such as 90s, 15m or 1h30m"}
			}
			return nil
		},
	}
	require.NoError(t, r.AddGoComments("github.com/stackctl/stackctl/internal/build", "./"))
	s := r.Reflect(&file{})
	s.ID = "https://github.com/stackctl/stackctl/schema/stackctl.schema.json"
	s.Title = "stackctl configuration"
	b, err := json.MarshalIndent(s, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

func TestSchemaInSync(t *testing.T) {
	got := configSchema(t)
	if *update {
		require.NoError(t, os.WriteFile(schemaPath, got, 0o644))
		return
	}
	want, err := os.ReadFile(schemaPath)
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "schema/stackctl.schema.json is stale: run go test ./internal/build -run TestSchema -update")
}

// Every example and the embedded default validate against the published
// schema, and a typo does not.
func TestSchemaValidatesExamples(t *testing.T) {
	c := validator.NewCompiler()
	doc, err := validator.UnmarshalJSON(bytes.NewReader(configSchema(t)))
	require.NoError(t, err)
	require.NoError(t, c.AddResource("stackctl.schema.json", doc))
	sch, err := c.Compile("stackctl.schema.json")
	require.NoError(t, err)
	validate := func(data []byte) error {
		var v any
		require.NoError(t, yaml.Unmarshal(data, &v))
		b, err := json.Marshal(v)
		require.NoError(t, err)
		inst, err := validator.UnmarshalJSON(bytes.NewReader(b))
		require.NoError(t, err)
		return sch.Validate(inst)
	}
	files := exampleConfigs(t)
	files = append(files, "../../templates/default.yaml")
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, validate(data), f)
	}
	require.Error(t, validate([]byte("environment: x\ncapacity: {mn: 1}\n")))
	require.Error(t, validate([]byte("environment: x\ninstances: {launch: spot}\n")))
}
