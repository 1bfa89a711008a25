package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/stackctl/stackctl/internal/deploy"
)

// onGitHub says whether this runs as a GitHub Actions step.
func (e *env) onGitHub() bool { return e.getenv("GITHUB_ACTIONS") == "true" }

// logGroup folds what follows in a GitHub Actions log, until the returned
// function runs. Only in a non-terminal log there: elsewhere it does
// nothing. The markers go to stderr, the stream the progress lines use,
// so that they stay in order with them.
func (e *env) logGroup(title string) func() {
	if !e.onGitHub() || e.stderrTTY {
		return func() {}
	}
	fmt.Fprintf(e.stderr, "::group::%s\n", oneLine(title))
	return func() { fmt.Fprintln(e.stderr, "::endgroup::") }
}

// publishDeploy hands a deploy's result to GitHub Actions when it runs
// there: the stack, status, URL and outputs to GITHUB_OUTPUT, and a
// markdown table of plan, status and URL to GITHUB_STEP_SUMMARY. It
// returns err unchanged (or the write error when err is nil).
func (e *env) publishDeploy(t *target, res *deploy.Result, err error) error {
	if res == nil {
		return err
	}
	var werr error
	if path := e.getenv("GITHUB_OUTPUT"); path != "" {
		outs := append([]deploy.Output{{Key: "stack", Value: t.name}, {Key: "status", Value: res.Status}, {Key: "url", Value: urlOf(res.Outputs)}}, res.Outputs...)
		werr = appendGitHubOutput(path, outs)
	}
	if path := e.getenv("GITHUB_STEP_SUMMARY"); path != "" {
		werr = errors.Join(werr, appendFile("GITHUB_STEP_SUMMARY", path, stepSummary(t, res, err)))
	}
	if err != nil {
		return err
	}
	return werr
}

// urlOf is the URL output (any case), else the first http(s) value.
func urlOf(outs []deploy.Output) string {
	for _, o := range outs {
		if strings.EqualFold(o.Key, "URL") {
			return o.Value
		}
	}
	for _, o := range outs {
		if strings.HasPrefix(o.Value, "http://") || strings.HasPrefix(o.Value, "https://") {
			return o.Value
		}
	}
	return ""
}

// stepSummary is the markdown a deploy adds to the job's summary page.
func stepSummary(t *target, res *deploy.Result, err error) string {
	plan := res.Plan.Summary().String()
	if res.NoChanges {
		plan = "no changes"
	}
	status := res.Status
	if err != nil {
		status = strings.TrimSpace(status + " " + friendly(err).Error())
	}
	url := urlOf(res.Outputs)
	if url != "" {
		url = "<" + url + ">"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### stackctl deploy `%s`\n\n", t.name)
	b.WriteString("| Stack | Branch | Plan | Status | URL |\n| --- | --- | --- | --- | --- |\n")
	fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n\n", cell(t.name), cell(orDash(t.branch)), cell(plan), cell(orDash(status)), cell(orDash(url)))
	return b.String()
}

// cell makes s safe inside a markdown table cell.
func cell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

func appendFile(what, path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
