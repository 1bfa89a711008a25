package main

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/stackctl/stackctl/internal/awsclient"
	"github.com/stackctl/stackctl/internal/bootreport"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
	"github.com/stackctl/stackctl/internal/octopus"
)

// awsLoader loads the SDK configuration once per region and profile: one
// deploy needs CloudFormation, the fleet check's clients and SSM, and each
// load reads the shared config files and resolves credentials again.
type awsLoader struct {
	mu   sync.Mutex
	cfgs map[[2]string]aws.Config
}

func (l *awsLoader) config(ctx context.Context, region, profile string) (aws.Config, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := [2]string{region, profile}
	if cfg, ok := l.cfgs[key]; ok {
		return cfg, nil
	}
	cfg, err := awsclient.Load(ctx, awsclient.Options{Region: region, Profile: profile})
	if err != nil {
		return aws.Config{}, err
	}
	if l.cfgs == nil {
		l.cfgs = map[[2]string]aws.Config{}
	}
	l.cfgs[key] = cfg
	return cfg, nil
}

func (l *awsLoader) cloudFormation(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error) {
	cfg, err := l.config(ctx, region, profile)
	if err != nil {
		return nil, nil, err
	}
	return awsclient.CloudFormation(cfg), awsclient.NewS3Uploader(cfg), nil
}

func (l *awsLoader) fleet(ctx context.Context, region, profile string) (fleet.Clients, error) {
	cfg, err := l.config(ctx, region, profile)
	if err != nil {
		return fleet.Clients{}, err
	}
	return fleet.NewClients(cfg), nil
}

func (l *awsLoader) ssm(ctx context.Context, region, profile string) (bootreport.SSM, error) {
	cfg, err := l.config(ctx, region, profile)
	if err != nil {
		return nil, err
	}
	return awsclient.SSM(cfg), nil
}

func (l *awsLoader) ec2(ctx context.Context, region, profile string) (octopus.EC2, error) {
	cfg, err := l.config(ctx, region, profile)
	if err != nil {
		return nil, err
	}
	return octopus.NewEC2(cfg), nil
}

// loadAWS, loadFleet and loadSSM load afresh each time: tests point each
// run at its own endpoint.
func loadAWS(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error) {
	return new(awsLoader).cloudFormation(ctx, region, profile)
}

func loadFleet(ctx context.Context, region, profile string) (fleet.Clients, error) {
	return new(awsLoader).fleet(ctx, region, profile)
}

func loadSSM(ctx context.Context, region, profile string) (bootreport.SSM, error) {
	return new(awsLoader).ssm(ctx, region, profile)
}

func loadEC2(ctx context.Context, region, profile string) (octopus.EC2, error) {
	return new(awsLoader).ec2(ctx, region, profile)
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
