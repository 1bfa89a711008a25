package testutil

import (
	"fmt"
	"time"
)

// Helpers for writing scenarios as short tables.

// StackID is the id the scripted endpoint uses for a stack name.
func StackID(name string) string {
	return fmt.Sprintf("arn:aws:cloudformation:us-east-1:123456789012:stack/%s/00000000-0000-0000-0000-000000000001", name)
}

// StackIs answers DescribeStacks with the stack in status.
func StackIs(name, status string, created time.Time, outputs ...Output) Reply {
	return Reply{Stack: &Stack{StackName: name, StackId: StackID(name), StackStatus: status, CreationTime: created, Outputs: outputs}}
}

// Gone answers DescribeStacks with a stack that does not exist.
func Gone(name string) Reply { return Reply{Err: NotExist(name)} }

// Evs adds events to the log: each is "LogicalId Type STATUS [reason]"
// written as Ev values.
func Evs(evs ...Event) Reply { return Reply{Events: evs} }

// Ev is one event of this operation (token "$TOKEN"). A logical id equal
// to stack makes it a stack-level event.
func Ev(stack string, at time.Time, id, typ, status, reason string) Event {
	if typ == "" {
		typ = "AWS::CloudFormation::Stack"
	}
	return Event{StackId: StackID(stack), StackName: stack, LogicalResourceId: id, ResourceType: typ,
		Timestamp: at, ResourceStatus: status, ResourceStatusReason: reason, ClientRequestToken: "$TOKEN"}
}

// Quiet is a DescribeStackEvents reply with nothing new.
var Quiet = Reply{}

// ChangeSetIs answers DescribeChangeSet.
func ChangeSetIs(stack, status, reason string, changes ...Change) Reply {
	return Reply{ChangeSet: &ChangeSet{
		ChangeSetId:   "arn:aws:cloudformation:us-east-1:123456789012:changeSet/stackctl-test/1",
		ChangeSetName: "stackctl-test", StackId: StackID(stack), StackName: stack,
		Status: status, StatusReason: reason, ExecutionStatus: "AVAILABLE", Changes: changes,
	}}
}

// Created answers CreateStack or CreateChangeSet with an id.
func Created(id string) Reply { return Reply{ID: id} }
