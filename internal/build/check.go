package build

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	// Counted repetitions ({0,63}) compile into large programs at start-up;
	// lengths are checked separately where they matter.
	envPattern     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]*$`)
	typePattern    = regexp.MustCompile(`^[a-z][a-z0-9-]*\.[a-z0-9]+$`)
	imagePattern   = regexp.MustCompile(`^(ami-[0-9a-f]{8,17}|/[A-Za-z0-9_./-]+)$`)
	subnetPattern  = regexp.MustCompile(`^subnet-[0-9a-f]{8,17}$`)
	vpcPattern     = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$`)
	ssmPathPattern = regexp.MustCompile(`^/[A-Za-z0-9_./-]+$`)
	pathPattern    = regexp.MustCompile(`^/[ -~]*$`)
	// safeValue is what may be written inside single quotes in the
	// bootstrap preamble.
	safeValue = regexp.MustCompile(`^[^'\n\r\\$` + "`" + `]*$`)
)

// has reports whether the file (or the selected environment) sets key.
func (c *Config) has(key string) bool {
	path := strings.Split(key, ".")
	return valueNode(c.overlay, path...) != nil || valueNode(c.root, path...) != nil
}

// applyDefaults fills what the file leaves out, and folds parameter
// overrides of sized values into the typed settings so that one value is
// checked and rendered.
func (c *Config) applyDefaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	defInt := func(key string, p *int, v int) {
		if !c.has(key) {
			*p = v
		}
	}
	def(&c.Stack, "web-{{.Env}}")
	def(&c.Role, "Web")
	defInt("capacity.min", &c.Capacity.Min, 1)
	defInt("capacity.max", &c.Capacity.Max, max(c.Capacity.Min, 2))
	defInt("capacity.desired", &c.Capacity.Desired, c.Capacity.Min)
	if !c.has("capacity.cooldown") {
		c.Capacity.Cooldown = Duration(5 * time.Minute)
	}
	def(&c.Instances.Launch, "configuration")
	def(&c.Instances.Type, "t3.micro")
	def(&c.Bootstrap.OS, "linux")
	if c.Bootstrap.OS == "windows" {
		def(&c.Instances.Image, defaultWindowsImage)
		defInt("instances.volumeSize", &c.Instances.VolumeSize, 50)
	} else {
		def(&c.Instances.Image, defaultLinuxImage)
		defInt("instances.volumeSize", &c.Instances.VolumeSize, 8)
	}
	defInt("instances.port", &c.Instances.Port, 80)
	def(&c.LoadBalancer.Type, "classic")
	defInt("loadBalancer.port", &c.LoadBalancer.Port, 80)
	def(&c.LoadBalancer.HealthCheckPath, "/")
	if !c.has("loadBalancer.draining") {
		c.LoadBalancer.Draining = Duration(60 * time.Second)
	}
	if !c.has("bootstrap.timeout") {
		c.Bootstrap.Timeout = Duration(15 * time.Minute)
	}
	def(&c.Bootstrap.Agent, "none")
	def(&c.Bootstrap.Octopus.Space, "Default")
	for name, p := range map[string]*int{"MinSize": &c.Capacity.Min, "MaxSize": &c.Capacity.Max, "DesiredCapacity": &c.Capacity.Desired} {
		if v, ok := c.Parameters[name]; ok {
			if n, err := strconv.Atoi(v); err == nil {
				*p = n
			}
		}
	}
	for name, p := range map[string]*string{"Role": &c.Role, "InstanceType": &c.Instances.Type, "ImageId": &c.Instances.Image} {
		if v, ok := c.Parameters[name]; ok {
			*p = v
		}
	}
}

// check validates the resolved config. The first problem is returned,
// naming the line that set the offending value.
func (c *Config) check() error {
	for _, chk := range c.checks() {
		if chk.bad {
			return c.errorAt(chk.key, "%s", chk.msg)
		}
	}
	if _, err := c.StackName(""); err != nil {
		return err
	}
	return nil
}

