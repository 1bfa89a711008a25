package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
)

type deployOptions struct {
	yes, noWait, continueRollback, cancelOnInterrupt, noColor bool
	timeout                                                   time.Duration
	output, bucket                                            string
	fleet                                                     fleetOptions
	apiKeyFile                                                string
}

func newDeployCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "deploy",
		Usage:     "create or update the stack through a change set and wait until it settles",
		UsageText: "stackctl deploy [stack flags] [--yes] [--timeout D] [--output text|json]",
		Description: "Shows the plan (always, also with --yes), asks [y/N] on a terminal (elsewhere\n" +
			"it needs --yes), executes, follows the operation's events until the stack settles,\n" +
			"and prints the outputs. On failure the root causes come first. --timeout and the\n" +
			"first Ctrl-C detach (the stack keeps going; 'stackctl wait' re-attaches); a second\n" +
			"Ctrl-C or --cancel-on-interrupt cancels the update.\n\n" +
			"Example:\n   stackctl deploy --env staging --param MaxSize=6 --yes --timeout 30m",
		Flags: append(append(append(stackFlags(), operationFlags()...), fleetFlags()...), apiKeyFileFlag()),
		Action: func(cCtx *cli.Context) error {
			t, opts, err := parseDeploy(cCtx)
			if err != nil {
				return err
			}
			return runDeploy(cCtx.Context, e, t, opts)
		},
	}
}

// operationFlags are deploy's (and partly diff's) own flags.
func operationFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "do not ask; required without a terminal"},
		&cli.DurationFlag{Name: "timeout", Usage: "stop following after `D` (exit 5; the stack keeps going)"},
		&cli.BoolFlag{Name: "no-wait", Usage: "fail instead of waiting when another operation is running"},
		&cli.BoolFlag{Name: "continue-rollback", Usage: "on UPDATE_ROLLBACK_FAILED, continue the rollback, then deploy"},
		&cli.BoolFlag{Name: "cancel-on-interrupt", Usage: "on Ctrl-C cancel the update (CancelUpdateStack) instead of detaching"},
		&cli.StringFlag{Name: "s3-bucket", Usage: "`BUCKET` for templates over 51,200 bytes (default: the config's s3Bucket)"},
		outputFlag(),
		noColorFlag(),
	}
}

func parseDeploy(cCtx *cli.Context) (*target, deployOptions, error) {
	t, err := stackTarget(cCtx)
	if err != nil {
		return nil, deployOptions{}, err
	}
	opts := deployOptions{
		yes: cCtx.Bool("yes"), noWait: cCtx.Bool("no-wait"), continueRollback: cCtx.Bool("continue-rollback"),
		cancelOnInterrupt: cCtx.Bool("cancel-on-interrupt"), noColor: cCtx.Bool("no-color"),
		timeout: cCtx.Duration("timeout"), output: cCtx.String("output"), bucket: cCtx.String("s3-bucket"),
		fleet: parseFleetOptions(cCtx), apiKeyFile: cCtx.String("api-key-file"),
	}
	if opts.fleet.noVerify && opts.fleet.replaceStale {
		return nil, opts, usagef("--replace-stale needs the fleet check: drop --no-verify")
	}
	if opts.bucket == "" {
		opts.bucket = t.cfg.S3Bucket
	}
	if opts.output != "text" && opts.output != "json" {
		return nil, opts, usagef("--output %q: want text or json", opts.output)
	}
	return t, opts, nil
}

