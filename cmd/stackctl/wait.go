package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
)

func newWaitCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "wait",
		Usage:     "re-attach to a running operation and follow it until the stack settles",
		UsageText: "stackctl wait [stack flags] [--timeout D] [--output text|json]",
		Description: "Follows whatever operation is running on the stack (after a Ctrl-C, a\n" +
			"--timeout or a restarted CI job), verifies the fleet, and exits with deploy's\n" +
			"codes: 0 settled fine, 3 failed or rolled back (root causes first), 4 fleet\n" +
			"not converged, 5 timed out.\n\n" +
			"Example:\n   stackctl wait --stack web-staging --timeout 20m",
		Flags: append(append(stackFlags(),
			&cli.DurationFlag{Name: "timeout", Usage: "stop following after `D` (exit 5)"},
			outputFlag(),
			noColorFlag(),
		), fleetFlags()...),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			opts := deployOptions{timeout: cCtx.Duration("timeout"), output: cCtx.String("output"), noColor: cCtx.Bool("no-color"),
				fleet: parseFleetOptions(cCtx)}
			if opts.output != "text" && opts.output != "json" {
				return usagef("--output %q: want text or json", opts.output)
			}
			return runWait(cCtx.Context, e, t, opts)
		},
	}
}

func runWait(ctx context.Context, e *env, t *target, opts deployOptions) error {
	color := useColor(e, opts.noColor)
	d, err := e.deployer(ctx, t, newProgress(e, color).event)
	if err != nil {
		return friendly(err)
	}
	runCtx, cancel := e.withTimeout(ctx, opts.timeout)
	defer cancel()
	res, err := d.Wait(runCtx, t.name)
	if errors.Is(err, deploy.ErrNotFound) {
		return stackNotFound(t)
	}
	var det *deploy.DetachedError
	if errors.As(err, &det) {
		err = e.detached(ctx, d, t, res, det, deployOptions{})
	}
	err = e.explainSignals(ctx, t, res, err)
	e.settled(t, res, err, opts.output)
	rep, err := e.afterSettle(ctx, d, t, res, err, opts.fleet)
	return e.report(t, res, rep, err, opts.output, color)
}

// detached explains a stop in following: a timeout (exit 5) or a Ctrl-C
// (exit 130). On Ctrl-C during an update, --cancel-on-interrupt or a second
// Ctrl-C within the grace period cancels the update and follows the
// rollback instead.
func (e *env) detached(ctx context.Context, d *deploy.Deployer, t *target, res *deploy.Result, det *deploy.DetachedError, opts deployOptions) error {
	status := det.Status
	if status == "" {
		status = "in progress"
	}
	if errors.Is(det.Err, context.DeadlineExceeded) {
		fmt.Fprintf(e.stderr, "timed out after %s; stack %s is still %s and keeps going. Re-attach with:\n  %s\n", opts.timeout, t.name, status, reattach(t))
		return &codedError{code: exitTimeout, err: fmt.Errorf("timed out following stack %s (still running)", t.name)}
	}
	canCancel := res != nil && res.Operation == "update" && det.StackID != ""
	fmt.Fprintf(e.stderr, "interrupted: stopped following; stack %s keeps going (%s). Re-attach with:\n  %s\n", t.name, status, reattach(t))
	if canCancel && !opts.cancelOnInterrupt {
		fmt.Fprintf(e.stderr, "Press Ctrl-C again within %s to cancel the update instead.\n", e.grace)
		select {
		case <-e.interrupted:
			opts.cancelOnInterrupt = true
		case <-time.After(e.grace):
		}
	}
	if !canCancel || !opts.cancelOnInterrupt {
		return &codedError{code: exitInterrupted, err: fmt.Errorf("interrupted; stack %s is still running", t.name)}
	}
	cres, err := d.Cancel(context.WithoutCancel(ctx), t.name, det.StackID)
	var fe *deploy.StackFailedError
	if errors.As(err, &fe) {
		*res = *cres
		fmt.Fprintf(e.stderr, "update cancelled: stack %s is %s\n", t.name, fe.Status)
		return &codedError{code: exitInterrupted, err: fmt.Errorf("update of stack %s cancelled and rolled back", t.name)}
	}
	if err != nil {
		return friendly(err)
	}
	return &codedError{code: exitInterrupted, err: fmt.Errorf("interrupted; the update of stack %s finished before the cancel (%s)", t.name, cres.Status)}
}
