package deploy

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// settle brings an existing stack to a state a deploy can act on: it
// waits out a running operation, deletes a dead create (with consent) and
// continues a failed rollback (when asked). It returns nil when the stack
// is gone and must be created.
func (d *Deployer) settle(ctx context.Context, req Request, s *types.Stack) (*types.Stack, error) {
	for range 3 { // each step moves the stack on; three covers wait → delete
		status := string(s.StackStatus)
		id := aws.ToString(s.StackId)
		switch {
		case status == "DELETE_COMPLETE":
			return nil, nil
		case updatable(status):
			return s, nil
		case InProgress(status):
			if req.NoWait {
				return nil, &StackStateError{Stack: req.Stack, Status: status,
					Hint: fmt.Sprintf("an operation is running; re-attach with 'stackctl wait --stack %s' or deploy without --no-wait", req.Stack)}
			}
			d.notice(req.Stack, "stack %s is %s: waiting for that operation to settle first", req.Stack, status)
			next, _, err := d.follow(ctx, operation{stack: req.Stack, id: id, started: d.now()})
			if err != nil {
				return nil, err
			}
			s = next
		case deadCreate(status):
			if err := d.deleteDead(ctx, req, id, status); err != nil {
				return nil, err
			}
			return nil, nil
		case status == "UPDATE_ROLLBACK_FAILED":
			next, err := d.continueRollback(ctx, req, id)
			if err != nil {
				return nil, err
			}
			s = next
		default:
			return nil, &StackStateError{Stack: req.Stack, Status: status, Failed: true,
				Hint: fmt.Sprintf("deploy cannot update it; delete it with 'stackctl delete --stack %s' and deploy again", req.Stack)}
		}
	}
	return s, nil
}

// deleteDead deletes a stack whose create failed (or never ran), so that
// it can be created again; only with consent.
func (d *Deployer) deleteDead(ctx context.Context, req Request, id, status string) error {
	why := "its creation failed and rolled back"
	if status == "REVIEW_IN_PROGRESS" {
		why = "it was created by a change set that was never executed"
	}
	d.notice(req.Stack, "stack %s is %s: %s; it holds nothing and must be deleted before it can be created again", req.Stack, status, why)
	ok := false
	if req.ConsentDelete != nil && !req.DiffOnly {
		var err error
		if ok, err = req.ConsentDelete(req.Stack, status); err != nil {
			return err
		}
	}
	if !ok {
		return &StackStateError{Stack: req.Stack, Status: status, Failed: true,
			Hint: why + "; re-run with --yes to let deploy delete it and create it again"}
	}
	d.notice(req.Stack, "deleting stack %s before creating it again", req.Stack)
	return d.deleteAndFollow(ctx, req.Stack, id)
}

// continueRollback finishes a rollback that failed, when the user asked.
func (d *Deployer) continueRollback(ctx context.Context, req Request, id string) (*types.Stack, error) {
	if !req.ContinueRollback {
		return nil, &StackStateError{Stack: req.Stack, Status: "UPDATE_ROLLBACK_FAILED", Failed: true,
			Hint: "CloudFormation could not roll back the last update; fix what the events name ('stackctl events'), then re-run with --continue-rollback"}
	}
	d.notice(req.Stack, "stack %s is UPDATE_ROLLBACK_FAILED: continuing the rollback", req.Stack)
	op := operation{stack: req.Stack, id: id, token: d.token("rollback"), started: d.now()}
	if _, err := d.CFN.ContinueUpdateRollback(ctx, &cloudformation.ContinueUpdateRollbackInput{
		StackName: aws.String(id), ClientRequestToken: aws.String(op.token),
	}); err != nil {
		return nil, fmt.Errorf("continue rollback of stack %s: %w", req.Stack, err)
	}
	s, events, err := d.follow(ctx, op)
	if err != nil {
		return nil, err
	}
	if status := string(s.StackStatus); status != "UPDATE_ROLLBACK_COMPLETE" {
		return nil, &StackFailedError{Stack: req.Stack, StackID: id, Status: status, Reasons: rootCauses(events, req.Stack)}
	}
	return s, nil
}
