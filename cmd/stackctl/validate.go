package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/build"
)

func newValidateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check the config and rendered template against AWS limits, offline",
		UsageText: "stackctl validate [--config FILE] [--env NAME]",
		Description: "Checks the config (keys, types, sizes, names) and the rendered template\n" +
			"(size, resource/parameter/output counts, user-data size) without AWS credentials.\n\n" +
			"Example:\n   stackctl validate --config examples/octopus-windows.yaml --env Production",
		Flags: configFlags(),
		Action: func(cCtx *cli.Context) error {
			if err := checkArgs(cCtx, 0); err != nil {
				return err
			}
			return runValidate(e, cCtx.String("config"), cCtx.String("env"))
		},
	}
}

func runValidate(e *env, config, envName string) error {
	c, err := build.Load(config, envName)
	if err != nil {
		return err
	}
	r, err := build.Validate(c)
	if err != nil {
		return err
	}
	name, err := c.StackName("")
	if err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintf(e.stderr, "warning: %s\n", n)
	}
	fmt.Fprintf(e.stdout, "%s: ok: stack %s, environment %s: %d resources, %d parameters, %d outputs; template %d bytes (inline limit %d); user data up to %d bytes (limit %d)\n",
		c.File, name, c.Env, r.Resources, r.Parameters, r.Outputs, r.TemplateBytes, build.MaxInlineTemplate, r.UserDataBytes, build.MaxUserData)
	return nil
}
