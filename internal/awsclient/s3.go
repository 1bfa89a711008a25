package awsclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// S3Uploader puts templates too large to send inline into a bucket with
// one signed PUT. It does not use the S3 SDK client on purpose: that client
// adds megabytes to the binary for a single call.
type S3Uploader struct {
	Config aws.Config
	HTTP   *http.Client
}

// NewS3Uploader builds an uploader from the SDK configuration.
func NewS3Uploader(cfg aws.Config) *S3Uploader {
	return &S3Uploader{Config: cfg, HTTP: &http.Client{Timeout: 2 * time.Minute}}
}

// Upload stores body under key and returns the object's URL. Keys are
// content-addressed, so a repeated upload writes the same bytes.
func (u *S3Uploader) Upload(ctx context.Context, bucket, key string, body []byte) (string, error) {
	objURL := u.url(bucket, key)
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, objURL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	req.Header.Set("X-Amz-Content-Sha256", hash)
	req.Header.Set("Content-Type", "application/x-yaml")
	creds, err := u.Config.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("credentials: %w", err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hash, "s3", u.Config.Region, time.Now()); err != nil {
		return "", err
	}
	resp, err := u.HTTP.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return "", fmt.Errorf("PUT %s: %s: %s", objURL, resp.Status, strings.TrimSpace(string(msg)))
	}
	return objURL, nil
}

// url is path-style on a custom endpoint (AWS_ENDPOINT_URL, e.g. moto),
// virtual-hosted style on AWS.
func (u *S3Uploader) url(bucket, key string) string {
	path := (&url.URL{Path: key}).EscapedPath()
	if ep := aws.ToString(u.Config.BaseEndpoint); ep != "" {
		return fmt.Sprintf("%s/%s/%s", strings.TrimSuffix(ep, "/"), bucket, path)
	}
	return fmt.Sprintf("https://%s.s3.%s.amazonaws.com/%s", bucket, u.Config.Region, path)
}
