package awsclient_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/testutil"
)

func TestMain(m *testing.M) { os.Exit(testutil.RunWithMoto(m)) }

// AWS_ENDPOINT_URL reaches the SDK through the default chain, and a large
// template lands in S3 under its key by one signed PUT.
func TestMotoUploadHonoursEndpoint(t *testing.T) {
	m := testutil.SharedMoto(t)
	testutil.SetEnv(t, m.URL)
	cfg, err := awsclient.Load(t.Context(), awsclient.Options{})
	require.NoError(t, err)
	require.Equal(t, m.URL, aws.ToString(cfg.BaseEndpoint))

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPut, m.URL+"/tmpl-bucket", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()

	u := awsclient.NewS3Uploader(cfg)
	url, err := u.Upload(t.Context(), "tmpl-bucket", "stackctl/s/abc.template", []byte(strings.Repeat("x", 60000)))
	require.NoError(t, err)
	require.Equal(t, m.URL+"/tmpl-bucket/stackctl/s/abc.template", url)
}
