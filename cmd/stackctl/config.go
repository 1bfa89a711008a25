package main

import (
	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/build"
)

// configFlags select the config file and environment; every command that
// renders or acts on a stack takes them.
func configFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, EnvVars: []string{"STACKCTL_CONFIG"}, Usage: "config `FILE` (default: the embedded default stack)"},
		&cli.StringFlag{Name: "env", Aliases: []string{"e"}, EnvVars: []string{"STACKCTL_ENV"}, Usage: "environment `NAME` from the config's environments (default: its environment key)"},
	}
}

// loadConfig reads the config the flags name.
func loadConfig(cCtx *cli.Context) (*build.Config, error) {
	return build.Load(cCtx.String("config"), cCtx.String("env"))
}
