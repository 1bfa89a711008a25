package fleet

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// launchSpec is a launch configuration (lc) or a launch template (id or
// name, and a version that resolve turns into a number).
type launchSpec struct {
	lc, ltID, ltName, version string
}

func (s launchSpec) empty() bool { return s.lc == "" && s.ltID == "" && s.ltName == "" }

// String is the spec as the fleet table shows it.
func (s launchSpec) String() string {
	if s.lc != "" || s.empty() {
		return s.lc
	}
	return s.ltRef() + ":" + s.version
}

// describe is the spec in a sentence.
func (s launchSpec) describe() string {
	switch {
	case s.lc != "":
		return "launch configuration " + s.lc
	case s.empty():
		return "no launch configuration or template"
	}
	return "launch template " + s.ltRef() + " version " + s.version
}

func (s launchSpec) ltRef() string {
	if s.ltID != "" {
		return s.ltID
	}
	return s.ltName
}

// same compares two resolved specs; a template matches by id when both
// have one, else by name.
func (s launchSpec) same(o launchSpec) bool {
	if s.lc != "" || o.lc != "" {
		return s.lc == o.lc
	}
	if s.ltID != "" && o.ltID != "" {
		return s.ltID == o.ltID && s.version == o.version
	}
	return s.ltName == o.ltName && s.version == o.version
}

func ltSpec(lt *astypes.LaunchTemplateSpecification) launchSpec {
	return launchSpec{ltID: aws.ToString(lt.LaunchTemplateId), ltName: aws.ToString(lt.LaunchTemplateName), version: aws.ToString(lt.Version)}
}

// groupSpec is the configuration the group launches new instances with.
func groupSpec(g astypes.AutoScalingGroup) launchSpec {
	switch {
	case aws.ToString(g.LaunchConfigurationName) != "":
		return launchSpec{lc: aws.ToString(g.LaunchConfigurationName)}
	case g.LaunchTemplate != nil:
		return ltSpec(g.LaunchTemplate)
	case g.MixedInstancesPolicy != nil && g.MixedInstancesPolicy.LaunchTemplate != nil &&
		g.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification != nil:
		return ltSpec(g.MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification)
	}
	return launchSpec{}
}

func instanceSpec(i astypes.Instance) launchSpec {
	if aws.ToString(i.LaunchConfigurationName) != "" {
		return launchSpec{lc: aws.ToString(i.LaunchConfigurationName)}
	}
	if i.LaunchTemplate != nil {
		return ltSpec(i.LaunchTemplate)
	}
	return launchSpec{}
}

// targetSpec is what the caller expects; a template without a version
// takes the group's version when the group is on the same template.
func targetSpec(t Target, group launchSpec) launchSpec {
	switch {
	case t.LaunchConfiguration != "":
		return launchSpec{lc: t.LaunchConfiguration}
	case t.LaunchTemplate != nil:
		s := launchSpec{ltID: t.LaunchTemplate.ID, version: t.LaunchTemplate.Version}
		if s.version == "" && group.ltID == s.ltID {
			s.version = group.version
		}
		return s
	}
	return group
}

// versions resolves symbolic launch-template versions ($Latest, $Default,
// or none, which AWS reads as $Default) to numbers, asking EC2 once per
// template and check.
type versions struct {
	ec2   EC2
	known map[string][2]string // template id or name → latest, default
}

func (v *versions) resolve(ctx context.Context, s launchSpec) (launchSpec, error) {
	if s.lc != "" || s.empty() {
		return s, nil
	}
	if _, err := strconv.Atoi(s.version); err == nil {
		return s, nil
	}
	nums, err := v.lookup(ctx, s)
	if err != nil {
		return s, err
	}
	if s.version == "$Latest" {
		s.version = nums[0]
	} else {
		s.version = nums[1]
	}
	return s, nil
}

func (v *versions) lookup(ctx context.Context, s launchSpec) ([2]string, error) {
	key := s.ltRef()
	if nums, ok := v.known[key]; ok {
		return nums, nil
	}
	if v.ec2 == nil {
		return [2]string{}, errors.New("resolve launch template version " + s.version + ": no ec2 client")
	}
	in := &ec2.DescribeLaunchTemplatesInput{}
	if s.ltID != "" {
		in.LaunchTemplateIds = []string{s.ltID}
	} else {
		in.LaunchTemplateNames = []string{s.ltName}
	}
	out, err := v.ec2.DescribeLaunchTemplates(ctx, in)
	if err != nil {
		return [2]string{}, fmt.Errorf("describe launch template %s: %w", key, err)
	}
	if len(out.LaunchTemplates) == 0 {
		return [2]string{}, fmt.Errorf("launch template %s not found", key)
	}
	lt := out.LaunchTemplates[0]
	nums := [2]string{fmt.Sprint(aws.ToInt64(lt.LatestVersionNumber)), fmt.Sprint(aws.ToInt64(lt.DefaultVersionNumber))}
	if v.known == nil {
		v.known = map[string][2]string{}
	}
	v.known[key] = nums
	return nums, nil
}
