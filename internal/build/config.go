package build

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/stackctl/stackctl/templates"
)

// MaxConfigSize bounds what Load reads: a config is a few kilobytes, and a
// 50 MB file is a mistake, not a config.
const MaxConfigSize = 1 << 20

// DefaultConfigName is how errors name the embedded default config.
const DefaultConfigName = "(embedded default)"

// Settings are the config keys that an environment may override.
type Settings struct {
	// Stack is the stack-name template, e.g. "web-{{.Env}}".
	Stack       string `yaml:"stack"`
	Region      string `yaml:"region"`
	Description string `yaml:"description"`
	// Role is the server role the instances take (the seed's OctopusRole).
	Role         string            `yaml:"role"`
	Tags         map[string]string `yaml:"tags"`
	Parameters   map[string]string `yaml:"parameters"`
	Capacity     Capacity          `yaml:"capacity"`
	Instances    Instances         `yaml:"instances"`
	LoadBalancer LoadBalancer      `yaml:"loadBalancer"`
	Network      Network           `yaml:"network"`
	Bootstrap    Bootstrap         `yaml:"bootstrap"`
	// S3Bucket receives templates over the 51,200-byte inline limit.
	S3Bucket              string `yaml:"s3Bucket"`
	TerminationProtection bool   `yaml:"terminationProtection"`
}

// Capacity sizes the Auto Scaling group. The values become the defaults of
// the MinSize, MaxSize, DesiredCapacity and Cooldown parameters.
type Capacity struct {
	Min      int      `yaml:"min" jsonschema:"minimum=0"`
	Max      int      `yaml:"max" jsonschema:"minimum=1"`
	Desired  int      `yaml:"desired" jsonschema:"minimum=0"`
	Cooldown Duration `yaml:"cooldown"`
}

// Instances describes what the group launches.
type Instances struct {
	// Launch is "configuration" (AWS::AutoScaling::LaunchConfiguration) or
	// "template" (AWS::EC2::LaunchTemplate).
	Launch string `yaml:"launch" jsonschema:"enum=configuration,enum=template,default=configuration"`
	Type   string `yaml:"type"`
	// Image is an AMI id (ami-…) or a public SSM parameter path (/aws/…).
	Image      string `yaml:"image"`
	Port       int    `yaml:"port" jsonschema:"minimum=1,maximum=65535,default=80"`
	VolumeSize int    `yaml:"volumeSize" jsonschema:"minimum=1,maximum=16384"`
	KeyName    string `yaml:"keyName"`
}

// LoadBalancer describes the load balancer in front of the group.
type LoadBalancer struct {
	// Type is "classic" (ELB) or "application" (ALB).
	Type            string   `yaml:"type" jsonschema:"enum=classic,enum=application,default=classic"`
	Port            int      `yaml:"port" jsonschema:"minimum=1,maximum=65535,default=80"`
	HealthCheckPath string   `yaml:"healthCheckPath"`
	Draining        Duration `yaml:"draining"`
}

// Network places the stack. Without subnets the group spreads over the
// region's Availability Zones in the default VPC.
type Network struct {
	VPC     string   `yaml:"vpc"`
	Subnets []string `yaml:"subnets"`
}

// Bootstrap configures the UserData script each instance runs.
type Bootstrap struct {
	// OS is "linux" (bash) or "windows" (PowerShell).
	OS string `yaml:"os" jsonschema:"enum=linux,enum=windows,default=linux"`
	// File replaces the embedded bootstrap body with a file of your own.
	File string `yaml:"file"`
	// Timeout bounds one instance's bootstrap: the CreationPolicy and
	// rolling-update signal timeout, and (plus a margin) the health-check
	// grace period.
	Timeout Duration `yaml:"timeout"`
	// Agent is "none", "script" or "octopus".
	Agent string `yaml:"agent" jsonschema:"enum=none,enum=script,enum=octopus,default=none"`
	// Script is the file the "script" agent runs on the instance.
	Script string `yaml:"script"`
	// Run is an inline script for the "script" agent, instead of Script.
	Run string `yaml:"run"`
	// Release pulls the current release synchronously before signalling.
	Release bool    `yaml:"release"`
	Octopus Octopus `yaml:"octopus"`
}

// Octopus configures Tentacle registration.
type Octopus struct {
	Server  string `yaml:"server"`
	Space   string `yaml:"space"`
	Policy  string `yaml:"policy"`
	Project string `yaml:"project"`
	// APIKeyParameter names the SSM SecureString that holds the API key.
	// The key itself never appears in the config or the template.
	APIKeyParameter string `yaml:"apiKeyParameter"`
	// PruneBeforeDeploy makes deploy run `stackctl octopus prune` first and
	// stop, changing nothing, when the prune fails.
	PruneBeforeDeploy bool `yaml:"pruneBeforeDeploy"`
}

