package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/build"
)

type gcOptions struct {
	where        *target
	olderThan    time.Duration
	keepBranches string
	dryRun, yes  bool
	parallel     int
	output       string
	// permanent are the config's environments gc never deletes.
	permanent map[string]bool
}

func newGCCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "gc",
		Usage:     "delete managed branch stacks that are idle or whose branch is gone",
		UsageText: "stackctl gc [--older-than D] [--keep-branches FILE|-] [--dry-run] [--yes] [--parallel N]",
		Description: "Deletes branch stacks not updated for --older-than, and those whose branch is\n" +
			"not in --keep-branches (one name a line, or 'git ls-remote --heads origin'\n" +
			"output as is; - reads stdin). Never touches a stack without stackctl's tags, a\n" +
			"stack without a branch tag (a permanent environment), a protected stack or one\n" +
			"in the middle of an operation. Prints what goes on stdout (all of it with\n" +
			"--dry-run), asks [y/N] on a terminal (elsewhere it needs --yes), deletes up to\n" +
			"--parallel stacks at once and ends with a summary.\n\n" +
			"Example:\n   git ls-remote --heads origin | stackctl gc --older-than 72h --keep-branches - --yes",
		Flags: append(regionFlags(),
			&cli.DurationFlag{Name: "older-than", Usage: "delete branch stacks idle longer than `D` (e.g. 72h)"},
			&cli.StringFlag{Name: "keep-branches", Usage: "`FILE` of live branches (- for stdin); stacks of other branches go"},
			&cli.BoolFlag{Name: "dry-run", Usage: "print what would be deleted; change nothing"},
			&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "do not ask; required without a terminal"},
			&cli.IntFlag{Name: "parallel", Value: 4, Usage: "delete at most `N` stacks at once (1-16)"},
			&cli.StringFlag{Name: "config", Aliases: []string{"c"}, EnvVars: []string{"STACKCTL_CONFIG"}, Usage: "config `FILE` whose permanent: environments are never deleted"},
			outputFlag(),
		),
		Action: func(cCtx *cli.Context) error {
			o, err := parseGC(cCtx)
			if err != nil {
				return err
			}
			return runGC(cCtx.Context, e, o)
		},
	}
}

func parseGC(cCtx *cli.Context) (gcOptions, error) {
	if err := checkArgs(cCtx, 0); err != nil {
		return gcOptions{}, err
	}
	o := gcOptions{
		where:     &target{region: cCtx.String("region"), profile: cCtx.String("profile")},
		olderThan: cCtx.Duration("older-than"), keepBranches: cCtx.String("keep-branches"),
		dryRun: cCtx.Bool("dry-run"), yes: cCtx.Bool("yes"), parallel: cCtx.Int("parallel"), output: cCtx.String("output"),
	}
	if path := cCtx.String("config"); path != "" {
		c, err := build.Load(path, "")
		if err != nil {
			return o, err
		}
		o.permanent = map[string]bool{}
		for _, env := range c.Permanent {
			o.permanent[env] = true
		}
	}
	switch {
	case o.olderThan < 0:
		return o, usagef("--older-than %s: want a positive duration", o.olderThan)
	case o.olderThan == 0 && o.keepBranches == "":
		return o, usagef("gc needs --older-than D, --keep-branches FILE, or both")
	case o.parallel < 1 || o.parallel > 16:
		return o, usagef("--parallel %d: want 1 to 16", o.parallel)
	case o.output != "text" && o.output != "json":
		return o, usagef("--output %q: want text or json", o.output)
	}
	return o, nil
}

func runGC(ctx context.Context, e *env, o gcOptions) error {
	live, err := e.readLive(o.keepBranches)
	if err != nil {
		return err
	}
	stacks, err := e.managedStacks(ctx, o.where)
	if err != nil {
		return err
	}
	plan := branch.Plan(stacks, branch.Policy{Now: e.now(), OlderThan: o.olderThan, Live: live, Permanent: o.permanent})
	doomed := doomedOf(plan)
	fmt.Fprintf(e.stderr, "gc: %d of %d managed stacks to delete in %s\n", len(doomed), len(plan), regionName(o.where.region))
	if o.dryRun || len(doomed) == 0 {
		return printGC(e.stdout, o.output, o.dryRun, planRows(doomed))
	}
	if o.output == "text" {
		if err := printGC(e.stdout, o.output, false, planRows(doomed)); err != nil {
			return err
		}
	}
	ok, err := e.confirm(ctx, o.yes, fmt.Sprintf("Delete these %d stacks?", len(doomed)))
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("gc declined; nothing deleted")
	}
	return e.collect(ctx, o, doomed)
}

