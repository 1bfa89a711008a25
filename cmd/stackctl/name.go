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
			"(and branch), exactly as deploy would use it: the branch comes from --branch,\n" +
			"else the CI's variables, else git, when the stack name uses {{.Branch}}.\n\n" +
			"Example:\n   STACK=$(stackctl name --env staging)",
		Flags: append(configFlags(), branchFlag()),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx) // the branch resolved exactly as deploy does
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, t.name)
			return nil
		},
	}
}