// Config is a configuration file resolved for one environment.
type Config struct {
	Settings
	// Env is the selected environment: the Environment parameter's default.
	Env string
	// Envs lists the environments the file defines, sorted.
	Envs []string
	// Permanent lists the environments gc never deletes.
	Permanent []string
	// File is the path the config came from (DefaultConfigName if embedded).
	File string
	// Dir resolves relative paths (bootstrap.file, bootstrap.script).
	Dir string

	root, overlay *yaml.Node
}

type file struct {
	Settings     `yaml:",inline"`
	Environment  string              `yaml:"environment"`
	Environments map[string]Settings `yaml:"environments"`
	// Permanent lists environments `stackctl gc` never deletes, whatever
	// their age or branch.
	Permanent []string `yaml:"permanent"`
}

// ConfigError is a problem in a config file, at a line when known.
type ConfigError struct {
	File string
	Line int
	Msg  string
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Load reads a config file ("" for the embedded default) and resolves it
// for env ("" for the file's default environment).
func Load(path, env string) (*Config, error) {
	if path == "" {
		return Parse(DefaultConfigName, ".", templates.DefaultConfig, env)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &ConfigError{File: path, Msg: describeOpenError(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
	if err != nil {
		return nil, &ConfigError{File: path, Msg: "cannot read: " + describeOpenError(err)}
	}
	if len(data) > MaxConfigSize {
		return nil, &ConfigError{File: path, Msg: fmt.Sprintf("larger than %d KiB; is this a config file?", MaxConfigSize>>10)}
	}
	dir := "."
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir = path[:i+1]
	}
	return Parse(path, dir, data, env)
}

func describeOpenError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// Parse decodes a config strictly (unknown keys, wrong types and duplicate
// keys are errors with their line) and resolves it for env.
func Parse(name, dir string, data []byte, env string) (*Config, error) {
	if bytes.IndexByte(data, 0) >= 0 || !utf8Valid(data) {
		return nil, &ConfigError{File: name, Msg: "not a text file"}
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ConfigError{File: name, Msg: "empty config"}
		}
		return nil, yamlError(name, err)
	}
	var f file
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&f); err != nil {
		return nil, yamlError(name, err)
	}
	c := &Config{Settings: f.Settings, File: name, Dir: dir, Permanent: f.Permanent, root: root.Content[0]}
	for e := range f.Environments {
		c.Envs = append(c.Envs, e)
	}
	slices.Sort(c.Envs)
	c.Env = f.Environment
	if env != "" {
		c.Env = env
	}
	if c.Env == "" {
		return nil, c.errorAt("environment", "no environment: set environment: or pass --env")
	}
	if env != "" && env != f.Environment && !slices.Contains(c.Envs, env) {
		have := append([]string{f.Environment}, c.Envs...)
		return nil, &ConfigError{File: name, Msg: fmt.Sprintf("unknown environment %q (the file defines: %s)", env, strings.Join(compact(have), ", "))}
	}
	if _, ok := f.Environments[c.Env]; ok {
		c.overlay = valueNode(c.root, "environments", c.Env)
		if err := c.overlay.Decode(&c.Settings); err != nil {
			return nil, yamlError(name, err)
		}
	}
	c.applyDefaults()
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func compact(s []string) []string {
	s = slices.DeleteFunc(s, func(v string) bool { return v == "" })
	slices.Sort(s)
	return slices.Compact(s)
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// Duration is a time.Duration written as "15m" or "90s" in YAML.
type Duration time.Duration

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < 0 {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %q is not a duration (like 90s or 15m)", n.Line, n.Value)}}
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration back as a string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// Seconds returns the duration in whole seconds.
func (d Duration) Seconds() int { return int(time.Duration(d) / time.Second) }

// valueNode finds the value node at a key path in a mapping, or nil.
func valueNode(n *yaml.Node, path ...string) *yaml.Node {
	_, v := lookup(n, path)
	return v
}

// lookup finds the key and value nodes at a key path, or nils.
func lookup(n *yaml.Node, path []string) (key, value *yaml.Node) {
	value = n
	for _, k := range path {
		if value == nil || value.Kind != yaml.MappingNode {
			return nil, nil
		}
		m := value
		key, value = nil, nil
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == k {
				key, value = m.Content[i], m.Content[i+1]
			}
		}
	}
	return key, value
}

// line returns where a dotted key is set: in the selected environment's
// block when it overrides the key, else at the top level. A key that is not
// set at all points at its nearest parent that is (0 when none is).
func (c *Config) line(key string) int {
	path := strings.Split(key, ".")
	for ; len(path) > 0; path = path[:len(path)-1] {
		for _, n := range []*yaml.Node{c.overlay, c.root} {
			if k, _ := lookup(n, path); k != nil {
				return k.Line
			}
		}
	}
	return 0
}

func (c *Config) errorAt(key, format string, args ...any) *ConfigError {
	return &ConfigError{File: c.File, Line: c.line(key), Msg: fmt.Sprintf(format, args...)}
}
