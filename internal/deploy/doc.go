// Package deploy creates, updates and deletes CloudFormation stacks through
// change sets and follows each operation until the stack settles.
//
// It talks to CloudFormation only through the narrow CloudFormation
// interface, never prints, and reports progress as Events through
// Deployer.OnEvent; cmd/stackctl renders them. Outcomes callers branch on
// are exported values: ErrNoChanges, ErrDeclined, *StackFailedError,
// *StackStateError and *DetachedError.
package deploy
