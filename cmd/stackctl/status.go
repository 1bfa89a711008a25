package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
)

func newStatusCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "show the stack's status, last operation, resources and outputs",
		UsageText: "stackctl status [stack flags] [--output text|json]",
		Description: "Prints the stack's status and reason, when it was created and last\n" +
			"updated, each resource with its status, and the outputs.\n\n" +
			"Example:\n   stackctl status --env staging",
		Flags: append(stackFlags(),
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
			return runStatus(cCtx.Context, e, t, out, e.stdoutColor(cCtx.Bool("no-color")))
		},
	}
}

type statusJSON struct {
	*deploy.Stack
	Resources []deploy.Resource `json:"resources"`
	Fleet     *fleet.Report     `json:"fleet,omitempty"`
}

func runStatus(ctx context.Context, e *env, t *target, output string, color bool) error {
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
	res, err := d.Resources(ctx, s.ID)
	if err != nil {
		return friendly(err)
	}
	rep, ferr := e.fleetStatus(ctx, t, res)
	if output == "json" {
		if err := writeJSON(e.stdout, statusJSON{Stack: s, Resources: res, Fleet: rep}); err != nil {
			return err
		}
	} else {
		printStatus(e.stdout, s, res, color)
		if rep != nil {
			fmt.Fprintln(e.stdout)
			printFleet(e.stdout, rep, color)
		}
	}
	return friendly(ferr)
}

// fleetStatus takes one look at the fleet of a stack that has a group; a
// fleet with problems is a *fleetError (exit 4).
func (e *env) fleetStatus(ctx context.Context, t *target, res []deploy.Resource) (*fleet.Report, error) {
	if !slices.ContainsFunc(res, func(r deploy.Resource) bool { return r.LogicalID == build.GroupID && r.PhysicalID != "" }) {
		return nil, nil
	}
	c, err := e.checker(ctx, t, res, io.Discard)
	if err != nil {
		return nil, fmt.Errorf("fleet check: %w", err)
	}
	rep, err := c.Check(ctx)
	if err != nil {
		return nil, fmt.Errorf("fleet check: %w", err)
	}
	if !rep.Converged() {
		return rep, &fleetError{fmt.Errorf("fleet of stack %s is not converged: %s", t.name, strings.Join(rep.Failing(), "; "))}
	}
	return rep, nil
}

func printStatus(w io.Writer, s *deploy.Stack, res []deploy.Resource, color bool) {
	fmt.Fprintf(w, "Stack   %s\nStatus  %s%s\n", s.Name, paint(color, statusColor(s.Status), s.Status), reasonSuffix(s.Reason))
	fmt.Fprintf(w, "Created %s\n", stamp(s.Created))
	if !s.Updated.IsZero() {
		fmt.Fprintf(w, "Updated %s\n", stamp(s.Updated))
	}
	if s.Protected {
		fmt.Fprintln(w, "Termination protection on")
	}
	fmt.Fprintln(w, "\nResources:")
	width := 0
	for _, r := range res {
		width = max(width, len(r.LogicalID))
	}
	for _, r := range res {
		fmt.Fprintf(w, "  %s %-*s %s %s%s\n", paint(color, statusColor(r.Status), fmt.Sprintf("%-20s", r.Status)), width, r.LogicalID, r.Type, r.PhysicalID, reasonSuffix(r.Reason))
	}
	if len(s.Outputs) > 0 {
		fmt.Fprintln(w, "\nOutputs:")
		printOutputsPrefixed(w, "  ", s.Outputs)
	}
}
