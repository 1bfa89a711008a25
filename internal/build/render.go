package build

import "fmt"

// Limits CloudFormation and EC2 put on what Render produces.
const (
	MaxInlineTemplate = 51200   // bytes sent in TemplateBody
	MaxS3Template     = 1 << 20 // bytes by TemplateURL
	MaxResources      = 500
	MaxParameters     = 200
	MaxOutputs        = 200
)

// Render builds and encodes the template of a resolved config: the exact
// bytes a deploy sends.
func Render(c *Config, format Format) ([]byte, error) {
	t, err := Build(c)
	if err != nil {
		return nil, err
	}
	tree, err := t.Tree()
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	return encode(tree, format)
}
