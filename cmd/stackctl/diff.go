package main

import (
	"context"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
)

func newDiffCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "show what a deploy would change (a change set, printed and deleted)",
		UsageText: "stackctl diff [stack flags] [--no-color]",
		Description: "Creates a change set, prints it (action, logical id, type, replacement,\n" +
			"changed properties, summary) on stdout, and deletes it: nothing changes.\n" +
			"For a stack that does not exist yet the plan comes from the template.\n\n" +
			"Example:\n   stackctl diff --env staging --param MaxSize=6",
		Flags: append(stackFlags(),
			&cli.StringFlag{Name: "s3-bucket", Usage: "`BUCKET` for templates over 51,200 bytes (default: the config's s3Bucket)"},
			noColorFlag(),
		),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			opts := deployOptions{yes: true, noColor: cCtx.Bool("no-color"), bucket: cCtx.String("s3-bucket")}
			if opts.bucket == "" {
				opts.bucket = t.cfg.S3Bucket
			}
			return runDiff(cCtx.Context, e, t, opts)
		},
	}
}

func runDiff(ctx context.Context, e *env, t *target, opts deployOptions) error {
	req, err := deployRequest(ctx, e, t, opts)
	if err != nil {
		return err
	}
	color := e.stdoutColor(opts.noColor)
	req.DiffOnly = true
	req.Confirm = func(p deploy.Plan) (bool, error) {
		printPlan(e.stdout, t.name, p, color)
		return true, nil
	}
	req.ConsentDelete = nil
	d, err := e.deployer(ctx, t, newProgress(e, useColor(e, opts.noColor)).event)
	if err != nil {
		return friendly(err)
	}
	res, err := d.Deploy(ctx, req)
	if err != nil {
		return friendly(err)
	}
	if res.NoChanges {
		fmt.Fprintf(e.stdout, "No changes: stack %s is up to date.\n", t.name)
	}
	return nil
}

// stdoutColor: the plan of diff goes to stdout; colour it only when
// stdout is that same terminal (stderr's TTY-ness stands in for it).
func (e *env) stdoutColor(noColor bool) bool {
	return e.stdoutTTY && !noColor && e.getenv("NO_COLOR") == ""
}
