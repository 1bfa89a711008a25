package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/deploy"
)

// regionFlags select where a region-wide command (list, gc) looks.
func regionFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "region", EnvVars: []string{"STACKCTL_REGION"}, Usage: "AWS `REGION` (default: the SDK's chain)"},
		&cli.StringFlag{Name: "profile", Usage: "AWS shared config `PROFILE`"},
	}
}

func newListCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "list",
		Usage:     "list the stacks stackctl manages, with branch, status and age",
		UsageText: "stackctl list [--region R] [--profile P] [--output text|json]",
		Description: "Lists every stack in the region that carries stackctl's tags, with its branch\n" +
			"(empty for a permanent environment), environment, status, when it was created\n" +
			"and last updated, its age and how long it has been idle (what gc compares).\n" +
			"It reads DescribeStacks page by page: no call per stack.\n\n" +
			"Example:\n   stackctl list --output json | jq -r '.[] | select(.branch != \"\") | .stack'",
		Flags: append(regionFlags(),
			outputFlag(),
		),
		Action: func(cCtx *cli.Context) error {
			if err := checkArgs(cCtx, 0); err != nil {
				return err
			}
			out, err := parseOutput(cCtx)
			if err != nil {
				return err
			}
			return runList(cCtx.Context, e, &target{region: cCtx.String("region"), profile: cCtx.String("profile")}, out)
		},
	}
}

func runList(ctx context.Context, e *env, where *target, output string) error {
	stacks, err := e.managedStacks(ctx, where)
	if err != nil {
		return err
	}
	rows := make([]listRow, 0, len(stacks))
	for i := range stacks {
		rows = append(rows, newListRow(&stacks[i], e.now()))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Stack < rows[j].Stack })
	if output == "json" {
		return writeJSON(e.stdout, rows)
	}
	printList(e.stdout, rows)
	if len(rows) == 0 {
		fmt.Fprintf(e.stderr, "no stacks managed by stackctl in %s\n", regionName(where.region))
	}
	return nil
}

// managedStacks lists the region's stacks that carry stackctl's tags.
func (e *env) managedStacks(ctx context.Context, where *target) ([]deploy.Stack, error) {
	d, err := e.deployer(ctx, where, nil)
	if err != nil {
		return nil, friendly(err)
	}
	stacks, err := d.List(ctx, branch.Managed)
	if err != nil {
		return nil, friendly(err)
	}
	return stacks, nil
}

// listRow is one stack of list's output; JSON field names are stable.
type listRow struct {
	Stack       string    `json:"stack"`
	ID          string    `json:"stackId"`
	Branch      string    `json:"branch"`
	Env         string    `json:"env"`
	Config      string    `json:"config"`
	Commit      string    `json:"commit,omitempty"`
	Status      string    `json:"status"`
	Protected   bool      `json:"terminationProtection"`
	Created     time.Time `json:"created"`
	Updated     time.Time `json:"updated,omitzero"`
	AgeSeconds  int64     `json:"ageSeconds"`
	IdleSeconds int64     `json:"idleSeconds"`
}

func newListRow(s *deploy.Stack, now time.Time) listRow {
	return listRow{
		Stack: s.Name, ID: s.ID, Branch: s.Tags[branch.TagBranch], Env: s.Tags[branch.TagEnv],
		Config: s.Tags[branch.TagConfig], Commit: s.Tags[branch.TagCommit], Status: s.Status, Protected: s.Protected,
		Created: s.Created, Updated: s.Updated,
		AgeSeconds:  int64(now.Sub(s.Created).Seconds()),
		IdleSeconds: int64(now.Sub(branch.LastActivity(s)).Seconds()),
	}
}

func printList(w io.Writer, rows []listRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK\tBRANCH\tENV\tSTATUS\tCREATED\tUPDATED\tAGE\tIDLE")
	for _, r := range rows {
		updated := "-"
		if !r.Updated.IsZero() {
			updated = stamp(r.Updated)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Stack, orDash(r.Branch), orDash(r.Env), r.Status,
			stamp(r.Created), updated, branch.Round(time.Duration(r.AgeSeconds)*time.Second),
			branch.Round(time.Duration(r.IdleSeconds)*time.Second))
	}
	_ = tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
