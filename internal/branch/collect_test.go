package branch_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stackctl/stackctl/internal/branch"
	"github.com/stackctl/stackctl/internal/deploy"
)

// fakeDeleter answers Delete from a table of current stacks, counts how
// many deletions run at once, and records what it deleted.
type fakeDeleter struct {
	mu        sync.Mutex
	current   map[string]*deploy.Stack
	fail      map[string]error
	deleted   []string
	running   atomic.Int32
	maxActive atomic.Int32
}

func (f *fakeDeleter) Delete(_ context.Context, req deploy.DeleteRequest) (*deploy.Result, error) {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for {
		m := f.maxActive.Load()
		if n <= m || f.maxActive.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(5 * time.Millisecond)
	f.mu.Lock()
	s, err := f.current[req.Stack], f.fail[req.Stack]
	f.mu.Unlock()
	if s == nil {
		return nil, fmt.Errorf("%s: %w", req.Stack, deploy.ErrNotFound)
	}
	if ok, cerr := req.Confirm(s); !ok {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.deleted = append(f.deleted, req.Stack)
	f.mu.Unlock()
	return &deploy.Result{}, nil
}

func TestCollect(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := &fakeDeleter{current: map[string]*deploy.Stack{}, fail: map[string]error{"s3": errors.New("DELETE_FAILED")}}
	var doomed []branch.Decision
	for i := range 12 {
		s := deploy.Stack{Name: fmt.Sprintf("s%d", i), ID: fmt.Sprintf("id%d", i), Created: t0}
		doomed = append(doomed, branch.Decision{Stack: s, Name: s.Name, Delete: true})
		if i != 1 { // s1 is gone already
			f.current[s.Name] = &s
		}
	}
	f.current["s2"] = &deploy.Stack{Name: "s2", ID: "id2", Created: t0, Updated: t0.Add(time.Hour)} // updated since
	f.current["s4"] = &deploy.Stack{Name: "s4", ID: "new", Created: t0}                             // replaced

	var calls atomic.Int32
	out := branch.Collect(t.Context(), f, doomed, 3, func(branch.Outcome) { calls.Add(1) })
	require.EqualValues(t, 12, calls.Load())
	require.LessOrEqual(t, f.maxActive.Load(), int32(3), "bounded")
	require.Greater(t, f.maxActive.Load(), int32(1), "parallel")
	got := map[string]string{}
	for _, o := range out {
		got[o.Name] = o.Result
	}
	require.Equal(t, branch.Gone, got["s1"])
	require.Equal(t, branch.Skipped, got["s2"])
	require.Equal(t, branch.Failed, got["s3"])
	require.ErrorContains(t, out[3].Err, "DELETE_FAILED")
	require.Equal(t, branch.Skipped, got["s4"])
	require.Equal(t, branch.Deleted, got["s0"])
	require.Len(t, f.deleted, 8)
}
