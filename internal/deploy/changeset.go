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

// update runs an UPDATE change set: create it, wait for it, show the plan,
// then execute it or delete it.
func (d *Deployer) update(ctx context.Context, req Request, res *Result, s *types.Stack) error {
	res.Operation, res.StackID = "update", aws.ToString(s.StackId)
	res.Status, res.Outputs = string(s.StackStatus), outputs(s)
	body, url, err := d.templateSource(ctx, req)
	if err != nil {
		return err
	}
	token := d.token("update")
	out, err := d.CFN.CreateChangeSet(ctx, &cloudformation.CreateChangeSetInput{
		StackName: aws.String(req.Stack), ChangeSetName: aws.String(token),
		ChangeSetType: types.ChangeSetTypeUpdate, TemplateBody: body, TemplateURL: url,
		Parameters: parameters(req.Parameters), Tags: tags(req.Tags),
		Capabilities: req.Template.Capabilities, ClientToken: aws.String(token),
		Description: aws.String("stackctl deploy"),
	})
	if isNoUpdates(err) {
		res.NoChanges, res.Operation = true, "none"
		return d.protect(ctx, req, s)
	}
	if err != nil {
		return fmt.Errorf("create change set for stack %s: %w", req.Stack, err)
	}
	id := aws.ToString(out.Id)
	executed := false
	defer func() {
		if !executed {
			d.deleteChangeSet(ctx, id)
		}
	}()
	res.Plan, err = d.waitChangeSet(ctx, req.Stack, id)
	if errors.Is(err, ErrNoChanges) {
		res.NoChanges, res.Operation = true, "none"
		return d.protect(ctx, req, s)
	}
	if err != nil {
		return err
	}
	if err := d.confirm(req, res.Plan); err != nil || req.DiffOnly {
		return err
	}
	if err := d.protect(ctx, req, s); err != nil {
		return err
	}
	op := operation{stack: req.Stack, id: res.StackID, token: token, started: d.now()}
	if _, err := d.CFN.ExecuteChangeSet(ctx, &cloudformation.ExecuteChangeSetInput{
		ChangeSetName: aws.String(id), ClientRequestToken: aws.String(token),
	}); err != nil {
		return fmt.Errorf("execute change set for stack %s: %w", req.Stack, err)
	}
	executed = true
	return d.finish(ctx, op, res)
}

// deleteChangeSet removes a change set that will not be executed, even
// when ctx has ended (Ctrl-C before execution must not leave it behind).
func (d *Deployer) deleteChangeSet(ctx context.Context, id string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	_, _ = d.CFN.DeleteChangeSet(ctx, &cloudformation.DeleteChangeSetInput{ChangeSetName: aws.String(id)})
}

// waitChangeSet polls the change set until it is ready and returns its
// plan, or ErrNoChanges for a change set that failed only for being empty.
func (d *Deployer) waitChangeSet(ctx context.Context, stack, id string) (Plan, error) {
	delay := d.poll()
	for {
		p, status, reason, err := d.readChangeSet(ctx, id)
		if err != nil {
			return p, fmt.Errorf("describe change set for stack %s: %w", stack, err)
		}
		switch status {
		case types.ChangeSetStatusCreateComplete:
			return p, nil
		case types.ChangeSetStatusFailed:
			if isNoChangesReason(reason) {
				return p, ErrNoChanges
			}
			return p, &StackFailedError{Stack: stack, Status: "change set FAILED",
				Reasons: []Failure{{LogicalID: stack, Status: "FAILED", Reason: reason}}}
		}
		if err := d.wait(ctx, delay); err != nil {
			return p, err
		}
		delay = d.backoff(delay)
	}
}

// readChangeSet reads every page of a change set.
func (d *Deployer) readChangeSet(ctx context.Context, id string) (Plan, types.ChangeSetStatus, string, error) {
	p := Plan{Operation: "update", ChangeSet: id, Changes: []Change{}}
	in := &cloudformation.DescribeChangeSetInput{ChangeSetName: aws.String(id)}
	for {
		out, err := d.CFN.DescribeChangeSet(ctx, in)
		if err != nil {
			return p, "", "", err
		}
		if out.Status != types.ChangeSetStatusCreateComplete {
			return p, out.Status, aws.ToString(out.StatusReason), nil
		}
		for _, c := range out.Changes {
			if ch, ok := changeFromSDK(c); ok {
				p.Changes = append(p.Changes, ch)
			}
		}
		if in.NextToken = out.NextToken; in.NextToken == nil {
			sortChanges(p.Changes)
			return p, out.Status, "", nil
		}
	}
}

// protect applies the config's termination protection when it differs
// from the stack's (change sets cannot carry it).
func (d *Deployer) protect(ctx context.Context, req Request, s *types.Stack) error {
	if aws.ToBool(s.EnableTerminationProtection) == req.TerminationProtection {
		return nil
	}
	_, err := d.CFN.UpdateTerminationProtection(ctx, &cloudformation.UpdateTerminationProtectionInput{
		StackName: s.StackId, EnableTerminationProtection: aws.Bool(req.TerminationProtection),
	})
	if err != nil {
		return fmt.Errorf("set termination protection of stack %s: %w", req.Stack, err)
	}
	return nil
}