func runDeploy(ctx context.Context, e *env, t *target, opts deployOptions) error {
	req, err := deployRequest(ctx, e, t, opts)
	if err != nil {
		return err
	}
	color := useColor(e, opts.noColor)
	d, err := e.deployer(ctx, t, newProgress(e, color).event)
	if err != nil {
		return friendly(err)
	}
	if err := e.pruneBeforeDeploy(ctx, t, opts); err != nil {
		return err
	}
	runCtx, cancel := e.withTimeout(ctx, opts.timeout)
	defer cancel()
	endGroup := e.logGroup("stackctl deploy " + t.name) // ci.go: a folded log group on GitHub Actions
	res, err := d.Deploy(runCtx, req)
	var det *deploy.DetachedError
	switch {
	case errors.As(err, &det):
		err = e.detached(ctx, d, t, res, det, opts)
	case err != nil && ctx.Err() != nil:
		// Interrupted while planning or at the prompt: nothing was
		// executed, and a change set already made has been deleted.
		err = &codedError{exitInterrupted, fmt.Errorf("interrupted before anything was executed: stack %s is unchanged", t.name)}
	}
	err = e.explainSignals(ctx, t, res, err)
	e.settled(t, res, err, opts.output)
	rep, err := e.afterSettle(ctx, d, t, res, err, opts.fleet)
	endGroup()
	return e.publishDeploy(t, res, e.report(t, res, rep, err, opts.output, color)) // ci.go: GITHUB_OUTPUT, step summary
}

func deployRequest(ctx context.Context, e *env, t *target, opts deployOptions) (deploy.Request, error) {
	tmpl, err := t.template()
	if err != nil {
		return deploy.Request{}, err
	}
	if len(tmpl.Body) > deploy.MaxInlineTemplate && opts.bucket == "" {
		return deploy.Request{}, usagef("the template is %d bytes, over CloudFormation's %d-byte inline limit: pass --s3-bucket BUCKET (or set s3Bucket: in the config)", len(tmpl.Body), deploy.MaxInlineTemplate)
	}
	color := useColor(e, opts.noColor)
	return deploy.Request{
		Stack: t.name, Template: tmpl, Bucket: opts.bucket, Parameters: t.params, Tags: t.tags(),
		TerminationProtection: t.cfg.TerminationProtection, NoWait: opts.noWait, ContinueRollback: opts.continueRollback,
		Guard: func(s *deploy.Stack) error { return checkOwner(t, s) }, // branch.go: never take over another branch's stack
		Confirm: func(p deploy.Plan) (bool, error) {
			printPlan(e.stderr, t.name, p, color)
			return e.confirm(ctx, opts.yes, fmt.Sprintf("Deploy these changes to %s?", t.name))
		},
		ConsentDelete: func(stack, status string) (bool, error) {
			return e.confirm(ctx, opts.yes, fmt.Sprintf("Stack %s is %s and must be deleted before it can be created again. Delete it?", stack, status))
		},
	}, nil
}

// report prints the outcome (text to stderr and outputs to stdout, or one
// JSON object on stdout) and returns the error that sets the exit code.
func (e *env) report(t *target, res *deploy.Result, rep *fleet.Report, err error, output string, color bool) error {
	var fe *deploy.StackFailedError
	var fleetErr *fleetError
	if errors.As(err, &fe) && output != "json" {
		printFailure(e.stderr, fe, color)
	}
	if output != "json" {
		printFleet(e.stderr, rep, color)
	}
	if errors.As(err, new(*deploy.FollowError)) {
		fmt.Fprintf(e.stderr, "stack %s keeps going without us. Re-attach with:\n  %s\n", t.name, reattach(t))
	}
	if output == "json" && res != nil && (err == nil || fe != nil || errors.As(err, &fleetErr)) {
		if res.Reasons == nil && fe != nil {
			res.Reasons = fe.Reasons
		}
		if jerr := writeResultJSON(e.stdout, res, rep); jerr != nil {
			return jerr
		}
	}
	if err != nil {
		return friendly(err)
	}
	if output == "text" && len(res.Outputs) > 0 {
		printOutputs(e.stdout, res.Outputs)
	}
	return nil
}

// settled says how the operation ended, before the fleet check starts, so
// the transcript reads in the order things happened.
func (e *env) settled(t *target, res *deploy.Result, err error, output string) {
	if err != nil || res == nil || output == "json" {
		return
	}
	if res.NoChanges {
		fmt.Fprintf(e.stderr, "no changes: stack %s is up to date (%s)\n", t.name, res.Status)
		return
	}
	fmt.Fprintf(e.stderr, "stack %s: %s in %s\n", t.name, res.Status, elapsed(res.Duration))
}
