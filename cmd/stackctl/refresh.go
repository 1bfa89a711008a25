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

func newRefreshCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "refresh",
		Usage:     "replace stale instances with an instance refresh, follow it, verify the fleet",
		UsageText: "stackctl refresh [stack flags] [--verify-timeout D] [--timeout D]",
		Description: "Checks the fleet; when instances run an older launch configuration or\n" +
			"launch-template version, starts an instance refresh (at least 90% healthy,\n" +
			"warm-up no shorter than the bootstrap), follows it, and verifies again. Exits\n" +
			"0 when the fleet converges, 4 when it does not or the refresh fails.\n\n" +
			"Example:\n   stackctl refresh --env production --timeout 1h",
		Flags: append(stackFlags(),
			&cli.DurationFlag{Name: "verify-timeout", Value: 10 * time.Minute, Usage: "how long the fleet may take to converge after the refresh (`D`)"},
			&cli.DurationFlag{Name: "timeout", Usage: "stop following the refresh after `D` (exit 5; it keeps going)"},
			outputFlag(),
			noColorFlag(),
		),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			out, err := parseOutput(cCtx)
			if err != nil {
				return err
			}
			return runRefresh(cCtx.Context, e, t, cCtx.Duration("timeout"), cCtx.Duration("verify-timeout"), out, useColor(e, cCtx.Bool("no-color")))
		},
	}
}

func runRefresh(ctx context.Context, e *env, t *target, timeout, verify time.Duration, output string, color bool) error {
	d, err := e.deployer(ctx, t, nil)
	if err != nil {
		return friendly(err)
	}
	s, err := d.Describe(ctx, t.name)
	if errors.Is(err, deploy.ErrNotFound) {
		return stackNotFound(t)
	}
	if err != nil {
		return friendly(err)
	}
	runCtx, cancel := e.withTimeout(ctx, timeout)
	defer cancel()
	rep, err := e.verifyFleet(runCtx, d, t, s.ID, fleetOptions{replaceStale: true, verifyTimeout: verify})
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		err = &codedError{exitTimeout, fmt.Errorf("stopped following the instance refresh of %s after %s; it keeps going: re-run %s", t.name, timeout, refreshLine(t))}
	}
	if output == "json" {
		if jerr := writeJSON(e.stdout, struct {
			Stack string        `json:"stack"`
			Fleet *fleet.Report `json:"fleet"`
		}{t.name, rep}); jerr != nil {
			return jerr
		}
	} else {
		printFleet(e.stderr, rep, color)
	}
	return friendly(err)
}

func refreshLine(t *target) string {
	line := "stackctl refresh --stack " + t.name
	if t.region != "" {
		line += " --region " + t.region
	}
	return line
}
