package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/build"
	"github.com/stackctl/stackctl/internal/deploy"
)

// stackFlags select the stack every stack command acts on, the same way:
// the config (or the embedded default), --env, --branch, --stack to
// override the name, --param overrides, and where in AWS.
func stackFlags() []cli.Flag {
	return append(configFlags(),
		&cli.StringFlag{Name: "stack", Aliases: []string{"s"}, Usage: "stack `NAME` (default: the config's stack name template)"},
		branchFlag(),
		&cli.StringSliceFlag{Name: "param", Aliases: []string{"p"}, Usage: "override a template parameter for this run, `KEY=VALUE` (repeatable)"},
		&cli.StringFlag{Name: "region", EnvVars: []string{"STACKCTL_REGION"}, Usage: "AWS `REGION` (default: the config's region, then the SDK's chain)"},
		&cli.StringFlag{Name: "profile", Usage: "AWS shared config `PROFILE`"},
	)
}

// target is the resolved stack a command acts on.
type target struct {
	cfg             *build.Config
	name, branch    string
	commit          string
	region, profile string
	params          map[string]string
}

func parseTarget(cCtx *cli.Context) (*target, error) {
	cfg, err := loadConfig(cCtx)
	if err != nil {
		return nil, err
	}
	t := &target{cfg: cfg, branch: cCtx.String("branch"), name: cCtx.String("stack"),
		region: cCtx.String("region"), profile: cCtx.String("profile")}
	if t.name == "" { // with --stack, only --branch names the branch
		if t.branch, t.commit, err = envOf(cCtx).resolveBranch(cCtx.Context, cCtx, cfg); err != nil {
			return nil, err
		}
		if t.name, err = cfg.StackName(t.branch); err != nil {
			return nil, err
		}
		if err := checkBranchFound(cfg, t); err != nil {
			return nil, err
		}
	} else if !build.ValidStackName(t.name) {
		return nil, usagef("--stack %q: a stack name starts with a letter, has only letters, digits and hyphens, and at most %d characters", t.name, build.MaxStackName)
	}
	if t.region == "" {
		t.region = cfg.Region
	} else if !build.ValidRegion(t.region) {
		return nil, usagef("--region %q: not an AWS region name (like us-east-1)", t.region)
	}
	if t.params, err = parseParams(cCtx.StringSlice("param")); err != nil { // params.go
		return nil, err
	}
	if err := checkSizes(cfg.Capacity, t.params); err != nil {
		return nil, err
	}
	if len(t.params) > 0 { // every stack command: a typo in --param is never ignored (delete included)
		if _, err := t.template(); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// template renders the config and checks --param keys against it.
func (t *target) template() (*deploy.Template, error) {
	body, err := build.Render(t.cfg, build.YAML)
	if err != nil {
		return nil, err
	}
	tmpl, err := deploy.ParseTemplate(body)
	if err != nil {
		return nil, err
	}
	if err := tmpl.CheckParameters(t.params); err != nil {
		return nil, usagef("--param: %v", err)
	}
	return tmpl, nil
}

// tags are the config's tags plus the managed ones, sent in full on every
// create and update (CloudFormation drops tags an update does not send).
func (t *target) tags() map[string]string {
	tags := map[string]string{}
	for k, v := range t.cfg.Tags {
		tags[k] = v
	}
	cfgName := t.cfg.File
	if cfgName == build.DefaultConfigName {
		cfgName = "default"
	}
	tags[branch.TagConfig] = cfgName
	tags["stackctl:version"] = versionString()
	tags[branch.TagEnv] = t.cfg.Env
	if t.branch != "" { // the raw name: sanitising can map two branches to one
		tags[branch.TagBranch] = branch.TagValue(t.branch)
		if t.commit != "" {
			tags[branch.TagCommit] = branch.TagValue(t.commit)
		}
	}
	return tags
}

// deployer builds a Deployer for the target, loading AWS config only now.
func (e *env) deployer(ctx context.Context, t *target, onEvent func(deploy.Event)) (*deploy.Deployer, error) {
	cfn, up, err := e.aws(ctx, t.region, t.profile)
	if err != nil {
		return nil, err
	}
	d := &deploy.Deployer{CFN: cfn, Uploader: up, Now: e.now, Sleep: e.sleep, OnEvent: onEvent}
	if e.tune != nil {
		e.tune(d)
	}
	return d, nil
}

// reattach is the line that tells how to follow a stack again.
func reattach(t *target) string {
	cmd := "stackctl wait --stack " + t.name
	if t.region != "" {
		cmd += " --region " + t.region
	}
	if t.profile != "" {
		cmd += " --profile " + t.profile
	}
	return cmd
}

// withTimeout bounds ctx by d (0: unbounded) on the env's clock.
func (e *env) withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(ctx)
	}
	if e.timeout != nil {
		return e.timeout(ctx, d)
	}
	return context.WithTimeoutCause(ctx, d, context.DeadlineExceeded)
}

func stackNotFound(t *target) error {
	return fmt.Errorf("stack %s does not exist in %s", t.name, regionName(t.region))
}

func regionName(r string) string {
	if r == "" {
		return "the default region"
	}
	return r
}

// confirm asks a [y/N] question when stdin and stderr are terminals; with
// --yes it answers yes; anywhere else it is a usage error, so a CI job
// without --yes stops after the plan with nothing changed.
func (e *env) confirm(ctx context.Context, yes bool, question string) (bool, error) {
	if yes {
		return true, nil
	}
	if !e.stdinTTY || !e.stderrTTY {
		return false, usagef("no terminal to confirm on: re-run with --yes")
	}
	fmt.Fprintf(e.stderr, "%s [y/N] ", question)
	// Read in the background so that Ctrl-C at the prompt is an answer too:
	// the command's context ends and the caller cleans up (a change set not
	// executed is deleted). The reader stays blocked until the process exits.
	answer := make(chan string, 1)
	go func() {
		var a string
		_, _ = fmt.Fscanln(e.stdin, &a)
		answer <- a
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(e.stderr)
		return false, ctx.Err()
	case a := <-answer:
		a = strings.ToLower(strings.TrimSpace(a))
		return a == "y" || a == "yes", nil
	}
}
