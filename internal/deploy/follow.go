package deploy

import (
	"context"
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// operation identifies what follow watches: one stack (by id) and one
// operation (by ClientRequestToken, or by start time when it has none).
type operation struct {
	stack, id, token string
	started          time.Time
}

// tracker remembers what follow has already reported.
type tracker struct {
	seen       map[string]bool
	events     []Event // this operation's, oldest first
	inProgress map[string]bool
	status     string // the stack's last known status
	failures   int    // polls failed in a row after the SDK's retries
}

// follow polls until the stack settles and returns its final description
// and this operation's events. When ctx ends first it returns a
// *DetachedError: the operation goes on without us.
func (d *Deployer) follow(ctx context.Context, op operation) (*types.Stack, []Event, error) {
	tr := &tracker{seen: map[string]bool{}, inProgress: map[string]bool{}}
	delay := d.poll()
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return nil, tr.events, &DetachedError{Stack: op.stack, StackID: op.id, Status: tr.status, Err: context.Cause(ctx)}
		}
		fresh, ended, err := d.pollEvents(ctx, op, tr)
		if err == nil && (ended || n%d.statusEvery() == 0) {
			var s *types.Stack
			if s, err = d.describe(ctx, op.id); err == nil {
				tr.status = string(s.StackStatus)
				if stackSettled(tr.status) && tr.status != "REVIEW_IN_PROGRESS" {
					return s, tr.events, nil
				}
			}
		}
		switch {
		case err != nil && !tr.retry(ctx, err):
			return nil, tr.events, d.pollError(ctx, op, tr, err)
		case err == nil:
			tr.failures = 0
		}
		if fresh {
			delay = d.poll()
		} else {
			d.emit(Event{Kind: KindTick, Time: d.now(), Stack: op.stack, Status: tr.status, Started: op.started, InProgress: tr.names()})
			delay = d.backoff(delay)
		}
		if err := d.wait(ctx, delay); err != nil {
			return nil, tr.events, &DetachedError{Stack: op.stack, StackID: op.id, Status: tr.status, Err: context.Cause(ctx)}
		}
	}
}

func (d *Deployer) pollError(ctx context.Context, op operation, tr *tracker, err error) error {
	if ctx.Err() != nil {
		return &DetachedError{Stack: op.stack, StackID: op.id, Status: tr.status, Err: context.Cause(ctx)}
	}
	return &FollowError{Stack: op.stack, StackID: op.id, Status: tr.status, Err: err}
}

// maxTransient is how many polls in a row may fail after the SDK's own
// retries (throttling, 5xx, resets) before follow gives up.
const maxTransient = 5

// retry says whether a failed poll should be tried again at the next one:
// the SDK already retried it, and the operation goes on regardless.
func (tr *tracker) retry(ctx context.Context, err error) bool {
	var ma *retry.MaxAttemptsError
	if ctx.Err() != nil || !errors.As(err, &ma) || tr.failures >= maxTransient {
		return false
	}
	tr.failures++
	return true
}

// pollEvents reads the events newer than the last poll, newest first,
// paging back only until it meets an event already seen or one older than
// the operation. It emits them oldest first and reports whether there was
// news and whether a stack-level event ended the operation.
func (d *Deployer) pollEvents(ctx context.Context, op operation, tr *tracker) (fresh, ended bool, err error) {
	var batch []types.StackEvent
	in := &cloudformation.DescribeStackEventsInput{StackName: aws.String(op.id)}
	for page := true; page; page = in.NextToken != nil {
		out, err := d.CFN.DescribeStackEvents(ctx, in)
		if err != nil {
			return false, false, err
		}
		stop := false
		for _, e := range out.StackEvents {
			if tr.seen[aws.ToString(e.EventId)] || aws.ToTime(e.Timestamp).Before(op.started) {
				stop = true
				break
			}
			batch = append(batch, e)
		}
		in.NextToken = out.NextToken
		if stop {
			break
		}
	}
	slices.Reverse(batch)
	for _, e := range batch {
		tr.seen[aws.ToString(e.EventId)] = true
		if !op.owns(e) {
			continue
		}
		ev := fromStackEvent(e)
		ended = ended || tr.record(ev, op.stack)
		ev.Started, ev.InProgress = op.started, tr.names()
		d.emit(ev)
		fresh = true
	}
	return fresh, ended, nil
}

// owns says whether an event belongs to the followed operation. Events
// carry the operation's ClientRequestToken; a server that sends none
// (moto) is matched by time alone.
func (op operation) owns(e types.StackEvent) bool {
	tok := aws.ToString(e.ClientRequestToken)
	return op.token == "" || tok == "" || tok == op.token
}

// record notes an event; it reports whether it settled the stack.
func (tr *tracker) record(ev Event, stack string) bool {
	tr.events = append(tr.events, ev)
	if ev.Type == stackType && ev.LogicalID == stack {
		tr.status = ev.Status
		return stackSettled(ev.Status) && ev.Status != "REVIEW_IN_PROGRESS"
	}
	if InProgress(ev.Status) {
		tr.inProgress[ev.LogicalID] = true
	} else {
		delete(tr.inProgress, ev.LogicalID)
	}
	return false
}

func (tr *tracker) names() []string {
	out := make([]string, 0, len(tr.inProgress))
	for n := range tr.inProgress {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
