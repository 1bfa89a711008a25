package deploy

import (
	"fmt"
	"strings"
	"time"
)

// Failure is one failed resource event: a root cause candidate.
type Failure struct {
	Time      time.Time `json:"time"`
	LogicalID string    `json:"logicalId"`
	Type      string    `json:"type"`
	Status    string    `json:"status"`
	Reason    string    `json:"reason"`
}

// StackFailedError says an operation ended in a failed or rolled-back
// state. Reasons hold the root causes, earliest first.
type StackFailedError struct {
	Stack, StackID, Status string
	Reasons                []Failure
}

func (e *StackFailedError) Error() string {
	msg := fmt.Sprintf("stack %s is %s", e.Stack, e.Status)
	if len(e.Reasons) > 0 {
		r := e.Reasons[0]
		msg += fmt.Sprintf(": %s %s: %s", r.LogicalID, r.Status, r.Reason)
	}
	return msg
}

// StackStateError says the stack is in a state the request cannot act on
// without a decision from the user; Hint says which.
type StackStateError struct {
	Stack, Status, Hint string
	// Failed says the stack is in a failed state (not merely busy).
	Failed bool
}

func (e *StackStateError) Error() string {
	return fmt.Sprintf("stack %s is %s: %s", e.Stack, e.Status, e.Hint)
}

// DetachedError says stackctl stopped following an operation that is still
// running (timeout or interrupt); Err is the context's error.
type DetachedError struct {
	Stack, StackID, Status string
	Err                    error
}

func (e *DetachedError) Error() string {
	return fmt.Sprintf("stopped following stack %s (%s, still running): %v", e.Stack, e.Status, e.Err)
}

func (e *DetachedError) Unwrap() error { return e.Err }

// FollowError says following an operation failed after it started (the
// API kept failing, or the credentials expired): the operation goes on
// without us, and 'stackctl wait' re-attaches to it.
type FollowError struct {
	Stack, StackID, Status string
	Err                    error
}

func (e *FollowError) Error() string {
	return fmt.Sprintf("lost track of stack %s (still running): %v", e.Stack, e.Err)
}

func (e *FollowError) Unwrap() error { return e.Err }

// noiseReasons are failure reasons that only say another resource failed
// first; they are never root causes.
var noiseReasons = []string{
	"Resource creation cancelled",
	"Resource update cancelled",
	"Resource deletion cancelled",
	"The following resource(s) failed to",
}

// rootCauses picks the failed resource events with a real reason, earliest
// first. Stack-level events are used only when nothing else failed.
func rootCauses(events []Event, stack string) []Failure {
	var res, stackLevel []Failure
	for _, ev := range events { // oldest first
		if !strings.HasSuffix(ev.Status, "_FAILED") || noise(ev.Reason) {
			continue
		}
		f := Failure{Time: ev.Time, LogicalID: ev.LogicalID, Type: ev.Type, Status: ev.Status, Reason: ev.Reason}
		if ev.LogicalID == stack && ev.Type == stackType {
			stackLevel = append(stackLevel, f)
			continue
		}
		res = append(res, f)
	}
	if len(res) == 0 {
		return stackLevel
	}
	return res
}

func noise(reason string) bool {
	for _, n := range noiseReasons {
		if strings.Contains(reason, n) {
			return true
		}
	}
	return reason == ""
}
