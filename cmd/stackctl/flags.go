package main

import "github.com/urfave/cli/v2"

// Flags and parsing shared by the stack commands.

// outputFlag is --output/-o: text for people, json for machines.
func outputFlag() cli.Flag {
	return &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "text", Usage: "text, or json: one object on stdout"}
}

// noColorFlag turns colours off (NO_COLOR does too).
func noColorFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-color", Usage: "no colours (NO_COLOR works too)"}
}

// parseOutput reads --output.
func parseOutput(cCtx *cli.Context) (string, error) {
	out := cCtx.String("output")
	if out != "text" && out != "json" {
		return "", usagef("--output %q: want text or json", out)
	}
	return out, nil
}

// stackTarget is the start of every stack command's action: no stray
// arguments (nor flags after one), then the stack it acts on.
func stackTarget(cCtx *cli.Context) (*target, error) {
	if err := checkArgs(cCtx, 0); err != nil {
		return nil, err
	}
	return parseTarget(cCtx)
}
