package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
)

type deleteOptions struct {
	yes, force, noColor bool
	output              string
	timeout             time.Duration
}

func newDeleteCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "delete",
		Usage:     "delete the stack and wait until it is gone",
		UsageText: "stackctl delete [stack flags] [--yes] [--force-unprotect] [--timeout D]",
		Description: "Asks [y/N] on a terminal (elsewhere it needs --yes), deletes the stack,\n" +
			"follows the deletion and, on DELETE_FAILED, names the resources that blocked\n" +
			"it. A stack with termination protection is refused unless --force-unprotect.\n" +
			"A stack that does not exist is not an error: CI teardown can run twice.\n\n" +
			"Example:\n   stackctl delete --branch \"$BRANCH\" --yes",
		Flags: append(stackFlags(),
			&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "do not ask; required without a terminal"},
			&cli.BoolFlag{Name: "force-unprotect", Usage: "turn termination protection off first"},
			&cli.DurationFlag{Name: "timeout", Usage: "stop following after `D` (exit 5; the deletion keeps going)"},
			noColorFlag(),
		),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			opts := deleteOptions{yes: cCtx.Bool("yes"), force: cCtx.Bool("force-unprotect"), noColor: cCtx.Bool("no-color"),
				timeout: cCtx.Duration("timeout")}
			return runDelete(cCtx.Context, e, t, opts)
		},
	}
}

func runDelete(ctx context.Context, e *env, t *target, opts deleteOptions) error {
	color := useColor(e, opts.noColor)
	d, err := e.deployer(ctx, t, newProgress(e, color).event)
	if err != nil {
		return friendly(err)
	}
	runCtx, cancel := e.withTimeout(ctx, opts.timeout)
	defer cancel()
	res, err := d.Delete(runCtx, deploy.DeleteRequest{
		Stack: t.name, ForceUnprotect: opts.force,
		Confirm: func(s *deploy.Stack) (bool, error) {
			if err := checkOwner(t, s); err != nil { // --branch deletes only that branch's stack
				return false, err
			}
			return e.confirm(ctx, opts.yes, fmt.Sprintf("Delete stack %s (%s) and everything in it?", s.Name, s.Status))
		},
	})
	if errors.Is(err, deploy.ErrNotFound) {
		fmt.Fprintf(e.stderr, "stack %s does not exist in %s: nothing to delete\n", t.name, regionName(t.region))
		return nil
	}
	var det *deploy.DetachedError
	if errors.As(err, &det) {
		return e.detached(ctx, d, t, res, det, deployOptions{timeout: opts.timeout})
	}
	var fe *deploy.StackFailedError
	if errors.As(err, &fe) {
		fmt.Fprintln(e.stderr, "These resources blocked the deletion (fix or retain them, then delete again):")
		printFailure(e.stderr, fe, color)
		return err
	}
	if err != nil {
		return friendly(err)
	}
	fmt.Fprintf(e.stderr, "stack %s deleted in %s\n", t.name, elapsed(res.Duration))
	e.deleteReports(ctx, t)
	return nil
}
