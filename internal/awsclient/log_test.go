package awsclient_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/awsclient"
)

func TestRedactURL(t *testing.T) {
	u, err := url.Parse("https://user:pw@b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc&X-Amz-Security-Token=tok&versionId=3")
	require.NoError(t, err)
	got := awsclient.RedactURL(u)
	for _, s := range []string{"AKIA", "abc", "tok", "pw"} {
		require.NotContains(t, got, s)
	}
	require.Contains(t, got, "versionId=3")
	require.Contains(t, got, "X-Amz-Signature=REDACTED")
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abc"}, "X-Amz-Security-Token": {"tok"},
		"X-Octopus-Apikey": {"API-KEY"}, "Content-Type": {"text/xml"}}
	got := awsclient.RedactHeader(h)
	require.Equal(t, []string{"REDACTED"}, got["Authorization"])
	require.Equal(t, []string{"REDACTED"}, got["X-Amz-Security-Token"])
	require.Equal(t, []string{"REDACTED"}, got["X-Octopus-Apikey"])
	require.Equal(t, []string{"text/xml"}, got["Content-Type"])
	require.Equal(t, "tok", h.Get("X-Amz-Security-Token"), "the original is untouched")
}
