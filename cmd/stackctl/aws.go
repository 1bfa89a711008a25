package main

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
)

// loadAWS is env.aws outside tests: the SDK's default chain.
func loadAWS(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error) {
	cfg, err := awsclient.Load(ctx, awsclient.Options{Region: region, Profile: profile})
	if err != nil {
		return nil, nil, err
	}
	return awsclient.CloudFormation(cfg), awsclient.NewS3Uploader(cfg), nil
}

// loadFleet is env.fleet outside tests.
func loadFleet(ctx context.Context, region, profile string) (fleet.Clients, error) {
	cfg, err := awsclient.Load(ctx, awsclient.Options{Region: region, Profile: profile})
	if err != nil {
		return fleet.Clients{}, err
	}
	return fleet.NewClients(cfg), nil
}

// awsError keeps an AWS SDK error's chain but shows only the service's own
// code and message after our context, so the user sees one readable line.
type awsError struct {
	msg string
	err error
}

func (e *awsError) Error() string { return e.msg }
func (e *awsError) Unwrap() error { return e.err }

// friendly rewrites an error that carries an AWS API error; others pass.
func friendly(err error) error {
	var ae smithy.APIError
	if err == nil || !errors.As(err, &ae) {
		return err
	}
	msg := err.Error()
	if i := strings.Index(msg, "operation error "); i >= 0 {
		msg = msg[:i] + deploy.APIMessage(err)
	}
	return &awsError{msg: msg, err: err}
}
