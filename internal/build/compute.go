package build

import (
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation/autoscaling"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
)

// ParameterPath is the SSM path each stack's instances may read:
// /stackctl/<stack name>/…
const ParameterPath = "/stackctl/${AWS::StackName}/*"

// BootstrapReportPath is where a failing bootstrap writes its reason, one
// parameter per instance id.
const BootstrapReportPath = "/stackctl/${AWS::StackName}/bootstrap/"

// addInstanceRole adds the instances' role and profile. Least privilege:
// read the stack's own SSM parameters (and the Octopus API key's), write
// a failure report under the stack's bootstrap/ path, and,
// with a launch configuration, describe tags (DescribeTags supports no
// resource-level scoping). No "*" action anywhere.
func addInstanceRole(t *Template, c *Config) {
	params := []string{Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + ParameterPath)}
	if key := c.Bootstrap.Octopus.APIKeyParameter; c.Bootstrap.Agent == "octopus" && key != "" {
		params = append(params, Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter"+key))
	}
	statements := []any{map[string]any{
		"Sid": "ReadOwnParameters", "Effect": "Allow",
		"Action":   []string{"ssm:GetParameter", "ssm:GetParameters"},
		"Resource": params,
	}}
	// SignalResource carries no reason: a failing bootstrap leaves its
	// reason under the stack's own bootstrap/ path for stackctl to show.
	statements = append(statements, map[string]any{
		"Sid": "ReportBootstrapFailure", "Effect": "Allow",
		"Action":   []string{"ssm:PutParameter"},
		"Resource": Sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + BootstrapReportPath + "*"),
	})
	if c.Instances.Launch != "template" {
		statements = append(statements, map[string]any{
			"Sid": "ReadOwnTags", "Effect": "Allow",
			"Action": []string{"ec2:DescribeTags"}, "Resource": "*",
		})
	}
	t.Resources[InstanceRoleID] = &iam.Role{
		Description: ptr(Sub("Instances of ${AWS::StackName}")),
		AssumeRolePolicyDocument: map[string]any{
			"Version": "2012-10-17",
			"Statement": []any{map[string]any{
				"Effect":    "Allow",
				"Principal": map[string]any{"Service": []string{"ec2.amazonaws.com"}},
				"Action":    []string{"sts:AssumeRole"},
			}},
		},
		Policies: []iam.Role_Policy{{
			PolicyName:     "bootstrap",
			PolicyDocument: map[string]any{"Version": "2012-10-17", "Statement": statements},
		}},
	}
	t.Resources[InstanceProfileID] = &iam.InstanceProfile{Roles: []string{Ref(InstanceRoleID)}}
}

func rootDevice(c *Config) string {
	if c.Bootstrap.OS == "windows" {
		return "/dev/sda1"
	}
	return "/dev/xvda"
}

// addLaunchConfiguration adds the launch configuration the product was
// specified with. AWS accounts opened on or after 2024-10-01 cannot create
// launch configurations; validate says so and suggests the template variant.
func addLaunchConfiguration(t *Template, c *Config, userData string) {
	lc := &autoscaling.LaunchConfiguration{
		ImageId:            Ref("ImageId"),
		InstanceType:       Ref("InstanceType"),
		IamInstanceProfile: ptr(Ref(InstanceProfileID)),
		SecurityGroups:     []string{GetAtt(InstanceSGID, "GroupId")},
		UserData:           ptr(userData),
		MetadataOptions: &autoscaling.LaunchConfiguration_MetadataOptions{
			HttpTokens: ptr("required"), HttpEndpoint: ptr("enabled"), HttpPutResponseHopLimit: ptr(1),
		},
		BlockDeviceMappings: []autoscaling.LaunchConfiguration_BlockDeviceMapping{{
			DeviceName: rootDevice(c),
			Ebs: &autoscaling.LaunchConfiguration_BlockDevice{
				Encrypted: ptr(true), VolumeType: ptr("gp3"), VolumeSize: ptr(c.Instances.VolumeSize),
				DeleteOnTermination: ptr(true),
			},
		}},
		// cfn-lint 1.51 warns W3697 on every launch configuration (the
		// service is in maintenance mode). This variant exists on purpose,
		// so that one rule is silenced on this one resource, nothing else.
		AWSCloudFormationMetadata: map[string]any{
			"cfn-lint": map[string]any{"config": map[string]any{"ignore_checks": []string{"W3697"}}},
			"stackctl": map[string]any{"W3697": "launch configurations are the specified default; set instances.launch: template for accounts opened on or after 2024-10-01"},
		},
	}
	if c.Instances.KeyName != "" {
		lc.KeyName = ptr(Ref("KeyName"))
	}
	t.Resources[LaunchConfigID] = lc
}

