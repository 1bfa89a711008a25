package deploy

import "strings"

// InProgress reports whether a stack or resource status is still moving.
// REVIEW_IN_PROGRESS is not: it is a stack waiting for a change set that
// may never be executed.
func InProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

// Failed reports whether a settled stack status means the last operation
// did not do what was asked: a failure or a rollback.
func Failed(status string) bool {
	return strings.HasSuffix(status, "_FAILED") || strings.Contains(status, "ROLLBACK")
}

// deadCreate reports a stack that never came to life and must be deleted
// before it can be created again.
func deadCreate(status string) bool {
	return status == "ROLLBACK_COMPLETE" || status == "REVIEW_IN_PROGRESS" || status == "CREATE_FAILED" || status == "ROLLBACK_FAILED"
}

// updatable reports a settled stack that takes an UPDATE change set.
func updatable(status string) bool {
	switch status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE":
		return true
	}
	return false
}

// stackSettled reports the stack-level status that ends an operation.
func stackSettled(status string) bool {
	return status != "" && !InProgress(status)
}
