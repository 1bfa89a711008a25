package branch

import (
	"context"
	"errors"
	"sync"

	"github.com/stackctl/stackctl/internal/deploy"
)

// Deleter deletes one stack and waits; *deploy.Deployer is one.
type Deleter interface {
	Delete(ctx context.Context, req deploy.DeleteRequest) (*deploy.Result, error)
}

// Outcomes of a deletion gc started.
const (
	Deleted = "deleted"
	Gone    = "gone"    // already deleted by someone else
	Skipped = "skipped" // replaced or updated since it was listed
	Failed  = "failed"
)

// Outcome is what became of one stack gc chose to delete.
type Outcome struct {
	Decision
	Result string
	Err    error
}

// ErrChanged says a stack was replaced or updated after gc listed it.
var ErrChanged = errors.New("changed since it was listed; kept")

// Collect deletes the stacks, at most parallel at once, calls done after
// each (from its goroutine), and returns the outcomes in input order.
func Collect(ctx context.Context, d Deleter, doomed []Decision, parallel int, done func(Outcome)) []Outcome {
	out := make([]Outcome, len(doomed))
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for i, dec := range doomed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = deleteOne(ctx, d, dec)
			if done != nil {
				done(out[i])
			}
		}()
	}
	wg.Wait()
	return out
}

// deleteOne deletes the stack gc listed and only that one: deletion goes by
// name, so a stack created anew under the name, or updated since it was
// listed, is skipped. Deploy.Delete itself refuses a protected stack.
func deleteOne(ctx context.Context, d Deleter, dec Decision) Outcome {
	o := Outcome{Decision: dec}
	_, err := d.Delete(ctx, deploy.DeleteRequest{Stack: dec.Name, Confirm: func(s *deploy.Stack) (bool, error) {
		if s.ID != dec.Stack.ID || !LastActivity(s).Equal(LastActivity(&dec.Stack)) {
			return false, ErrChanged
		}
		return true, nil
	}})
	switch {
	case err == nil:
		o.Result = Deleted
	case errors.Is(err, deploy.ErrNotFound):
		o.Result = Gone
	case errors.Is(err, ErrChanged):
		o.Result = Skipped
	default:
		o.Result, o.Err = Failed, err
	}
	return o
}