// readLive reads --keep-branches; nil when not given. An empty list is
// refused: it would make every branch stack look orphaned.
func (e *env) readLive(path string) (map[string]bool, error) {
	if path == "" {
		return nil, nil
	}
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usagef("--keep-branches: %v", err)
		}
		defer f.Close()
		r = f
	}
	live, err := branch.ParseLive(r)
	if err != nil {
		return nil, usagef("--keep-branches %s: %v", path, err)
	}
	if len(live) == 0 {
		return nil, usagef("--keep-branches %s: no branches in it; refusing to treat every branch as gone", path)
	}
	return live, nil
}

func doomedOf(plan []branch.Decision) []branch.Decision {
	var out []branch.Decision
	for _, d := range plan {
		if d.Delete {
			out = append(out, d)
		}
	}
	return out
}

// collect deletes the doomed stacks, at most o.parallel at once, logging
// each outcome, and ends with a summary; a failed deletion means exit 3.
func (e *env) collect(ctx context.Context, o gcOptions, doomed []branch.Decision) error {
	d, err := e.deployer(ctx, o.where, nil)
	if err != nil {
		return friendly(err)
	}
	start := e.now()
	log := &lockedWriter{w: e.stderr}
	outcomes := branch.Collect(ctx, d, doomed, o.parallel, func(r branch.Outcome) {
		fmt.Fprintf(log, "%s  %s %s (branch %s)%s\n", stamp(e.now()), r.Result, r.Name, r.Branch, reasonSuffix(errText(r.Err)))
	})
	rows := make([]gcRow, len(outcomes))
	for i, r := range outcomes {
		rows[i] = newGCRow(r.Decision, r.Result, r.Err)
	}
	if o.output == "json" {
		if err := printGC(e.stdout, o.output, false, rows); err != nil {
			return err
		}
	}
	return summarize(e.stderr, rows, e.now().Sub(start))
}

// gcRow is one stack gc selected and what became of it.
type gcRow struct {
	branch.Decision
	IdleSeconds int64  `json:"idleSeconds"`
	Outcome     string `json:"outcome"` // planned, deleted, gone, skipped, failed
	Error       string `json:"error,omitempty"`
}

func newGCRow(d branch.Decision, outcome string, err error) gcRow {
	return gcRow{Decision: d, IdleSeconds: int64(d.Idle.Seconds()), Outcome: outcome, Error: errText(err)}
}

func planRows(ds []branch.Decision) []gcRow {
	rows := make([]gcRow, len(ds))
	for i, d := range ds {
		rows[i] = newGCRow(d, "planned", nil)
	}
	return rows
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return friendly(err).Error()
}

// printGC writes the stacks: a table of name, branch, idle time and
// reason, or one JSON object.
func printGC(w io.Writer, output string, dryRun bool, rows []gcRow) error {
	if output == "json" {
		return writeJSON(w, gcJSON{DryRun: dryRun, Stacks: rows})
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Branch, branch.Round(r.Idle), r.Reason)
	}
	return tw.Flush()
}

type gcJSON struct {
	DryRun bool    `json:"dryRun"`
	Stacks []gcRow `json:"stacks"`
}

// summarize prints the counts; any failure is an exit-3 error.
func summarize(w io.Writer, rows []gcRow, took time.Duration) error {
	n := map[string]int{}
	for _, r := range rows {
		n[r.Outcome]++
	}
	fmt.Fprintf(w, "gc: %d deleted, %d already gone, %d skipped, %d failed in %s\n",
		n[branch.Deleted], n[branch.Gone], n[branch.Skipped], n[branch.Failed], elapsed(took))
	if n[branch.Failed] > 0 {
		return &codedError{code: exitFailed, err: fmt.Errorf("gc: %d of %d deletions failed", n[branch.Failed], len(rows))}
	}
	return nil
}

// lockedWriter serialises the log lines of parallel deletions.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
