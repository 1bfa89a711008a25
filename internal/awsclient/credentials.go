package awsclient

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"
)

// CredentialsError says there are no usable AWS credentials: none found
// by the SDK's chain, or credentials the service refused (expired, unknown,
// badly signed). No request that could change anything was made with them.
// Msg is the one line shown; Err keeps the SDK's chain for --debug.
type CredentialsError struct {
	Msg string
	Err error
}

func (e *CredentialsError) Error() string { return e.Msg }
func (e *CredentialsError) Unwrap() error { return e.Err }

// refusedCodes are the API error codes of credentials a service refused.
var refusedCodes = map[string]bool{
	"ExpiredToken": true, "ExpiredTokenException": true, "RequestExpired": true,
	"InvalidClientTokenId": true, "UnrecognizedClientException": true,
	"InvalidAccessKeyId": true, "SignatureDoesNotMatch": true, "AuthFailure": true,
	"IncompleteSignature": true, "MissingAuthenticationToken": true,
}

// IsCredentialsError says whether err is a *CredentialsError or an API
// error refusing the caller's credentials.
func IsCredentialsError(err error) bool {
	var ce *CredentialsError
	var ae smithy.APIError
	return errors.As(err, &ce) || errors.As(err, &ae) && refusedCodes[ae.ErrorCode()]
}

const noCredentials = "no aws credentials found by the SDK's chain (environment, shared config and credentials files, SSO, instance role): " +
	"set AWS_PROFILE or --profile, run 'aws sso login', or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"

// checkCredentials resolves the credentials once, before any request, so
// that "no credentials" is one clear line rather than the SDK's chain of
// provider errors. The SDK caches them: the first request reuses them.
func checkCredentials(ctx context.Context, cfg aws.Config) error {
	if cfg.Credentials == nil {
		return &CredentialsError{Msg: noCredentials}
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("load aws credentials: %w", ctx.Err())
		}
		return &CredentialsError{Msg: noCredentials, Err: err}
	}
	return nil
}
