package build

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/stackctl/stackctl/templates"
)

// MaxUserData is EC2's limit on user data, before base64 encoding.
const MaxUserData = 16 << 10

// UserData returns the UserData property: Fn::Base64 of Fn::Sub of a
// preamble that exports the stack's values, followed by the bootstrap body
// (embedded, or bootstrap.file) with every "${" escaped to "${!" so that
// Fn::Sub leaves the script's own expansions alone.
func UserData(c *Config) (string, error) {
	script, err := UserDataScript(c)
	if err != nil {
		return "", err
	}
	if n := MaxUserDataSize(script); n > MaxUserData {
		return "", c.errorAt("bootstrap", "user data can reach %d bytes; EC2 allows %d (shorten the bootstrap or agent script)", n, MaxUserData)
	}
	return Base64(Sub(script)), nil
}

// UserDataScript returns the Fn::Sub source of the user data.
func UserDataScript(c *Config) (string, error) {
	body, err := c.bootstrapBody()
	if err != nil {
		return "", err
	}
	tagSource := "api"
	if c.Instances.Launch == "template" {
		tagSource = "imds"
	}
	vars := [][2]string{
		{"STACKCTL_STACK", "${AWS::StackName}"},
		{"STACKCTL_REGION", "${AWS::Region}"},
		{"STACKCTL_RESOURCE", GroupID},
		{"STACKCTL_TAG_SOURCE", tagSource},
		{"STACKCTL_AGENT", c.Bootstrap.Agent},
		{"STACKCTL_RELEASE", fmt.Sprint(c.Bootstrap.Release)},
		{"STACKCTL_APP_PORT", fmt.Sprint(c.Instances.Port)},
	}
	if c.Bootstrap.Agent == "octopus" {
		o := c.Bootstrap.Octopus
		vars = append(vars,
			[2]string{"STACKCTL_OCTOPUS_SERVER", o.Server},
			[2]string{"STACKCTL_OCTOPUS_SPACE", o.Space},
			[2]string{"STACKCTL_OCTOPUS_POLICY", o.Policy},
			[2]string{"STACKCTL_OCTOPUS_PROJECT", o.Project},
			[2]string{"STACKCTL_OCTOPUS_API_KEY_PARAMETER", o.APIKeyParameter})
	}
	agentScript := ""
	if c.Bootstrap.Agent == "script" {
		agentScript = c.Bootstrap.Run
		if c.Bootstrap.Script != "" {
			b, err := os.ReadFile(c.path(c.Bootstrap.Script))
			if err != nil {
				return "", c.errorAt("bootstrap.script", "read agent script: %s", describeOpenError(err))
			}
			agentScript = string(b)
		}
		if err := checkSubSafe(c, "bootstrap.agent", agentScript); err != nil {
			return "", err
		}
		agentScript = escapeSub(agentScript)
	}
	var b strings.Builder
	if c.Bootstrap.OS == "windows" {
		b.WriteString("<powershell>\n")
		for _, v := range vars {
			fmt.Fprintf(&b, "$env:%s = '%s'\n", v[0], v[1])
		}
		if agentScript != "" {
			b.WriteString("$env:STACKCTL_AGENT_SCRIPT = \"$env:ProgramData\\stackctl\\agent.ps1\"\n")
			b.WriteString("New-Item -ItemType Directory -Force -Path (Split-Path $env:STACKCTL_AGENT_SCRIPT) | Out-Null\n")
			fmt.Fprintf(&b, "@'\n%s\n'@ | Set-Content -Path $env:STACKCTL_AGENT_SCRIPT -Encoding UTF8\n", strings.TrimRight(agentScript, "\n"))
		}
		b.WriteString(escapeSub(body))
		b.WriteString("\n</powershell>\n<persist>false</persist>\n")
	} else {
		b.WriteString("#!/bin/bash\n# stackctl bootstrap: the values below are filled in by CloudFormation.\n")
		for _, v := range vars {
			fmt.Fprintf(&b, "export %s='%s'\n", v[0], v[1])
		}
		if agentScript != "" {
			b.WriteString("export STACKCTL_AGENT_SCRIPT=/var/lib/stackctl/agent.sh\n")
			b.WriteString("mkdir -p /var/lib/stackctl\n")
			fmt.Fprintf(&b, "cat > \"$STACKCTL_AGENT_SCRIPT\" <<'STACKCTL_AGENT_EOF'\n%s\nSTACKCTL_AGENT_EOF\n", strings.TrimRight(agentScript, "\n"))
			b.WriteString("chmod 700 \"$STACKCTL_AGENT_SCRIPT\"\n")
		}
		b.WriteString(stripShebang(escapeSub(body)))
	}
	return b.String(), nil
}

// MaxUserDataSize is the largest the user data can become once CloudFormation
// substitutes the stack name (at most 128 characters) and region.
func MaxUserDataSize(subSource string) int {
	n := len(subSource)
	n += strings.Count(subSource, "${AWS::StackName}") * (128 - len("${AWS::StackName}"))
	n += strings.Count(subSource, "${AWS::Region}") * (20 - len("${AWS::Region}"))
	n -= strings.Count(subSource, "${!")
	return n
}

func escapeSub(s string) string { return strings.ReplaceAll(s, "${", "${!") }

// nestedSub finds "${" inside "${…}": Fn::Sub ends an escaped "${!…" at
// the first "}", so bash like ${a:-${b}} would reach the instance mangled.
var nestedSub = regexp.MustCompile(`\$\{[^}]*\$\{`)

func checkSubSafe(c *Config, key, script string) error {
	if m := nestedSub.FindStringIndex(script); m != nil {
		line := strings.Count(script[:m[0]], "\n") + 1
		return c.errorAt(key, "script line %d nests ${…} inside ${…}, which Fn::Sub cannot pass through; use an intermediate variable", line)
	}
	return nil
}

func stripShebang(s string) string {
	if strings.HasPrefix(s, "#!") {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return s[i+1:]
		}
	}
	return s
}

func (c *Config) bootstrapBody() (string, error) {
	if c.Bootstrap.File != "" {
		b, err := os.ReadFile(c.path(c.Bootstrap.File))
		if err != nil {
			return "", c.errorAt("bootstrap.file", "read bootstrap file: %s", describeOpenError(err))
		}
		return string(b), checkSubSafe(c, "bootstrap.file", string(b))
	}
	if c.Bootstrap.OS == "windows" {
		return templates.WindowsBootstrap, nil
	}
	return templates.LinuxBootstrap, nil
}

// path resolves a path from the config relative to the config's directory.
func (c *Config) path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}
