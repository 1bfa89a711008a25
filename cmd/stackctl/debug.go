package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/stackctl/stackctl/internal/awsclient"
)

// withAWSLog makes the AWS clients of this run log each request attempt
// to stderr with --debug, and say once, quietly, that the SDK is retrying:
// retries are normal under throttling and are not failures.
func (e *env) withAWSLog(ctx context.Context, debug bool) context.Context {
	var once sync.Once
	l := awsclient.Log{Retry: func(service, op, reason string) {
		once.Do(func() {
			if reason == "" {
				reason = "a failed attempt"
			}
			fmt.Fprintf(e.stderr, "note: retrying AWS requests (%s %s: %s); the SDK backs off and retries on its own\n", service, op, reason)
		})
	}}
	if debug {
		l.Debug = e.stderr
	}
	return awsclient.WithLog(ctx, l)
}
