package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/octopus"
)

// apiKeyEnv holds the Octopus API key; the key is never a flag value
// (flags show in process listings and shell history).
const apiKeyEnv = "STACKCTL_OCTOPUS_API_KEY"

func newOctopusCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "octopus",
		Usage: "Octopus Deploy housekeeping (prune)",
		Description: "Keeps the Octopus Deploy server in step with the Auto Scaling group.\n\n" +
			"Example:\n   stackctl octopus prune --config octopus.yaml --dry-run",
		Subcommands: []*cli.Command{
			newOctopusPruneCommand(e),
		},
		Action: func(cCtx *cli.Context) error {
			if cCtx.NArg() > 0 {
				return usagef("octopus: unknown command %q (want prune)", cCtx.Args().First())
			}
			return cli.ShowSubcommandHelp(cCtx)
		},
	}
}

func newOctopusPruneCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "prune",
		Usage:     "delete Octopus machine registrations whose EC2 instance is gone",
		UsageText: "stackctl octopus prune [stack flags] [--dry-run] [--output json] [--api-key-file FILE]",
		Description: "Lists the machines registered in the config's Octopus space and environment\n" +
			"(bootstrap.octopus.server/space, the Environment; only the config's role),\n" +
			"asks EC2 about those named by an instance id, and deletes the registrations\n" +
			"of this stack's instances that are terminated, shutting down, or unknown to\n" +
			"EC2. Pending, running, stopping and stopped instances, other stacks'\n" +
			"instances and machines not named by an instance id are kept.\n\n" +
			"The API key comes from $" + apiKeyEnv + " or --api-key-file, never a flag value.\n\n" +
			"Example:\n   STACKCTL_OCTOPUS_API_KEY=API-XXXX stackctl octopus prune -c octopus.yaml --dry-run",
		Flags: append(stackFlags(),
			&cli.BoolFlag{Name: "dry-run", Aliases: []string{"n"}, Usage: "show what would be deleted; delete nothing"},
			outputFlag(),
			apiKeyFileFlag(),
			&cli.StringFlag{Name: "api-key", Hidden: true},
		),
		OnUsageError: onUsageError,
		Action: func(cCtx *cli.Context) error {
			o, err := parsePrune(cCtx)
			if err != nil {
				return err
			}
			return runOctopusPrune(cCtx.Context, e, o)
		},
	}
}

// apiKeyFileFlag is --api-key-file, for every command that talks to
// Octopus (deploy takes it too, for bootstrap.octopus.pruneBeforeDeploy).
func apiKeyFileFlag() cli.Flag {
	return &cli.StringFlag{Name: "api-key-file", Usage: "read the Octopus API key from `FILE` (default: $" + apiKeyEnv + ")"}
}

type pruneOptions struct {
	target  *target
	keyFile string
	dryRun  bool
	json    bool
}

func parsePrune(cCtx *cli.Context) (pruneOptions, error) {
	if err := checkArgs(cCtx, 0); err != nil {
		return pruneOptions{}, err
	}
	if cCtx.IsSet("api-key") {
		return pruneOptions{}, usagef("--api-key: the API key is never a flag value (it would show in process lists and shell history): set %s or use --api-key-file", apiKeyEnv)
	}
	out := cCtx.String("output")
	if out != "text" && out != "json" {
		return pruneOptions{}, usagef("--output %q: want text or json", out)
	}
	t, err := parseTarget(cCtx)
	if err != nil {
		return pruneOptions{}, err
	}
	return pruneOptions{target: t, keyFile: cCtx.String("api-key-file"), dryRun: cCtx.Bool("dry-run"), json: out == "json"}, nil
}

func runOctopusPrune(ctx context.Context, e *env, o pruneOptions) error {
	res, err := e.pruneOctopus(ctx, o.target, o.keyFile, o.dryRun)
	if res != nil {
		if o.json {
			if jerr := writeJSON(e.stdout, pruneJSON(res, o.target.region)); jerr != nil && err == nil {
				err = jerr
			}
		} else {
			printPrune(e.stdout, res)
		}
	}
	return err
}

// pruneOctopus runs the prune for a stack: the command's work, also meant
// for deploy's bootstrap.octopus.pruneBeforeDeploy (which must stop on an
// error, before anything changes). res is non-nil whenever machines were
// listed and judged, also when some deletes failed.
func (e *env) pruneOctopus(ctx context.Context, t *target, keyFile string, dryRun bool) (*octopus.Result, error) {
	oc := t.cfg.Bootstrap.Octopus
	if oc.Server == "" {
		return nil, usagef("%s: bootstrap.octopus.server is not set: octopus prune needs the server", t.cfg.File)
	}
	key, source, err := octopusAPIKey(e, keyFile)
	if err != nil {
		return nil, err
	}
	client, err := octopus.NewClient(oc.Server, key)
	if err != nil {
		return nil, usagef("%s: bootstrap.octopus.server: %v", t.cfg.File, err)
	}
	warnPlainHTTP(e.stderr, oc.Server)
	load := e.ec2
	if load == nil {
		load = loadEC2
	}
	ec2, err := load(ctx, t.region, t.profile)
	if err != nil {
		return nil, friendly(err)
	}
	opts := octopus.Options{Space: oc.Space, Environment: paramOr(t, "Environment", t.cfg.Env),
		Role: paramOr(t, "Role", t.cfg.Role), Stack: t.name, DryRun: dryRun}
	res, err := octopus.Prune(ctx, client, ec2, opts)
	return res, pruneError(err, source)
}

