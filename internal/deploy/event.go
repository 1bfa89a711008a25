package deploy

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

const stackType = "AWS::CloudFormation::Stack"

// Kind tells what an Event reports.
type Kind int

const (
	// KindResource is a CloudFormation stack event of this operation.
	KindResource Kind = iota
	// KindNotice is a message about what the deployer decided or waits for.
	KindNotice
	// KindTick comes once per poll without news: views use it for
	// heartbeats and elapsed-time redraws.
	KindTick
)

// Event is one thing the deployer reports while it works.
type Event struct {
	Kind      Kind
	Time      time.Time // event time (CloudFormation's for resources)
	Stack     string
	LogicalID string
	Type      string
	Status    string
	Reason    string
	// Message is the text of a KindNotice.
	Message string
	// Started is when the followed operation began; InProgress names the
	// resources still in progress (KindTick and KindResource).
	Started    time.Time
	InProgress []string
}

func fromStackEvent(e types.StackEvent) Event {
	return Event{
		Kind:      KindResource,
		Time:      aws.ToTime(e.Timestamp),
		Stack:     aws.ToString(e.StackName),
		LogicalID: aws.ToString(e.LogicalResourceId),
		Type:      aws.ToString(e.ResourceType),
		Status:    string(e.ResourceStatus),
		Reason:    aws.ToString(e.ResourceStatusReason),
	}
}

func (d *Deployer) emit(ev Event) {
	if d.OnEvent != nil {
		d.OnEvent(ev)
	}
}

func (d *Deployer) notice(stack, format string, args ...any) {
	d.emit(Event{Kind: KindNotice, Time: d.now(), Stack: stack, Message: sprintf(format, args...)})
}
