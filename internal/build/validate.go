package build

import "fmt"

// Report is what Validate found: hard problems fail, notes inform.
type Report struct {
	TemplateBytes int
	UserDataBytes int // the largest the user data can be once substituted
	Resources     int
	Parameters    int
	Outputs       int
	// NeedsS3 is set when the template is over the inline limit and must
	// be deployed by URL.
	NeedsS3 bool
	Notes   []string
}

// LaunchConfigNote is the plain warning validate prints for the launch
// configuration variant.
const LaunchConfigNote = "this stack uses a launch configuration: AWS accounts opened on or after 2024-10-01 cannot create them (AWS recommends launch templates); set instances.launch: template if CreateLaunchConfiguration is refused"

// Validate renders the config and checks the result against
// CloudFormation's and EC2's limits.
func Validate(c *Config) (*Report, error) {
	t, err := Build(c)
	if err != nil {
		return nil, err
	}
	script, err := UserDataScript(c)
	if err != nil {
		return nil, err
	}
	tree, err := t.Tree()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	body, err := encode(tree, YAML)
	if err != nil {
		return nil, err
	}
	r := &Report{
		TemplateBytes: len(body),
		UserDataBytes: MaxUserDataSize(script),
		Resources:     len(t.Resources),
		Parameters:    len(t.Parameters),
		Outputs:       len(t.Outputs),
	}
	switch {
	case r.TemplateBytes > MaxS3Template:
		return r, fmt.Errorf("%s: template is %d bytes; CloudFormation allows %d even from S3", c.File, r.TemplateBytes, MaxS3Template)
	case r.Resources > MaxResources, r.Parameters > MaxParameters, r.Outputs > MaxOutputs:
		return r, fmt.Errorf("%s: %d resources, %d parameters, %d outputs exceed CloudFormation's limits (%d, %d, %d)",
			c.File, r.Resources, r.Parameters, r.Outputs, MaxResources, MaxParameters, MaxOutputs)
	}
	if r.TemplateBytes > MaxInlineTemplate {
		r.NeedsS3 = true
		r.Notes = append(r.Notes, fmt.Sprintf("template is %d bytes, over the %d-byte inline limit: deploy uploads it to s3Bucket (or --s3-bucket)", r.TemplateBytes, MaxInlineTemplate))
	}
	if c.Instances.Launch != "template" {
		r.Notes = append(r.Notes, LaunchConfigNote)
	}
	return r, nil
}
