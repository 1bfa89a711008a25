package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		return p
	}
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\n"
	for i, prev := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		name := string(rune('b' + i))
		bomb += name + ": &" + name + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n"
	}
	big := write("big.yaml", "role: x\n"+strings.Repeat("# padding\n", MaxConfigSize/10+1))
	tests := []struct {
		name, path, env, want string
	}{
		{"missing file", filepath.Join(dir, "nope.yaml"), "", "nope.yaml: no such file"},
		{"a directory", dir, "", "is a directory"},
		{"empty", write("empty.yaml", ""), "", "empty.yaml: empty config"},
		{"binary", write("bin.yaml", "\x7fELF\x00\x01"), "", "bin.yaml: not a text file"},
		{"too large", big, "", "big.yaml: larger than 1024 KiB"},
		{"unknown key", write("unknown.yaml", "environment: P\nrole: W\ncapacity:\n  mn: 1\n"), "", `unknown.yaml:4: unknown key "mn"`},
		{"unknown key in environment", write("unknown-env.yaml", "environment: P\nenvironments:\n  P:\n    capcity: {}\n"), "", `unknown-env.yaml:4: unknown key "capcity"`},
		{"wrong type", write("type.yaml", "environment: P\ncapacity:\n  min: two\n"), "", `type.yaml:3: string "two" is not a whole number`},
		{"wrong type list", write("type-list.yaml", "environment: P\nnetwork:\n  subnets: subnet-1\n"), "", `type-list.yaml:3: string "subnet-1" is not a list`},
		{"bad duration", write("dur.yaml", "environment: P\nbootstrap:\n  timeout: 15 minutes\n"), "", `dur.yaml:3: "15 minutes" is not a duration`},
		{"duplicate key", write("dup.yaml", "environment: P\nrole: a\nrole: b\n"), "", `dup.yaml:3: mapping key "role" already defined at line 2`},
		{"alias bomb", write("bomb.yaml", bomb), "", "bomb.yaml"},
		{"min > max", write("minmax.yaml", "environment: P\ncapacity:\n  min: 5\n  max: 2\n"), "", "minmax.yaml:3: capacity.min (5) is greater than capacity.max (2)"},
		{"negative", write("neg.yaml", "environment: P\ncapacity:\n  min: -1\n"), "", "neg.yaml:3: capacity.min is -1; it cannot be negative"},
		{"desired out of range", write("desired.yaml", "environment: P\ncapacity:\n  min: 1\n  max: 2\n  desired: 3\n"), "", "desired.yaml:5: capacity.desired (3) must be between min (1) and max (2)"},
		{"override min > max", write("ovr.yaml", "environment: P\ncapacity: {min: 1, max: 2}\nenvironments:\n  P:\n    capacity:\n      min: 3\n"), "", "ovr.yaml:6: capacity.min (3) is greater than capacity.max (2)"},
		{"unknown environment", write("env.yaml", "environment: staging\nenvironments:\n  production: {}\n"), "qa", `env.yaml: unknown environment "qa" (the file defines: production, staging)`},
		{"no environment", write("noenv.yaml", "role: Web\n"), "", "noenv.yaml: no environment: set environment: or pass --env"},
		{"bad stack template", write("tmpl.yaml", "environment: P\nstack: web-{{.Nope}}\n"), "", "tmpl.yaml:2: stack name template:"},
		{"stack name rules", write("name.yaml", "environment: P\nstack: 9web_{{.Env}}\n"), "", `name.yaml:2: stack name "9web_P": want a letter`},
		{"stack name length", write("long.yaml", "environment: P\nstack: "+strings.Repeat("a", 129)+"\n"), "", "long.yaml:2: stack name"},
		{"region", write("region.yaml", "environment: P\nregion: mars-1\n"), "", `region.yaml:2: region "mars-1" is not an AWS region name`},
		{"alb without subnets", write("alb.yaml", "environment: P\nloadBalancer:\n  type: application\n"), "", "alb.yaml:3: an application load balancer needs network.vpc"},
		{"bad enum", write("enum.yaml", "environment: P\ninstances:\n  launch: spot\n"), "", `enum.yaml:3: instances.launch "spot": want configuration or template`},
		{"octopus without key parameter", write("octo.yaml", "environment: P\nbootstrap:\n  agent: octopus\n  octopus:\n    server: https://o.example.com\n    policy: p\n"), "", "octo.yaml:4: bootstrap.octopus.apiKeyParameter"},
		{"reserved tag", write("tag.yaml", "environment: P\ntags:\n  aws:owner: me\n"), "", `tag.yaml:3: tag key "aws:owner": the aws: prefix is reserved`},
		{"param not a number", write("param.yaml", "environment: P\nparameters:\n  MaxSize: lots\n"), "", `param.yaml:3: parameters.MaxSize: "lots" is not a whole number`},
		{"nested substitution", write("nested.yaml", "environment: P\nbootstrap:\n  agent: script\n  run: |\n    echo ok\n    echo ${A:-${B}}\n"), "", "nested.yaml:3: script line 2 nests ${…} inside ${…}"},
		{"user data too large", write("big-run.yaml", "environment: P\nbootstrap:\n  agent: script\n  run: |\n"+strings.Repeat("    echo 0123456789012345678901234567890123456789\n", 200)), "", "big-run.yaml:2: user data can reach"},
		{"script file missing", write("script.yaml", "environment: P\nbootstrap:\n  agent: script\n  script: nope.sh\n"), "", "script.yaml:4: read agent script: no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(tc.path, tc.env)
			if err == nil {
				_, err = Build(c)
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
			require.NotContains(t, err.Error(), "\n", "errors are one line")
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
		})
	}
}

func TestParameterNotInTemplate(t *testing.T) {
	c, err := Parse("p.yaml", ".", []byte("environment: P\nparameters:\n  Nope: x\n"), "")
	require.NoError(t, err)
	_, err = Build(c)
	require.ErrorContains(t, err, `p.yaml:3: parameter "Nope" is not in the template`)
}

func TestEnvironmentOverlay(t *testing.T) {
	src := `
environment: staging
role: Web
tags: {team: a}
capacity: {min: 1, max: 2, desired: 1}
environments:
  production:
    role: Api
    tags: {tier: critical}
    capacity: {max: 6, desired: 3}
`
	c, err := Parse("o.yaml", ".", []byte(src), "production")
	require.NoError(t, err)
	require.Equal(t, "production", c.Env)
	require.Equal(t, "Api", c.Role)
	require.Equal(t, map[string]string{"team": "a", "tier": "critical"}, c.Tags, "maps merge")
	require.Equal(t, Capacity{Min: 1, Max: 6, Desired: 3, Cooldown: c.Capacity.Cooldown}, c.Capacity, "unset keys keep the base value")
	s, err := Parse("o.yaml", ".", []byte(src), "")
	require.NoError(t, err)
	require.Equal(t, "staging", s.Env)
	require.Equal(t, 2, s.Capacity.Max)
}

func TestDefaultConfig(t *testing.T) {
	c, err := Load("", "")
	require.NoError(t, err)
	require.Equal(t, "Production", c.Env)
	require.Equal(t, "Authoring", c.Role)
	name, err := c.StackName("")
	require.NoError(t, err)
	require.Equal(t, "web-Production", name)
}
