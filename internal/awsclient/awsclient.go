// Package awsclient builds the AWS SDK clients stackctl uses from the SDK's
// default configuration chain (environment, shared config and credentials
// files, SSO, --profile, --region; AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_CLOUDFORMATION point it at a local endpoint such as
// moto). Nothing here runs until a command needs AWS: render, validate and
// --help never load credentials.
package awsclient

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/stackctl/stackctl/internal/bootreport"
	"github.com/stackctl/stackctl/internal/deploy"
)

// Options select the profile and region and tune retries.
type Options struct {
	Region, Profile string
	// MaxAttempts and MaxBackoff bound the SDK's retries (0: 10 and 20 s).
	MaxAttempts int
	MaxBackoff  time.Duration
}

// Load resolves the SDK configuration. Retries use the adaptive mode: on
// throttling the client also slows its own request rate, which is what
// keeps many parallel branch deploys under the account's API limits.
func Load(ctx context.Context, o Options) (aws.Config, error) {
	attempts, backoff := o.MaxAttempts, o.MaxBackoff
	if attempts <= 0 {
		attempts = 10
	}
	if backoff <= 0 {
		backoff = 20 * time.Second
	}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
				a.StandardOptions = append(a.StandardOptions, func(s *retry.StandardOptions) {
					s.MaxAttempts, s.MaxBackoff = attempts, backoff
				})
			})
		}),
	}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load aws config: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, fmt.Errorf("no aws region: set region: in the config, --region, or AWS_REGION")
	}
	if err := checkCredentials(ctx, cfg); err != nil { // credentials.go
		return aws.Config{}, err
	}
	if l, ok := logFrom(ctx); ok { // log.go: --debug and the retry notice
		cfg.APIOptions = append(cfg.APIOptions, addLog(l))
	}
	return cfg, nil
}

// CloudFormation returns a CloudFormation client for the configuration,
// holding only the calls internal/deploy makes (see deploy.Client).
func CloudFormation(cfg aws.Config) deploy.CloudFormation {
	return deploy.Client(cloudformation.NewFromConfig(cfg))
}

// SSM returns the SSM calls that read and delete bootstrap failure reports.
func SSM(cfg aws.Config) bootreport.SSM {
	return bootreport.Client(ssm.NewFromConfig(cfg))
}
