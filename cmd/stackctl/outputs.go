package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
	"github.com/stackctl/stackctl/internal/fleet"
)

func newOutputsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "outputs",
		Usage:     "print the stack's outputs",
		UsageText: "stackctl outputs [stack flags] [--format text|json|env]",
		Description: "Prints the outputs: aligned text, a JSON object, or KEY=value lines for a\n" +
			"shell. When GITHUB_OUTPUT is set (GitHub Actions) they are appended there too.\n\n" +
			"Example:\n   URL=$(stackctl outputs --branch \"$BRANCH\" --format json | jq -r .URL)",
		Flags: append(stackFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text, json or env"},
		),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			format := cCtx.String("format")
			if format != "text" && format != "json" && format != "env" {
				return usagef("--format %q: want text, json or env", format)
			}
			return runOutputs(cCtx.Context, e, t, format)
		},
	}
}

func runOutputs(ctx context.Context, e *env, t *target, format string) error {
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
	switch format {
	case "json":
		err = writeJSON(e.stdout, outputMap(s.Outputs))
	case "env":
		for _, o := range s.Outputs {
			fmt.Fprintf(e.stdout, "%s=%s\n", envName(o.Key), shellQuote(o.Value))
		}
	default:
		printOutputs(e.stdout, s.Outputs)
	}
	if err != nil {
		return err
	}
	if path := e.getenv("GITHUB_OUTPUT"); path != "" {
		return appendGitHubOutput(path, s.Outputs)
	}
	return nil
}

func outputMap(outs []deploy.Output) map[string]string {
	m := map[string]string{}
	for _, o := range outs {
		m[o.Key] = o.Value
	}
	return m
}

var notEnv = regexp.MustCompile(`[^A-Za-z0-9_]`)

// envName makes an output key a shell variable name.
func envName(k string) string { return notEnv.ReplaceAllString(k, "_") }

func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// appendGitHubOutput appends outputs in GitHub's name<<DELIMITER form,
// which is safe for any value, multi-line included.
func appendGitHubOutput(path string, outs []deploy.Output) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	for _, o := range outs {
		delim := "STACKCTL_EOF"
		for strings.Contains(o.Value, delim) {
			delim += "_"
		}
		fmt.Fprintf(f, "%s<<%s\n%s\n%s\n", o.Key, delim, o.Value, delim)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("GITHUB_OUTPUT: %w", err)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// resultJSON is deploy's and wait's --output json object.
type resultJSON struct {
	*deploy.Result
	DurationSeconds float64           `json:"durationSeconds"`
	Summary         deploy.Summary    `json:"summary"`
	OutputMap       map[string]string `json:"outputs"`
	// URL repeats outputs.URL at the top, where CI scripts look first.
	URL   string        `json:"url,omitempty"`
	Fleet *fleet.Report `json:"fleet,omitempty"`
}

func writeResultJSON(w io.Writer, res *deploy.Result, rep *fleet.Report) error {
	outs := outputMap(res.Outputs)
	return writeJSON(w, resultJSON{Result: res, DurationSeconds: res.Duration.Seconds(), Summary: res.Plan.Summary(), OutputMap: outs, URL: outs["URL"], Fleet: rep})
}
