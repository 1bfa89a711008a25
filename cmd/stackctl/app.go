package main

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// Set by the release build (-ldflags "-X main.version=…").
var (
	version = ""
	commit  = ""
	date    = ""
)

// versionString is the ldflags version, else the module version Go
// recorded when built with go install, else "dev".
func versionString() string {
	if version != "" {
		return strings.TrimPrefix(version, "v")
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "dev"
}

// run is the whole program: it never exits, it returns the exit code.
func run(ctx context.Context, args []string, e *env) int {
	app := newApp(e)
	err := app.RunContext(ctx, args)
	if err != nil {
		printError(e.stderr, err)
	}
	return exitCode(err)
}

func newApp(e *env) *cli.App {
	cli.VersionPrinter = func(cCtx *cli.Context) {
		fmt.Fprintf(cCtx.App.Writer, "stackctl %s\n", cCtx.App.Version)
	}
	app := &cli.App{
		Name:    "stackctl",
		Usage:   "render and deploy a load-balanced EC2 CloudFormation stack",
		Version: versionString(),
		Description: "stackctl renders the template of a load-balanced EC2 stack from a YAML config\n" +
			"(or its embedded default) and deploys it through a change set, returning only\n" +
			"when the stack has settled. Data goes to stdout; progress and errors to stderr.",
		Writer:                e.stdout,
		ErrWriter:             e.stderr,
		EnableBashCompletion:  true,
		HideHelpCommand:       true,
		ExitErrHandler:        func(*cli.Context, error) {}, // run maps errors to codes
		OnUsageError:          onUsageError,
		Action:                rootAction,
		CustomAppHelpTemplate: appHelpTemplate,
		Flags: []cli.Flag{&cli.BoolFlag{Name: "debug", EnvVars: []string{"STACKCTL_DEBUG"},
			Usage: "log every AWS request to stderr (service, operation, status, duration, attempt; never credentials)"}},
		Before: func(cCtx *cli.Context) error { // debug.go
			cCtx.Context = e.withAWSLog(cCtx.Context, cCtx.Bool("debug"))
			return nil
		},
		Commands: []*cli.Command{
			newRenderCommand(e),
			newValidateCommand(e),
			newNameCommand(e),
			newDeployCommand(e),
			newDiffCommand(e),
			newStatusCommand(e),
			newEventsCommand(e),
			newOutputsCommand(e),
			newWaitCommand(e),
			newRefreshCommand(e),
			newDeleteCommand(e),
			newOctopusCommand(e),
			newListCommand(e),
			newGCCommand(e),
		},
		Metadata: map[string]any{envKey: e}, // for parseTarget's branch resolution
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
	}
	return app
}

// rootAction runs for "stackctl" alone and for an unknown command;
// CommandNotFound would make an unknown command exit 0.
func rootAction(cCtx *cli.Context) error {
	if cCtx.NArg() > 0 {
		return usagef("unknown command %q (run 'stackctl --help' for the list)", cCtx.Args().First())
	}
	return cli.ShowAppHelp(cCtx)
}

func onUsageError(_ *cli.Context, err error, _ bool) error {
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined: ") {
		msg = "unknown flag -" + strings.TrimPrefix(msg, "flag provided but not defined: ")
	}
	return &usageError{msg + " (see --help)"}
}

// checkArgs allows at most n positional arguments. urfave/cli v2 stops
// parsing flags at the first positional argument, so a flag written after
// one arrives here as an argument: say so instead of ignoring it.
func checkArgs(cCtx *cli.Context, n int) error {
	args := cCtx.Args().Slice()
	for _, a := range args {
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			return usagef("%s: flag %s after an argument: flags go before arguments", cCtx.Command.Name, a)
		}
	}
	if len(args) > n {
		return usagef("%s: unexpected argument %q", cCtx.Command.Name, args[n])
	}
	return nil
}

const appHelpTemplate = `{{.Name}} - {{.Usage}}

USAGE:
   {{.HelpName}} [--version] [--debug] COMMAND [flags] [args]

{{.Description}}

COMMANDS:{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}

GLOBAL FLAGS:{{range .VisibleFlags}}
   {{.}}{{end}}

Exit codes: 0 ok, 1 error, 2 usage or config error (nothing changed), 3 stack
operation failed, 4 fleet check failed, 5 timed out (still running), 130 interrupted.
Run 'stackctl COMMAND --help' for a command's flags and an example.
`
