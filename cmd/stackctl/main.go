// Command stackctl renders a load-balanced EC2 CloudFormation stack and
// deploys it, returning only when the stack has settled.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, newEnv())
	stop()
	os.Exit(code)
}
