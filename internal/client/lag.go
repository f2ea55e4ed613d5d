package client

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The control plane may answer 404 for an object for a moment after creating it: its reads can lag
// its writes. That holds for the object's own read, and as much for every call that looks it up
// first: a list of its children (GET /teams/{id}/members), a child's create naming it as parent,
// subject or scope (POST /teams/{id}/members, POST /roles/{id}/assignments?team_id=&workspace_id=,
// POST .../service_accounts/{id}/api_keys). The client sees every create answer, so it decides
// for all of them in one place: for the consistency window after it created an object, a 404 of
// a call whose path or query names that object is "not yet", and the call is retried with a
// growing wait until the window has passed. A 404 of a route the API does not serve (IsNotServed)
// is never that. Objects made by anyone else, or by an earlier provider run, are not known here;
// a resource's own read rides out the lag on the creation time kept in its private state
// (framework.ReadTolerant).

// Waits between the retries of a lagging call: the first, and the longest.
const (
	lagRetryFirst = 200 * time.Millisecond
	lagRetryMax   = 2 * time.Second
)

// recentObjects remembers the ids of the objects this client created, with when. A nil
// *recentObjects (no window) remembers nothing.
type recentObjects struct {
	window time.Duration

	mu      sync.Mutex
	created map[string]time.Time
	pruned  time.Time
}

func newRecentObjects(window time.Duration) *recentObjects {
	if window <= 0 {
		return nil
	}
	return &recentObjects{window: window, created: map[string]time.Time{}}
}

// add records that the object with this id was created now.
func (r *recentObjects) add(id string) {
	if r == nil || id == "" {
		return
	}
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.created[strings.ToLower(id)] = now
	// Forget what is out of the window now and then, so that a long run does not keep every id.
	if now.Sub(r.pruned) > r.window {
		for id, at := range r.created {
			if now.Sub(at) >= r.window {
				delete(r.created, id)
			}
		}
		r.pruned = now
	}
}

// forget drops an id: the object was deleted, and a 404 for it now means just that.
func (r *recentObjects) forget(id string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	delete(r.created, strings.ToLower(id))
	r.mu.Unlock()
}

// deadline is the end of the window of the newest object that req names in its path or its
// query, and whether it names any that is still in its window.
func (r *recentObjects) deadline(req request, now time.Time) (time.Time, bool) {
	if r == nil {
		return time.Time{}, false
	}
	var names []string
	for _, segment := range strings.Split(req.path, "/") {
		if s, err := url.PathUnescape(segment); err == nil && s != "" {
			names = append(names, s)
		}
	}
	for _, values := range req.query {
		names = append(names, values...)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var newest time.Time
	for _, name := range names {
		if at, ok := r.created[strings.ToLower(name)]; ok && at.After(newest) {
			newest = at
		}
	}
	end := newest.Add(r.window)
	return end, !newest.IsZero() && now.Before(end)
}

// ride runs call. While it fails with an object's 404 and req names an object created less than
// the window ago, it waits and runs it again. A successful DELETE forgets the object it deleted.
func (r *recentObjects) ride(ctx context.Context, req request, call func(request) error) error {
	err := call(req)
	interval := lagRetryFirst
	for err != nil && IsNotFound(err) {
		deadline, young := r.deadline(req, time.Now())
		if !young {
			break
		}
		tflog.Debug(ctx, "ZenML Pro API answered 404 for an object created moments ago: waiting for it to show", map[string]any{
			"method": req.method, "path": req.path, "wait_ms": interval.Milliseconds(),
		})
		if sleep(ctx, min(interval, time.Until(deadline)+time.Millisecond)) != nil {
			return err
		}
		// A 404 is a final answer: a POST tried again is a new request, under a new key.
		req.idempotencyKey = ""
		err = call(req)
		interval = min(2*interval, lagRetryMax)
	}
	if err == nil && req.method == http.MethodDelete {
		// DELETE /teams/{id}, .../api_keys/{key_id}: the last segment is the object deleted.
		// (DELETE /teams/{id}/members?user_id= ends in "members", which is no object's id.)
		if i := strings.LastIndex(req.path, "/"); i >= 0 {
			if id, unescapeErr := url.PathUnescape(req.path[i+1:]); unescapeErr == nil {
				r.forget(id)
			}
		}
	}
	return err
}

// sleep waits d, or until ctx ends (then it returns ctx's error).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
