// Command stackctl renders a load-balanced EC2 CloudFormation stack and
// deploys it, returning only when the stack has settled.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A command lives for milliseconds (render) to an hour (a deploy
		// that follows a stack) with a heap of a few megabytes: collecting
		// less often saves a third of render's run time for little memory.
		debug.SetGCPercent(400)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := newEnv()
	e.interrupted = watchSignals(cancel)
	code := run(ctx, os.Args, e)
	cancel()
	os.Exit(code)
}

// watchSignals cancels the context on the first SIGINT/SIGTERM and closes
// the returned channel on the second (deploy then cancels the update it
// was detaching from). After that, signals get their default behaviour
// back, so a third Ctrl-C always kills the process.
func watchSignals(cancel context.CancelFunc) <-chan struct{} {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	second := make(chan struct{})
	go func() {
		<-sigs
		cancel()
		<-sigs
		close(second)
		signal.Stop(sigs)
	}()
	return second
}
