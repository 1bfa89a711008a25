package deploy

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/smithy-go"
)

// CloudFormation lists the calls this package makes, and only those.
// *cloudformation.Client satisfies it; tests pass a scripted endpoint or a
// hand-written fake.
type CloudFormation interface {
	cloudformation.DescribeStacksAPIClient
	cloudformation.DescribeChangeSetAPIClient
	cloudformation.DescribeStackEventsAPIClient
	cloudformation.ListStackResourcesAPIClient
	CreateStack(ctx context.Context, in *cloudformation.CreateStackInput, opts ...func(*cloudformation.Options)) (*cloudformation.CreateStackOutput, error)
	CreateChangeSet(ctx context.Context, in *cloudformation.CreateChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.CreateChangeSetOutput, error)
	ExecuteChangeSet(ctx context.Context, in *cloudformation.ExecuteChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.ExecuteChangeSetOutput, error)
	DeleteChangeSet(ctx context.Context, in *cloudformation.DeleteChangeSetInput, opts ...func(*cloudformation.Options)) (*cloudformation.DeleteChangeSetOutput, error)
	DeleteStack(ctx context.Context, in *cloudformation.DeleteStackInput, opts ...func(*cloudformation.Options)) (*cloudformation.DeleteStackOutput, error)
	CancelUpdateStack(ctx context.Context, in *cloudformation.CancelUpdateStackInput, opts ...func(*cloudformation.Options)) (*cloudformation.CancelUpdateStackOutput, error)
	ContinueUpdateRollback(ctx context.Context, in *cloudformation.ContinueUpdateRollbackInput, opts ...func(*cloudformation.Options)) (*cloudformation.ContinueUpdateRollbackOutput, error)
	UpdateTerminationProtection(ctx context.Context, in *cloudformation.UpdateTerminationProtectionInput, opts ...func(*cloudformation.Options)) (*cloudformation.UpdateTerminationProtectionOutput, error)
}

// Uploader stores a template too large to send inline and returns the URL
// CloudFormation reads it from.
type Uploader interface {
	Upload(ctx context.Context, bucket, key string, body []byte) (url string, err error)
}

// ErrNoChanges says the template and parameters match the stack: nothing
// to do. The empty change set has been deleted.
var ErrNoChanges = errors.New("no changes")

// ErrDeclined says the user answered no; nothing was changed.
var ErrDeclined = errors.New("deploy declined; nothing changed")

// ErrNotFound says the stack does not exist.
var ErrNotFound = errors.New("stack does not exist")

// isNotExist is true only for the ValidationError CloudFormation returns for
// a missing stack. Anything else (expired credentials, throttling, a
// network error) is an error, never a reason to create a new stack.
func isNotExist(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" &&
		strings.Contains(ae.ErrorMessage(), "does not exist")
}

// isNoUpdates is true for the ValidationError an unchanged update can
// answer CreateChangeSet with (moto does; so does UpdateStack on AWS).
func isNoUpdates(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" &&
		strings.Contains(ae.ErrorMessage(), "No updates are to be performed")
}

// isNoChangesReason is true for the StatusReason of a FAILED change set that
// failed only because it contained nothing to do.
func isNoChangesReason(reason string) bool {
	return strings.Contains(reason, "didn't contain changes") ||
		strings.Contains(reason, "No updates are to be performed")
}

// APIMessage is the service's own message for an AWS API error, for
// one-line user-facing errors, or err's text otherwise.
func APIMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorMessage() != "" {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}
