package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/stackctl/stackctl/internal/bootreport"
	"github.com/stackctl/stackctl/internal/deploy"
)

// clockSkew widens the window in which an instance's report counts as this
// operation's: the report's time is AWS's clock, the start is ours.
const clockSkew = 5 * time.Minute

// explainSignals puts the instances' own failure reports first among a
// failed operation's root causes when the group failed on its signals:
// CloudFormation's events only say "Received 1 FAILURE signal(s)", because
// SignalResource carries no reason (see internal/bootreport).
func (e *env) explainSignals(ctx context.Context, t *target, res *deploy.Result, err error) error {
	var fe *deploy.StackFailedError
	if !errors.As(err, &fe) || res == nil || e.ssm == nil ||
		!slices.ContainsFunc(fe.Reasons, func(f deploy.Failure) bool { return bootreport.IsSignalFailure(f.Reason) }) {
		return err
	}
	api, lerr := e.ssm(ctx, t.region, t.profile)
	var reports []bootreport.Report
	if lerr == nil {
		reports, lerr = bootreport.Since(ctx, api, t.name, res.Started.Add(-clockSkew))
	}
	if lerr != nil {
		fmt.Fprintf(e.stderr, "note: the instances' bootstrap reports could not be read from SSM (%s)\n", fit(deploy.APIMessage(lerr), 120))
		return err
	}
	var first []deploy.Failure
	for _, r := range reports {
		first = append(first, deploy.Failure{Time: r.Time, LogicalID: r.Instance, Type: "bootstrap", Status: "FAILURE", Reason: r.Reason})
	}
	fe.Reasons = append(first, fe.Reasons...)
	return err
}

// deleteReports removes the stack's bootstrap reports once the stack is
// gone; a failure to do so is a note, not a failed delete.
func (e *env) deleteReports(ctx context.Context, t *target) {
	if e.ssm == nil {
		return
	}
	api, err := e.ssm(ctx, t.region, t.profile)
	if err == nil {
		err = bootreport.Delete(ctx, api, t.name)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "note: bootstrap reports under %s were not deleted (%s)\n", bootreport.Path(t.name), fit(deploy.APIMessage(err), 120))
	}
}