// addLaunchTemplate adds the launch-template variant. Only launch templates
// can expose instance tags in instance metadata, so the bootstrap reads
// Environment and Role there instead of calling DescribeTags.
func addLaunchTemplate(t *Template, c *Config, userData string) {
	data := &ec2.LaunchTemplate_LaunchTemplateData{
		ImageId:            ptr(Ref("ImageId")),
		InstanceType:       ptr(Ref("InstanceType")),
		IamInstanceProfile: &ec2.LaunchTemplate_IamInstanceProfile{Arn: ptr(GetAtt(InstanceProfileID, "Arn"))},
		SecurityGroupIds:   []string{GetAtt(InstanceSGID, "GroupId")},
		UserData:           ptr(userData),
		MetadataOptions: &ec2.LaunchTemplate_MetadataOptions{
			HttpTokens: ptr("required"), HttpEndpoint: ptr("enabled"), HttpPutResponseHopLimit: ptr(1),
			InstanceMetadataTags: ptr("enabled"),
		},
		BlockDeviceMappings: []ec2.LaunchTemplate_BlockDeviceMapping{{
			DeviceName: ptr(rootDevice(c)),
			Ebs: &ec2.LaunchTemplate_Ebs{
				Encrypted: ptr(true), VolumeType: ptr("gp3"), VolumeSize: ptr(c.Instances.VolumeSize),
				DeleteOnTermination: ptr(true),
			},
		}},
	}
	if c.Instances.KeyName != "" {
		data.KeyName = ptr(Ref("KeyName"))
	}
	t.Resources[LaunchTemplateID] = &ec2.LaunchTemplate{LaunchTemplateData: data}
}

// addGroup adds the Auto Scaling group: sizes from parameters, ELB health
// checks with a grace period longer than the bootstrap, Environment, Role
// and Name tags propagated to instances, a CreationPolicy that waits for a
// signal from every desired instance, and rolling updates that wait for
// the new instances' signals.
func addGroup(t *Template, c *Config) {
	timeout := isoDuration(c.Bootstrap.Timeout.Seconds())
	g := &autoscaling.AutoScalingGroup{
		MinSize:                Ref("MinSize"),
		MaxSize:                Ref("MaxSize"),
		DesiredCapacity:        ptr(Ref("DesiredCapacity")),
		Cooldown:               ptr(Ref("Cooldown")),
		HealthCheckType:        ptr("ELB"),
		HealthCheckGracePeriod: ptr(c.Bootstrap.Timeout.Seconds() + healthCheckGraceSlop),
		Tags: []autoscaling.AutoScalingGroup_TagProperty{
			{Key: "Environment", Value: Ref("Environment"), PropagateAtLaunch: true},
			{Key: "Name", Value: Sub("${AWS::StackName}"), PropagateAtLaunch: true},
			{Key: "Role", Value: Ref("Role"), PropagateAtLaunch: true},
		},
		AWSCloudFormationCreationPolicy: &policies.CreationPolicy{
			ResourceSignal: &policies.ResourceSignal{Timeout: timeout},
		},
		AWSCloudFormationUpdatePolicy: &policies.UpdatePolicy{
			AutoScalingRollingUpdate: &policies.AutoScalingRollingUpdate{
				MaxBatchSize:          1,
				PauseTime:             timeout,
				WaitOnResourceSignals: true,
				SuspendProcesses: []string{
					"HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification", "ScheduledActions",
				},
			},
		},
	}
	if len(c.Network.Subnets) > 0 {
		g.VPCZoneIdentifier = List(Ref("Subnets"))
	} else {
		g.AvailabilityZones = List(GetAZs(""))
	}
	if c.LoadBalancer.Type == "application" {
		g.TargetGroupARNs = []string{Ref(TargetGroupID)}
	} else {
		g.LoadBalancerNames = []string{Ref(ClassicLBID)}
	}
	if c.Instances.Launch == "template" {
		g.LaunchTemplate = &autoscaling.AutoScalingGroup_LaunchTemplateSpecification{
			LaunchTemplateId: ptr(Ref(LaunchTemplateID)),
			Version:          GetAtt(LaunchTemplateID, "LatestVersionNumber"),
		}
	} else {
		g.LaunchConfigurationName = ptr(Ref(LaunchConfigID))
	}
	t.Resources[GroupID] = g
	// goformation types these as float64 with omitempty: a Ref cannot be
	// held, and 0 would vanish. The signal count follows DesiredCapacity;
	// one instance at a time is replaced, keeping the rest in service.
	t.Override(GroupID, "CreationPolicy.ResourceSignal.Count", Ref("DesiredCapacity"))
	t.Override(GroupID, "UpdatePolicy.AutoScalingRollingUpdate.MinInstancesInService", max(c.Capacity.Desired-1, 0))
}

// isoDuration writes seconds as an ISO 8601 duration (PT15M, PT1H30M).
func isoDuration(s int) string {
	out := "PT"
	if h := s / 3600; h > 0 {
		out += fmt.Sprintf("%dH", h)
	}
	if m := s % 3600 / 60; m > 0 {
		out += fmt.Sprintf("%dM", m)
	}
	if sec := s % 60; sec > 0 || out == "PT" {
		out += fmt.Sprintf("%dS", sec)
	}
	return out
}
