package bootreport_test

import (
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/bootreport"
	"github.com/stackctl/stackctl/internal/testutil"
)

func TestMain(m *testing.M) { os.Exit(testutil.RunWithMoto(m)) }

var _ bootreport.SSM = (*ssm.Client)(nil)

// Against moto: reports under the stack's path are read oldest first,
// older ones and other stacks' are left out, and Delete removes them.
func TestMotoReports(t *testing.T) {
	m := testutil.SharedMoto(t)
	testutil.SetEnv(t, m.URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)
	raw := ssm.NewFromConfig(cfg)
	put := func(name, value string) {
		_, err := raw.PutParameter(t.Context(), &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value), Type: "String", Overwrite: aws.Bool(true)})
		require.NoError(t, err)
	}
	put("/stackctl/web-Production/bootstrap/i-0aaa", "agent: agent script exited 3")
	put("/stackctl/web-Production/bootstrap/i-0bbb", "tags: Environment/Role tags not found via api after 30 attempts")
	put("/stackctl/web-Staging/bootstrap/i-0ccc", "metadata: no IMDSv2 token")
	put("/stackctl/web-Production/other", "not a report")

	api := bootreport.Client(raw)
	got, err := bootreport.Since(t.Context(), api, "web-Production", time.Now().Add(-time.Hour))
	require.NoError(t, err)
	require.Len(t, got, 2)
	reasons := map[string]string{}
	for _, r := range got {
		reasons[r.Instance] = r.Reason
	}
	require.Equal(t, map[string]string{
		"i-0aaa": "agent: agent script exited 3",
		"i-0bbb": "tags: Environment/Role tags not found via api after 30 attempts",
	}, reasons)

	later, err := bootreport.Since(t.Context(), api, "web-Production", time.Now().Add(time.Hour))
	require.NoError(t, err)
	require.Empty(t, later, "reports older than the operation are not its cause")

	require.NoError(t, bootreport.Delete(t.Context(), api, "web-Production"))
	got, err = bootreport.Since(t.Context(), api, "web-Production", time.Time{})
	require.NoError(t, err)
	require.Empty(t, got)
	left, err := bootreport.Since(t.Context(), api, "web-Staging", time.Time{})
	require.NoError(t, err)
	require.Len(t, left, 1, "another stack's reports stay")
}

func TestIsSignalFailure(t *testing.T) {
	require.True(t, bootreport.IsSignalFailure("Received 1 FAILURE signal(s) out of 2. Unable to satisfy 100% MinSuccessfulInstancesPercent requirement"))
	require.True(t, bootreport.IsSignalFailure("Failed to receive 2 resource signal(s) within the specified duration"))
	require.False(t, bootreport.IsSignalFailure("Resource creation cancelled"))
}
