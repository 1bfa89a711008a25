package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// DeleteRequest is one stack deletion.
type DeleteRequest struct {
	Stack string
	// ForceUnprotect turns termination protection off first.
	ForceUnprotect bool
	// Confirm sees the stack and says whether to delete it; nil means yes.
	Confirm func(*Stack) (bool, error)
}

// Delete deletes a stack and waits until it is gone. A missing stack wraps
// ErrNotFound; a DELETE_FAILED returns a *StackFailedError naming the
// resources that blocked it.
func (d *Deployer) Delete(ctx context.Context, req DeleteRequest) (*Result, error) {
	res := &Result{Stack: req.Stack, Started: d.now(), Operation: "delete"}
	defer func() { res.Duration = d.now().Sub(res.Started) }()
	s, err := d.Describe(ctx, req.Stack)
	if err != nil {
		return res, err
	}
	res.StackID, res.Status = s.ID, s.Status
	if s.Protected && !req.ForceUnprotect {
		return res, &StackStateError{Stack: req.Stack, Status: s.Status,
			Hint: "termination protection is on; re-run with --force-unprotect to turn it off and delete"}
	}
	if req.Confirm != nil {
		ok, err := req.Confirm(s)
		if err != nil {
			return res, err
		}
		if !ok {
			return res, ErrDeclined
		}
	}
	if s.Protected {
		if _, err := d.CFN.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
			StackName: aws.String(s.ID), EnableTerminationProtection: aws.Bool(false),
		}); err != nil {
			return res, fmt.Errorf("turn off termination protection of stack %s: %w", req.Stack, err)
		}
	}
	err = d.deleteAndFollow(ctx, req.Stack, s.ID)
	res.Status = "DELETE_COMPLETE"
	var fe *StackFailedError
	if errors.As(err, &fe) {
		res.Status, res.Reasons = fe.Status, fe.Reasons
	}
	return res, err
}

// deleteAndFollow deletes by id and follows until DELETE_COMPLETE.
func (d *Deployer) deleteAndFollow(ctx context.Context, stack, id string) error {
	op := operation{stack: stack, id: id, token: d.token("delete"), started: d.now()}
	if _, err := d.CFN.DeleteStack(ctx, &cloudformation.DeleteStackInput{
		StackName: aws.String(id), ClientRequestToken: aws.String(op.token),
	}); err != nil {
		return fmt.Errorf("delete stack %s: %w", stack, err)
	}
	s, events, err := d.follow(ctx, op)
	if errors.Is(err, ErrNotFound) {
		return nil // gone while we followed it: deleted, not "nothing to delete"
	}
	if err != nil {
		return err
	}
	if status := string(s.StackStatus); status != "DELETE_COMPLETE" {
		return &StackFailedError{Stack: stack, StackID: id, Status: status, Reasons: rootCauses(events, stack)}
	}
	return nil
}

// Wait re-attaches to whatever operation is running on the stack and
// follows it until the stack settles; a stack already at rest returns at
// once. Either way a failed or rolled-back stack is a *StackFailedError
// with the root causes of its last operation.
func (d *Deployer) Wait(ctx context.Context, stack string) (*Result, error) {
	res := &Result{Stack: stack, Started: d.now(), Operation: "wait"}
	defer func() { res.Duration = d.now().Sub(res.Started) }()
	s, err := d.describe(ctx, stack)
	if err != nil {
		return res, err
	}
	op := operation{stack: stack, id: aws.ToString(s.StackId), started: lastOperationStart(s)}
	if InProgress(string(s.StackStatus)) {
		d.notice(stack, "stack %s is %s: following it", stack, s.StackStatus)
		return res, d.finish(ctx, op, res)
	}
	res.StackID, res.Status, res.Outputs = op.id, string(s.StackStatus), outputs(s)
	if !Failed(res.Status) {
		return res, nil
	}
	events, err := d.RecentEvents(ctx, op.id, 100)
	if err != nil {
		return res, err
	}
	var last []Event
	for _, ev := range events {
		if !ev.Time.Before(op.started) {
			last = append(last, ev)
		}
	}
	res.Reasons = rootCauses(last, stack)
	return res, &StackFailedError{Stack: stack, StackID: op.id, Status: res.Status, Reasons: res.Reasons}
}

// Cancel cancels a running update (CancelUpdateStack) and follows the
// rollback it starts. The result is a *StackFailedError (the update did
// not happen) unless the update finished before the cancel landed.
func (d *Deployer) Cancel(ctx context.Context, stack, id string) (*Result, error) {
	res := &Result{Stack: stack, StackID: id, Started: d.now(), Operation: "cancel"}
	op := operation{stack: stack, id: id, token: d.token("cancel"), started: d.now()}
	if _, err := d.CFN.CancelUpdateStack(ctx, &cloudformation.CancelUpdateStackInput{
		StackName: aws.String(id), ClientRequestToken: aws.String(op.token),
	}); err != nil {
		return res, fmt.Errorf("cancel update of stack %s: %w", stack, err)
	}
	d.notice(stack, "cancelling the update of stack %s: following the rollback", stack)
	op.token = "" // the rollback's events carry the update's token, not ours
	return res, d.finish(ctx, op, res)
}

// lastOperationStart is when the stack's latest operation began.
func lastOperationStart(s *types.Stack) time.Time {
	if s.LastUpdatedTime != nil {
		return *s.LastUpdatedTime
	}
	return aws.ToTime(s.CreationTime)
}
