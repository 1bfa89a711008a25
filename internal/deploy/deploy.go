package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// MaxInlineTemplate is the largest TemplateBody CloudFormation accepts;
// larger templates go by TemplateURL from S3.
const MaxInlineTemplate = 51200

// Request is one deploy (or diff) of a template to a stack.
type Request struct {
	Stack    string
	Template *Template
	// Bucket receives the template when it is over MaxInlineTemplate.
	Bucket string
	// Parameters override template defaults for this run.
	Parameters map[string]string
	// Tags are the full stack tag set, sent on every create and update.
	Tags                  map[string]string
	TerminationProtection bool
	// NoWait fails instead of waiting for an operation already running.
	NoWait bool
	// ContinueRollback runs ContinueUpdateRollback on UPDATE_ROLLBACK_FAILED.
	ContinueRollback bool
	// DiffOnly stops after the plan; the change set is deleted.
	DiffOnly bool
	// Confirm sees every plan (print it there) and says whether to go on;
	// nil means yes.
	Confirm func(Plan) (bool, error)
	// Guard sees the existing stack, as first described, before anything
	// else happens; an error stops the deploy with nothing changed. (The
	// branch-ownership check runs here, at no extra call.)
	Guard func(*Stack) error
	// ConsentDelete says whether a dead stack (ROLLBACK_COMPLETE,
	// REVIEW_IN_PROGRESS) may be deleted so it can be created anew; nil
	// means no.
	ConsentDelete func(stack, status string) (bool, error)
}

// Result is what an operation did.
type Result struct {
	Stack     string        `json:"stack"`
	StackID   string        `json:"stackId,omitempty"`
	Status    string        `json:"status,omitempty"`
	Operation string        `json:"operation"` // create, update or none
	NoChanges bool          `json:"noChanges"`
	Plan      Plan          `json:"plan"`
	Outputs   []Output      `json:"outputs"`
	Started   time.Time     `json:"started"`
	Duration  time.Duration `json:"-"`
	Reasons   []Failure     `json:"failureReasons,omitempty"`
}

// Deploy creates or updates req.Stack and follows the operation until the
// stack settles. A stack that settles failed or rolled back returns a
// *StackFailedError; an unchanged stack returns a Result with NoChanges.
func (d *Deployer) Deploy(ctx context.Context, req Request) (*Result, error) {
	res := &Result{Stack: req.Stack, Started: d.now(), Operation: "none"}
	defer func() { res.Duration = d.now().Sub(res.Started) }()
	s, err := d.describe(ctx, req.Stack)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return res, err
	}
	if err == nil && req.Guard != nil {
		if err := req.Guard(toStack(s)); err != nil {
			return res, err
		}
	}
	if err == nil {
		if s, err = d.settle(ctx, req, s); err != nil {
			return res, err
		}
	}
	if s == nil {
		return res, d.create(ctx, req, res)
	}
	return res, d.update(ctx, req, res, s)
}

// create makes a new stack with CreateStack, not a CREATE change set: for a
// new stack every change is an addition, so the plan comes from the
// template for free, and CreateStack saves the CreateChangeSet,
// DescribeChangeSet and ExecuteChangeSet round trips (and the change set's
// REVIEW_IN_PROGRESS shell stack that a declined or interrupted create
// leaves behind). Moto also keeps Outputs only for CreateStack.
func (d *Deployer) create(ctx context.Context, req Request, res *Result) error {
	res.Operation, res.Plan = "create", planFromTemplate(req.Template)
	if err := d.confirm(req, res.Plan); err != nil || req.DiffOnly {
		return err
	}
	body, url, err := d.templateSource(ctx, req)
	if err != nil {
		return err
	}
	op := operation{stack: req.Stack, token: d.token("create"), started: d.now()}
	out, err := d.CFN.CreateStack(ctx, &cloudformation.CreateStackInput{
		StackName: aws.String(req.Stack), TemplateBody: body, TemplateURL: url,
		Parameters: parameters(req.Parameters), Tags: tags(req.Tags),
		Capabilities: req.Template.Capabilities, ClientRequestToken: aws.String(op.token),
		EnableTerminationProtection: aws.Bool(req.TerminationProtection),
	})
	if err != nil {
		return fmt.Errorf("create stack %s: %w", req.Stack, err)
	}
	op.id = aws.ToString(out.StackId)
	return d.finish(ctx, op, res)
}

func (d *Deployer) confirm(req Request, p Plan) error {
	if req.Confirm == nil {
		return nil
	}
	ok, err := req.Confirm(p)
	if err != nil {
		return err
	}
	if !ok {
		return ErrDeclined
	}
	return nil
}

// finish follows op and fills res from the settled stack.
func (d *Deployer) finish(ctx context.Context, op operation, res *Result) error {
	res.StackID = op.id
	s, events, err := d.follow(ctx, op)
	if err != nil {
		return err
	}
	res.Status = string(s.StackStatus)
	res.Outputs = outputs(s)
	if Failed(res.Status) {
		res.Reasons = rootCauses(events, op.stack)
		if len(res.Reasons) == 0 && aws.ToString(s.StackStatusReason) != "" {
			res.Reasons = []Failure{{LogicalID: op.stack, Type: stackType, Status: res.Status, Reason: aws.ToString(s.StackStatusReason)}}
		}
		return &StackFailedError{Stack: op.stack, StackID: op.id, Status: res.Status, Reasons: res.Reasons}
	}
	return nil
}

// templateSource returns the body inline, or uploads it and returns its URL.
func (d *Deployer) templateSource(ctx context.Context, req Request) (body, url *string, err error) {
	b := req.Template.Body
	if len(b) <= MaxInlineTemplate {
		return aws.String(string(b)), nil, nil
	}
	if req.Bucket == "" || d.Uploader == nil {
		return nil, nil, fmt.Errorf("template is %d bytes, over the %d-byte inline limit: set --s3-bucket", len(b), MaxInlineTemplate)
	}
	sum := sha256.Sum256(b)
	key := fmt.Sprintf("stackctl/%s/%s.template", req.Stack, hex.EncodeToString(sum[:]))
	u, err := d.Uploader.Upload(ctx, req.Bucket, key, b)
	if err != nil {
		return nil, nil, fmt.Errorf("upload template to s3://%s/%s: %w", req.Bucket, key, err)
	}
	return nil, aws.String(u), nil
}

func parameters(m map[string]string) []types.Parameter {
	var ps []types.Parameter
	for _, k := range sortedKeys(m) {
		ps = append(ps, types.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(m[k])})
	}
	return ps
}

func tags(m map[string]string) []types.Tag {
	var ts []types.Tag
	for _, k := range sortedKeys(m) {
		ts = append(ts, types.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return ts
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
