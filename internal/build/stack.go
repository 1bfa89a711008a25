package build

import (
	"fmt"
	"strconv"
	"strings"
)

// Logical ids of the resources other packages look up (the fleet check
// finds the group and load balancer by them). The names follow the seed's
// LoadBalanced template where it has them.
const (
	GroupID              = "WebServerGroup"
	LaunchConfigID       = "LaunchConfig"
	LaunchTemplateID     = "LaunchTemplate"
	ClassicLBID          = "ElasticLoadBalancer"
	ApplicationLBID      = "ApplicationLoadBalancer"
	TargetGroupID        = "TargetGroup"
	ListenerID           = "Listener"
	LoadBalancerSGID     = "LoadBalancerSecurityGroup"
	InstanceSGID         = "InstanceSecurityGroup"
	InstanceRoleID       = "InstanceRole"
	InstanceProfileID    = "InstanceProfile"
	defaultLinuxImage    = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
	defaultWindowsImage  = "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base"
	healthCheckGraceSlop = 60 // seconds on top of the bootstrap timeout
)

// Build assembles the template for a resolved config.
func Build(c *Config) (*Template, error) {
	userData, err := UserData(c)
	if err != nil {
		return nil, err
	}
	t := &Template{
		Description: c.Description,
		Parameters:  parameters(c),
		Resources:   map[string]any{},
		Outputs:     map[string]Output{},
	}
	addSecurityGroups(t, c)
	addInstanceRole(t, c)
	if c.LoadBalancer.Type == "application" {
		addApplicationLB(t, c)
	} else {
		addClassicLB(t, c)
	}
	if c.Instances.Launch == "template" {
		addLaunchTemplate(t, c, userData)
	} else {
		addLaunchConfiguration(t, c, userData)
	}
	addGroup(t, c)
	for name := range c.Parameters {
		if _, ok := t.Parameters[name]; !ok {
			return nil, c.errorAt("parameters."+name, "parameter %q is not in the template (it has: %s)", name, strings.Join(sortedKeys(t.Parameters), ", "))
		}
	}
	return t, nil
}

func parameters(c *Config) map[string]Parameter {
	name := `^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$`
	n := func(v int) *int { return &v }
	ps := map[string]Parameter{
		"Environment": {Type: "String", Default: c.Env, AllowedPattern: name,
			Description:           "Environment the instances register under (tag Environment)",
			ConstraintDescription: "letters, digits, space, dot, underscore and hyphen; at most 64"},
		"Role": {Type: "String", Default: c.Role, AllowedPattern: name,
			Description:           "Server role the instances take (tag Role)",
			ConstraintDescription: "letters, digits, space, dot, underscore and hyphen; at most 64"},
		"InstanceType": {Type: "String", Default: c.Instances.Type, AllowedPattern: `^[a-z][a-z0-9-]*\.[a-z0-9]+$`,
			Description: "EC2 instance type", ConstraintDescription: "an instance type such as t3.micro"},
		"MinSize":         {Type: "Number", Default: c.Capacity.Min, MinValue: n(0), Description: "Minimum number of instances"},
		"MaxSize":         {Type: "Number", Default: c.Capacity.Max, MinValue: n(1), Description: "Maximum number of instances"},
		"DesiredCapacity": {Type: "Number", Default: c.Capacity.Desired, MinValue: n(0), Description: "Instances to run; each must signal a successful bootstrap"},
		"Cooldown":        {Type: "Number", Default: c.Capacity.Cooldown.Seconds(), MinValue: n(0), Description: "Seconds between scaling activities"},
	}
	if strings.HasPrefix(c.Instances.Image, "/") {
		ps["ImageId"] = Parameter{Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: c.Instances.Image,
			Description: "AMI, or the public SSM parameter that names the latest one"}
	} else {
		ps["ImageId"] = Parameter{Type: "AWS::EC2::Image::Id", Default: c.Instances.Image, Description: "AMI the instances boot"}
	}
	if len(c.Network.Subnets) > 0 {
		ps["Subnets"] = Parameter{Type: "List<AWS::EC2::Subnet::Id>", Default: strings.Join(c.Network.Subnets, ","),
			Description: "Subnets of the group and load balancer"}
		ps["VpcId"] = Parameter{Type: "AWS::EC2::VPC::Id", Default: c.Network.VPC, Description: "VPC of the subnets"}
	}
	if c.Instances.KeyName != "" {
		ps["KeyName"] = Parameter{Type: "AWS::EC2::KeyPair::KeyName", Default: c.Instances.KeyName, Description: "SSH key pair"}
	}
	for k, v := range c.Parameters {
		if p, ok := ps[k]; ok {
			p.Default = parameterDefault(p.Type, v)
			ps[k] = p
		}
	}
	return ps
}

// parameterDefault keeps a Number's default a number in the template.
func parameterDefault(typ, v string) any {
	if typ == "Number" {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return v
}

func addOutputs(t *Template, c *Config, urlHost string, lbValue string) {
	url := "http://${" + urlHost + "}"
	if c.LoadBalancer.Port != 80 {
		url += fmt.Sprintf(":%d", c.LoadBalancer.Port)
	}
	t.Outputs["URL"] = Exported("URL of the load balancer", Sub(url), "URL")
	t.Outputs["LoadBalancer"] = Exported("Load balancer in front of the group", lbValue, "LoadBalancer")
	t.Outputs["AutoScalingGroup"] = Exported("Auto Scaling group of the instances", Ref(GroupID), "AutoScalingGroup")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return sortStrings(keys)
}
