package client

import (
	"context"
	"sync"
)

// listCache keeps the full list of something (all assignments of a role, all members of a team)
// for the life of one provider instance, so that refreshing hundreds of bindings or memberships
// costs one paged list per role or team instead of one call per resource. Concurrent readers of
// the same key share one fill; a write through the client drops the key it touched.
type listCache[T any] struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry[T]
}

type cacheEntry[T any] struct {
	ready chan struct{}
	items []T
	err   error
}

func newListCache[T any]() *listCache[T] {
	return &listCache[T]{entries: map[string]*cacheEntry[T]{}}
}

// get returns the cached list for key, filling it with fill on a miss. A failed fill is not kept.
func (lc *listCache[T]) get(ctx context.Context, key string, fill func(context.Context) ([]T, error)) ([]T, error) {
	lc.mu.Lock()
	entry, ok := lc.entries[key]
	if !ok {
		entry = &cacheEntry[T]{ready: make(chan struct{})}
		lc.entries[key] = entry
	}
	lc.mu.Unlock()

	if ok {
		select {
		case <-entry.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if entry.err == nil {
			return entry.items, nil
		}
		// The fill we waited for failed (perhaps its caller's context ended): try ourselves.
		return lc.get(ctx, key, fill)
	}

	entry.items, entry.err = fill(ctx)
	if entry.err != nil {
		lc.mu.Lock()
		if lc.entries[key] == entry {
			delete(lc.entries, key)
		}
		lc.mu.Unlock()
	}
	close(entry.ready)
	return entry.items, entry.err
}

// invalidate drops key; the next get lists again.
func (lc *listCache[T]) invalidate(key string) {
	lc.mu.Lock()
	delete(lc.entries, key)
	lc.mu.Unlock()
}

// invalidateAll drops every key (a write that may touch many, such as deleting a workspace).
func (lc *listCache[T]) invalidateAll() {
	lc.mu.Lock()
	clear(lc.entries)
	lc.mu.Unlock()
}
