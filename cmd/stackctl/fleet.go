package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
)

// fleetOptions control the check that closes the lost update signal: after
// the stack settles, every instance must be in service, healthy, on the
// stack's current configuration and carrying its Environment and Role.
type fleetOptions struct {
	noVerify, replaceStale bool
	verifyTimeout          time.Duration
}

func fleetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "no-verify", Usage: "skip the fleet check after the stack settles"},
		&cli.DurationFlag{Name: "verify-timeout", Value: 10 * time.Minute, Usage: "how long the fleet may take to converge (exit 4 after `D`)"},
		&cli.BoolFlag{Name: "replace-stale", Usage: "replace instances on an older configuration with an instance refresh, then verify"},
	}
}

func parseFleetOptions(cCtx *cli.Context) fleetOptions {
	return fleetOptions{
		noVerify: cCtx.Bool("no-verify"), replaceStale: cCtx.Bool("replace-stale"),
		verifyTimeout: cCtx.Duration("verify-timeout"),
	}
}

// fleetError is a fleet that did not converge: exit 4, naming each
// instance and why.
type fleetError struct{ err error }

func (e *fleetError) Error() string { return e.err.Error() }
func (e *fleetError) Unwrap() error { return e.err }

// checker builds the fleet checker of a stack from its resources' physical
// ids and the Environment and Role it was deployed with.
func (e *env) checker(ctx context.Context, t *target, resources []deploy.Resource, w io.Writer) (*fleet.Checker, error) {
	physical := map[string]string{}
	for _, r := range resources {
		physical[r.LogicalID] = r.PhysicalID
	}
	envName, role := t.cfg.Env, t.cfg.Role
	if v, ok := t.params["Environment"]; ok {
		envName = v
	}
	if v, ok := t.params["Role"]; ok {
		role = v
	}
	tgt, err := fleet.TargetFrom(physical, envName, role)
	if err != nil {
		return nil, err
	}
	clients, err := e.fleet(ctx, t.region, t.profile)
	if err != nil {
		return nil, err
	}
	p := &fleetProgress{w: w, now: e.now}
	return &fleet.Checker{Clients: clients, Target: tgt, Now: e.now, Sleep: e.sleep, OnReport: p.report, OnRefresh: p.refresh}, nil
}

// afterSettle runs the fleet check once an operation has settled well (not
// on an error): the stack settling proves nothing about the instances
// behind it, and "no changes" can hide a stale one.
func (e *env) afterSettle(ctx context.Context, d *deploy.Deployer, t *target, res *deploy.Result, err error, opts fleetOptions) (*fleet.Report, error) {
	if err != nil || res == nil || opts.noVerify || strings.HasPrefix(res.Status, "DELETE_") {
		return nil, err // a deleted stack has no fleet to check
	}
	stack := res.StackID
	if stack == "" {
		stack = t.name
	}
	return e.verifyFleet(ctx, d, t, stack, opts)
}

// verifyFleet runs the fleet check after a deploy (or refresh) and returns
// the last report; a fleet that does not converge is a *fleetError.
func (e *env) verifyFleet(ctx context.Context, d *deploy.Deployer, t *target, stack string, opts fleetOptions) (*fleet.Report, error) {
	resources, err := d.Resources(ctx, stack)
	if err != nil {
		return nil, fmt.Errorf("fleet check: %w", err)
	}
	c, err := e.checker(ctx, t, resources, e.stderr)
	if err != nil {
		return nil, fmt.Errorf("fleet check: %w", err)
	}
	var rep *fleet.Report
	if opts.replaceStale {
		rep, err = c.ReplaceStale(ctx, fleet.RefreshOptions{}, opts.verifyTimeout, 0)
	} else {
		rep, err = c.Wait(ctx, opts.verifyTimeout, 0)
	}
	return rep, fleetFailure(t, rep, err)
}

// fleetFailure turns the fleet package's outcomes into exit codes: not
// converged or a failed refresh is 4, a detached refresh follows the
// context (5 on --timeout, 130 on Ctrl-C).
func fleetFailure(t *target, rep *fleet.Report, err error) error {
	var nc *fleet.NotConvergedError
	var rf *fleet.RefreshFailedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nc):
		return &fleetError{fmt.Errorf("stack %s settled, but its fleet did not converge in %s: %s", t.name, nc.Timeout, strings.Join(rep.Failing(), "; "))}
	case errors.As(err, &rf):
		return &fleetError{fmt.Errorf("stack %s settled, but replacing stale instances failed: %w", t.name, err)}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("fleet check of %s interrupted (the stack has settled; 'stackctl status' shows the fleet): %w", t.name, err)
	}
	return fmt.Errorf("fleet check of %s: %w", t.name, err)
}

// fleetProgress prints a line each time the fleet's state changes while
// the check waits, so a slow convergence is never silent.
type fleetProgress struct {
	w    io.Writer
	now  func() time.Time
	last string
}

func (p *fleetProgress) report(r *fleet.Report) {
	line := fmt.Sprintf("fleet %s: %d of %d desired ready", r.Group, r.Ready, r.Desired)
	if f := r.Failing(); len(f) > 0 {
		line += "; waiting on " + strings.Join(f, "; ")
	}
	if line == p.last {
		return
	}
	p.last = line
	fmt.Fprintf(p.w, "%s  %s\n", p.now().UTC().Format(time.RFC3339), line)
}

func (p *fleetProgress) refresh(r fleet.RefreshProgress) {
	line := fmt.Sprintf("instance refresh %s of %s: %s, %d%% done", r.ID, r.Group, r.Status, r.Percentage)
	if r.Reason != "" {
		line += ": " + r.Reason
	}
	fmt.Fprintf(p.w, "%s  %s\n", r.Time.UTC().Format(time.RFC3339), line)
}

// printFleet writes the fleet table: one row per instance, then every
// problem by instance.
func printFleet(w io.Writer, r *fleet.Report, color bool) {
	if r == nil {
		return
	}
	fmt.Fprintf(w, "Fleet of %s: %d of %d desired InService, configuration %s\n", r.Group, r.InService, r.Desired, r.Config)
	rows := [][]string{{"INSTANCE", "ZONE", "LIFECYCLE", "HEALTH", "CONFIGURATION", "LOAD BALANCER", "TAGS", "STATE"}}
	for _, i := range r.Instances {
		tags, state := "ok", "ok"
		if !i.TagsOK {
			tags = "missing"
		}
		switch {
		case i.Stale:
			state = "stale"
		case !i.OK():
			state = "not ready"
		}
		rows = append(rows, []string{i.InstanceID, i.Zone, i.Lifecycle, i.Health, i.Config, i.LoadBalancer, tags, state})
	}
	writeTable(w, rows, func(row []string, cell string) string {
		if cell == "stale" || cell == "not ready" {
			return paint(color, red, cell)
		}
		return cell
	})
	for _, f := range r.Failing() {
		fmt.Fprintf(w, "  %s %s\n", paint(color, red, "!"), f)
	}
}

// writeTable aligns rows into columns two spaces apart.
func writeTable(w io.Writer, rows [][]string, style func(row []string, cell string) string) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], len(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range row {
			s := style(row, c)
			if i < len(row)-1 {
				s += strings.Repeat(" ", widths[i]-len(c)+2)
			}
			b.WriteString(s)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
