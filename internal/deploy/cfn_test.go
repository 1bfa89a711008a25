package deploy_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/deploy"
)

// The real client satisfies the narrow interface.
var _ deploy.CloudFormation = (*cloudformation.Client)(nil)

func TestStatusKinds(t *testing.T) {
	require.True(t, deploy.InProgress("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS"))
	require.False(t, deploy.InProgress("REVIEW_IN_PROGRESS"), "a change-set shell stack is not moving")
	require.True(t, deploy.Failed("UPDATE_ROLLBACK_COMPLETE"))
	require.True(t, deploy.Failed("DELETE_FAILED"))
	require.False(t, deploy.Failed("UPDATE_COMPLETE"))
}

func TestPlanSummary(t *testing.T) {
	p := deploy.Plan{Changes: []deploy.Change{
		{Action: "Add"}, {Action: "Modify", Replacement: "True"},
		{Action: "Modify", Replacement: "Conditional"}, {Action: "Modify", Replacement: "False"}, {Action: "Remove"},
	}}
	require.Equal(t, "1 to add, 2 to modify, 1 to replace, 1 to remove (1 may be replaced)", p.Summary().String())
}

func TestParseTemplate(t *testing.T) {
	tmpl, err := deploy.ParseTemplate([]byte(`
Parameters:
  Secret: {Type: String, NoEcho: true}
  Size: {Type: Number}
Resources:
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
  Named: {Type: AWS::IAM::Role, Properties: {RoleName: x}}
`))
	require.NoError(t, err)
	require.True(t, tmpl.Parameters["Secret"])
	require.False(t, tmpl.Parameters["Size"])
	require.Equal(t, "CAPABILITY_NAMED_IAM", string(tmpl.Capabilities[0]))
	require.NoError(t, tmpl.CheckParameters(map[string]string{"Size": "3"}))
	require.ErrorContains(t, tmpl.CheckParameters(map[string]string{"Nope": "3"}), `parameter "Nope" is not in the template (it has: Secret, Size)`)
}

// Errors carry what callers branch on.
func TestErrorText(t *testing.T) {
	err := &deploy.StackFailedError{Stack: "s", Status: "ROLLBACK_COMPLETE", Reasons: []deploy.Failure{
		{Time: time.Unix(0, 0), LogicalID: "G", Status: "CREATE_FAILED", Reason: "no signal"},
	}}
	require.Equal(t, "stack s is ROLLBACK_COMPLETE: G CREATE_FAILED: no signal", err.Error())
}
