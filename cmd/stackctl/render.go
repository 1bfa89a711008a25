package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/build"
)

type renderOptions struct {
	config, env string
	format      build.Format
	out         string
}

func newRenderCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "render",
		Usage:     "print the template a deploy would send",
		UsageText: "stackctl render [--config FILE] [--env NAME] [--format yaml|json] [--out FILE]",
		Description: "Renders the stack's CloudFormation template: the exact bytes deploy sends.\n" +
			"Works offline, without AWS credentials.\n\n" +
			"Example:\n   stackctl render --config examples/launch-template.yaml --env staging > template.yaml",
		Flags: append(configFlags(),
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "yaml", Usage: "yaml or json"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write to `FILE` instead of stdout"},
		),
		Action: func(cCtx *cli.Context) error {
			opts, err := parseRenderOptions(cCtx)
			if err != nil {
				return err
			}
			return runRender(e, opts)
		},
	}
}

func parseRenderOptions(cCtx *cli.Context) (renderOptions, error) {
	if err := checkArgs(cCtx, 0); err != nil {
		return renderOptions{}, err
	}
	opts := renderOptions{
		config: cCtx.String("config"),
		env:    cCtx.String("env"),
		format: build.Format(cCtx.String("format")),
		out:    cCtx.String("out"),
	}
	if opts.format != build.YAML && opts.format != build.JSON {
		return opts, usagef("--format %q: want yaml or json", opts.format)
	}
	return opts, nil
}

func runRender(e *env, opts renderOptions) error {
	c, err := build.Load(opts.config, opts.env)
	if err != nil {
		return err
	}
	body, err := build.Render(c, opts.format)
	if err != nil {
		return err
	}
	if opts.out == "" {
		_, err := e.stdout.Write(body)
		return err
	}
	return writeFileAtomic(opts.out, body)
}

// writeFileAtomic replaces path with data in one rename, so a reader never
// sees half a template.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".stackctl-*")
	if err != nil {
		return usagef("--out %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
