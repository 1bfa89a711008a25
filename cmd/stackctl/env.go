package main

import (
	"context"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/stackctl/stackctl/internal/bootreport"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
	"github.com/stackctl/stackctl/internal/octopus"
)

// env carries what commands need from the outside world, so that tests can
// run every command with buffers, a fixed clock and fakes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// stdinTTY and stderrTTY say whether prompts and live views are possible.
	stdinTTY, stderrTTY bool
	stdoutTTY           bool
	// width is the terminal width of stderr (0 when not a terminal).
	width  int
	getenv func(string) string
	now    func() time.Time

	// aws builds the CloudFormation client (and the S3 uploader for large
	// templates) only when a stack command runs: render, validate and
	// --help never load AWS credentials.
	aws func(ctx context.Context, region, profile string) (deploy.CloudFormation, deploy.Uploader, error)
	// fleet builds the Auto Scaling, load balancer and EC2 clients of the
	// fleet check, as lazily as aws.
	fleet func(ctx context.Context, region, profile string) (fleet.Clients, error)
	// ssm reads (and deletes) the instances' bootstrap failure reports.
	ssm func(ctx context.Context, region, profile string) (bootreport.SSM, error)
	// sleep and timeout replace real waiting in tests (nil: real time).
	sleep   func(ctx context.Context, d time.Duration) error
	timeout func(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc)
	// interrupted is closed on the second Ctrl-C (the first cancels the
	// command's context); grace is how long a detaching deploy waits for it.
	interrupted <-chan struct{}
	grace       time.Duration
	// tune adjusts each Deployer (tests: poll interval, tokens, jitter).
	tune func(*deploy.Deployer)
	// git runs git and returns its trimmed stdout (nil: no git, as in
	// tests); it finds the branch and commit when CI variables do not.
	git func(ctx context.Context, args ...string) (string, error)
	// ec2 builds the EC2 lookup for octopus prune, only when it runs.
	ec2 func(ctx context.Context, region, profile string) (octopus.EC2, error)
}

func newEnv() *env {
	aws := new(awsLoader) // one SDK configuration for all of a command's clients
	return &env{
		stdin:     os.Stdin,
		stdout:    os.Stdout,
		stderr:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		width:     termWidth(),
		getenv:    os.Getenv,
		now:       time.Now,
		aws:       aws.cloudFormation,
		fleet:     aws.fleet,
		ssm:       aws.ssm,
		ec2:       aws.ec2,
		git:       execGit,
		grace:     3 * time.Second,
	}
}

func termWidth() int {
	w, _, err := term.GetSize(int(os.Stderr.Fd()))
	if err != nil {
		return 0
	}
	return w
}
