package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func newNameCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "name",
		Usage:     "print the resolved stack name, for scripts",
		UsageText: "stackctl name [--config FILE] [--env NAME] [--branch BRANCH]",
		Description: "Prints the stack name the config's stack template gives for the environment\n" +
			"(and branch), exactly as deploy would use it.\n\n" +
			"Example:\n   STACK=$(stackctl name --env staging)",
		Flags: append(configFlags(),
			&cli.StringFlag{Name: "branch", Usage: "git `BRANCH` for per-branch stack names"},
		),
		Action: func(cCtx *cli.Context) error {
			if err := checkArgs(cCtx, 0); err != nil {
				return err
			}
			c, err := loadConfig(cCtx)
			if err != nil {
				return err
			}
			name, err := c.StackName(cCtx.String("branch"))
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, name)
			return nil
		},
	}
}