type rule struct {
	bad bool
	key string
	msg string
}

func oneOf(v string, allowed ...string) bool { return slices.Contains(allowed, v) }

func (c *Config) checks() []rule {
	cp, in, lb, bs := c.Capacity, c.Instances, c.LoadBalancer, c.Bootstrap
	for name, v := range c.Parameters {
		if oneOf(name, "MinSize", "MaxSize", "DesiredCapacity", "Cooldown") {
			if _, err := strconv.Atoi(v); err != nil {
				return []rule{{true, "parameters." + name, fmt.Sprintf("parameters.%s: %q is not a whole number", name, v)}}
			}
		}
	}
	rules := []rule{
		{!envPattern.MatchString(c.Env) || len(c.Env) > 64, "environment", fmt.Sprintf("environment %q: use letters, digits, space, dot, underscore or hyphen (at most 64)", c.Env)},
		{!envPattern.MatchString(c.Role) || len(c.Role) > 64, "role", fmt.Sprintf("role %q: use letters, digits, space, dot, underscore or hyphen (at most 64)", c.Role)},
		{c.Region != "" && !regionPattern.MatchString(c.Region), "region", fmt.Sprintf("region %q is not an AWS region name (like us-east-1)", c.Region)},
		{cp.Min < 0, "capacity.min", fmt.Sprintf("capacity.min is %d; it cannot be negative", cp.Min)},
		{cp.Max < 1, "capacity.max", fmt.Sprintf("capacity.max is %d; it must be at least 1", cp.Max)},
		{cp.Min > cp.Max, "capacity.min", fmt.Sprintf("capacity.min (%d) is greater than capacity.max (%d)", cp.Min, cp.Max)},
		{cp.Desired < cp.Min || cp.Desired > cp.Max, "capacity.desired", fmt.Sprintf("capacity.desired (%d) must be between min (%d) and max (%d)", cp.Desired, cp.Min, cp.Max)},
		{!oneOf(in.Launch, "configuration", "template"), "instances.launch", fmt.Sprintf("instances.launch %q: want configuration or template", in.Launch)},
		{!typePattern.MatchString(in.Type), "instances.type", fmt.Sprintf("instances.type %q is not an instance type (like t3.micro)", in.Type)},
		{!imagePattern.MatchString(in.Image), "instances.image", fmt.Sprintf("instances.image %q: want an AMI id (ami-…) or an SSM parameter path (/aws/…)", in.Image)},
		{in.Port < 1 || in.Port > 65535, "instances.port", fmt.Sprintf("instances.port %d is not a TCP port", in.Port)},
		{in.VolumeSize < 1 || in.VolumeSize > 16384, "instances.volumeSize", fmt.Sprintf("instances.volumeSize %d GiB is out of range (1–16384)", in.VolumeSize)},
		{!oneOf(lb.Type, "classic", "application"), "loadBalancer.type", fmt.Sprintf("loadBalancer.type %q: want classic or application", lb.Type)},
		{lb.Port < 1 || lb.Port > 65535, "loadBalancer.port", fmt.Sprintf("loadBalancer.port %d is not a TCP port", lb.Port)},
		{!pathPattern.MatchString(lb.HealthCheckPath) || strings.ContainsAny(lb.HealthCheckPath, " \"'"), "loadBalancer.healthCheckPath", fmt.Sprintf("loadBalancer.healthCheckPath %q must start with / and hold no spaces or quotes", lb.HealthCheckPath)},
		{lb.Draining.Seconds() > 3600, "loadBalancer.draining", "loadBalancer.draining is at most 1h"},
		{lb.Type == "application" && (len(c.Network.Subnets) < 2 || c.Network.VPC == ""), "loadBalancer.type", "an application load balancer needs network.vpc and at least two network.subnets"},
		{len(c.Network.Subnets) > 0 && !vpcPattern.MatchString(c.Network.VPC), "network.vpc", fmt.Sprintf("network.vpc %q: with subnets, name their VPC (vpc-…)", c.Network.VPC)},
		{!oneOf(bs.OS, "linux", "windows"), "bootstrap.os", fmt.Sprintf("bootstrap.os %q: want linux or windows", bs.OS)},
		{!oneOf(bs.Agent, "none", "script", "octopus"), "bootstrap.agent", fmt.Sprintf("bootstrap.agent %q: want none, script or octopus", bs.Agent)},
		{bs.Timeout.Seconds() < 60 || bs.Timeout.Seconds() > 43200, "bootstrap.timeout", "bootstrap.timeout must be between 1m and 12h (the signal timeout limit)"},
		{bs.Agent == "script" && (bs.Script == "") == (bs.Run == ""), "bootstrap.agent", "the script agent needs exactly one of bootstrap.script (a file) or bootstrap.run (inline)"},
		{bs.Agent != "script" && (bs.Script != "" || bs.Run != ""), "bootstrap.agent", "bootstrap.script and bootstrap.run need agent: script"},
		{bs.Release && bs.Agent != "octopus", "bootstrap.release", "bootstrap.release pulls an Octopus release; it needs agent: octopus"},
	}
	for i, s := range c.Network.Subnets {
		rules = append(rules, rule{!subnetPattern.MatchString(s), "network.subnets", fmt.Sprintf("network.subnets[%d] %q is not a subnet id (subnet-…)", i, s)})
	}
	if bs.Agent == "octopus" {
		o := bs.Octopus
		rules = append(rules,
			rule{!strings.HasPrefix(o.Server, "https://") || !safeValue.MatchString(o.Server), "bootstrap.octopus.server", fmt.Sprintf("bootstrap.octopus.server %q: want an https:// URL", o.Server)},
			rule{!ssmPathPattern.MatchString(o.APIKeyParameter) || len(o.APIKeyParameter) > 1011, "bootstrap.octopus.apiKeyParameter", "bootstrap.octopus.apiKeyParameter: name the SSM SecureString holding the API key (/path/to/key); the key itself never goes in the config"},
			rule{o.Policy == "" || !safeValue.MatchString(o.Policy), "bootstrap.octopus.policy", "bootstrap.octopus.policy: name the machine policy that deletes unavailable machines"},
			rule{!safeValue.MatchString(o.Space) || !safeValue.MatchString(o.Project), "bootstrap.octopus", "bootstrap.octopus: space and project cannot hold quotes, $, ` or backslashes"},
			rule{bs.Release && o.Project == "", "bootstrap.octopus.project", "bootstrap.release needs bootstrap.octopus.project"},
		)
	}
	rules = append(rules, c.tagRules()...)
	return rules
}

func (c *Config) tagRules() []rule {
	var rules []rule
	rules = append(rules, rule{len(c.Tags) > 40, "tags", fmt.Sprintf("%d tags: at most 40 (CloudFormation allows 50 and stackctl adds its own)", len(c.Tags))})
	for _, k := range sortedKeys(c.Tags) {
		v := c.Tags[k]
		rules = append(rules,
			rule{k == "" || len(k) > 128, "tags." + k, fmt.Sprintf("tag key %q: 1 to 128 characters", k)},
			rule{strings.HasPrefix(strings.ToLower(k), "aws:"), "tags." + k, fmt.Sprintf("tag key %q: the aws: prefix is reserved", k)},
			rule{strings.HasPrefix(k, "stackctl:"), "tags." + k, fmt.Sprintf("tag key %q: the stackctl: prefix is stackctl's own", k)},
			rule{len(v) > 256, "tags." + k, fmt.Sprintf("tag %q: value longer than 256 characters", k)},
		)
	}
	return rules
}

func sortStrings(s []string) []string { slices.Sort(s); return s }