// octopusAPIKey reads the key from --api-key-file, else the environment,
// and says where it came from (for the "rejected" hint, never the key).
func octopusAPIKey(e *env, file string) (key, source string, err error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", usagef("--api-key-file: %v", err)
		}
		if key = strings.TrimSpace(string(b)); key == "" {
			return "", "", usagef("--api-key-file %s is empty", file)
		}
		return key, file, nil
	}
	if key = strings.TrimSpace(e.getenv(apiKeyEnv)); key != "" {
		return key, "$" + apiKeyEnv, nil
	}
	return "", "", usagef("no Octopus API key: set %s or pass --api-key-file FILE", apiKeyEnv)
}

// pruneError maps what the user must fix (the key, the space or
// environment names) to exit 2: nothing was changed.
func pruneError(err error, source string) error {
	var auth *octopus.AuthError
	var nf *octopus.NotFoundError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &auth):
		return &codedError{code: exitUsage, err: fmt.Errorf("%w: check the key in %s", auth, source)}
	case errors.As(err, &nf):
		return &codedError{code: exitUsage, err: nf}
	}
	return friendly(err)
}

// paramOr is a --param override of a template parameter, else def: the
// instances' Environment and Role tags come from those parameters.
func paramOr(t *target, name, def string) string {
	if v, ok := t.params[name]; ok {
		return v
	}
	return def
}

// warnPlainHTTP warns when the key would cross a network unencrypted.
func warnPlainHTTP(w io.Writer, server string) {
	u, err := url.Parse(server)
	if err != nil || u.Scheme != "http" {
		return
	}
	if ip := net.ParseIP(u.Hostname()); (ip != nil && ip.IsLoopback()) || u.Hostname() == "localhost" {
		return
	}
	fmt.Fprintf(w, "warning: %s is plain http: the API key travels unencrypted\n", server)
}

// printPrune writes the table and the summary line.
func printPrune(w io.Writer, res *octopus.Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MACHINE\tINSTANCE\tEC2 STATE\tACTION\tREASON")
	for _, m := range res.Machines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.Machine.Name, dash(m.Instance), dash(m.State), actionText(m, res.DryRun), m.Reason)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, pruneSummary(res))
}

func pruneSummary(res *octopus.Result) string {
	s := res.Summary()
	where := fmt.Sprintf("in space %s, environment %s", dash(res.Space), res.Environment)
	if res.Role != "" {
		where += ", role " + res.Role
	}
	where += " (stack " + res.Stack + ")"
	if res.DryRun {
		return fmt.Sprintf("dry run: would delete %d of %d machines %s; nothing was deleted", s.Orphans, s.Total, where)
	}
	line := fmt.Sprintf("deleted %d of %d machines %s; kept %d", s.Deleted, s.Total, where, s.Kept)
	if s.Failed > 0 {
		line += fmt.Sprintf("; %d failed", s.Failed)
	}
	return line
}

func actionText(m octopus.Outcome, dryRun bool) string {
	switch {
	case m.Action != octopus.Delete:
		return "keep"
	case m.Err != nil:
		return "failed"
	case m.Deleted:
		return "deleted"
	case dryRun:
		return "would delete"
	}
	return "delete"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type pruneMachineJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Instance string `json:"instance,omitempty"`
	State    string `json:"state,omitempty"`
	Action   string `json:"action"`
	Reason   string `json:"reason"`
	Deleted  bool   `json:"deleted"`
	Error    string `json:"error,omitempty"`
}

type pruneResultJSON struct {
	Space       string             `json:"space"`
	Environment string             `json:"environment"`
	Role        string             `json:"role,omitempty"`
	Stack       string             `json:"stack"`
	Region      string             `json:"region,omitempty"`
	DryRun      bool               `json:"dryRun"`
	Machines    []pruneMachineJSON `json:"machines"`
	Summary     octopus.Summary    `json:"summary"`
}

func pruneJSON(res *octopus.Result, region string) pruneResultJSON {
	out := pruneResultJSON{Space: res.Space, Environment: res.Environment, Role: res.Role, Stack: res.Stack,
		Region: region, DryRun: res.DryRun, Machines: []pruneMachineJSON{}, Summary: res.Summary()}
	for _, m := range res.Machines {
		j := pruneMachineJSON{ID: m.Machine.ID, Name: m.Machine.Name, Instance: m.Instance, State: m.State,
			Action: string(m.Action), Reason: m.Reason, Deleted: m.Deleted}
		if m.Err != nil {
			j.Error = m.Err.Error()
		}
		out.Machines = append(out.Machines, j)
	}
	return out
}

// pruneBeforeDeploy runs the prune first when the config asks for it
// (bootstrap.octopus.pruneBeforeDeploy): a release must not wait on
// machines that are gone. A failed prune stops the deploy before anything
// in AWS changes.
func (e *env) pruneBeforeDeploy(ctx context.Context, t *target, opts deployOptions) error {
	if !t.cfg.Bootstrap.Octopus.PruneBeforeDeploy {
		return nil
	}
	res, err := e.pruneOctopus(ctx, t, opts.apiKeyFile, false)
	if res != nil && opts.output != "json" {
		printPrune(e.stderr, res)
	}
	if err != nil {
		return fmt.Errorf("octopus prune before deploy (nothing was deployed): %w", err)
	}
	return nil
}
