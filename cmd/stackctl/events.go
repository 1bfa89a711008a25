package main

import (
	"context"
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/stackctl/stackctl/internal/deploy"
)

func newEventsCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "events",
		Usage:     "show the stack's recent events; --follow to keep watching",
		UsageText: "stackctl events [stack flags] [--limit N] [--follow]",
		Description: "Prints the newest events, oldest first, as timestamped lines on stdout.\n" +
			"With --follow it then follows the stack until it settles (or Ctrl-C).\n\n" +
			"Example:\n   stackctl events --env staging --limit 50",
		Flags: append(stackFlags(),
			&cli.IntFlag{Name: "limit", Aliases: []string{"n"}, Value: 20, Usage: "show the newest `N` events"},
			&cli.BoolFlag{Name: "follow", Aliases: []string{"f"}, Usage: "keep following the running operation"},
		),
		Action: func(cCtx *cli.Context) error {
			t, err := stackTarget(cCtx)
			if err != nil {
				return err
			}
			if cCtx.Int("limit") < 1 {
				return usagef("--limit %d: want at least 1", cCtx.Int("limit"))
			}
			return runEvents(cCtx.Context, e, t, cCtx.Int("limit"), cCtx.Bool("follow"))
		},
	}
}

func runEvents(ctx context.Context, e *env, t *target, limit int, follow bool) error {
	// Events are this command's data: stdout, append-only lines.
	view := &lineView{w: e.stdout, now: e.now}
	d, err := e.deployer(ctx, t, view.event)
	if err != nil {
		return friendly(err)
	}
	evs, err := d.RecentEvents(ctx, t.name, limit)
	if errors.Is(err, deploy.ErrNotFound) {
		return stackNotFound(t)
	}
	if err != nil {
		return friendly(err)
	}
	for _, ev := range evs {
		view.event(ev)
	}
	if !follow {
		return nil
	}
	d.OnEvent = func(ev deploy.Event) {
		if ev.Kind == deploy.KindResource && seen(evs, ev) {
			return
		}
		view.event(ev)
	}
	_, err = d.Wait(ctx, t.name)
	var fe *deploy.StackFailedError
	if errors.As(err, &fe) {
		return &codedError{code: exitFailed, err: err}
	}
	return friendly(err)
}

// seen says whether ev was already printed among the recent events.
func seen(evs []deploy.Event, ev deploy.Event) bool {
	for _, p := range evs {
		if p.Time.Equal(ev.Time) && p.LogicalID == ev.LogicalID && p.Status == ev.Status {
			return true
		}
	}
	return false
}
