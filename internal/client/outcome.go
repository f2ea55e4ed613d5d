package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// A write whose answer is lost — a 500, a 502-504 from a gateway, a connection reset after the
// request was sent — may or may not have been done. Repeating it blindly is safe only when the API
// honours Idempotency-Key, which nothing public promises. So the client finds out first:
//
//   - a create looks the object up by its unique key (unique.go lists them per kind) and adopts it
//     when it is exactly the planned object; a different object under that key is reported as a
//     conflict with its id, for the import ID. Only when there is none is the create sent again;
//     a 409 to that repeat means the first attempt did make it after all (the lookup may lag), and
//     the lookup is tried again within the consistency window.
//   - a PATCH reads the object back: if it shows every value the PATCH set, it was applied.
//
// GET, PUT and DELETE repeat without harm, and the retry policy repeats them (checkRetry).

// uniqueKey describes how to find the object a create of kind T may have made.
type uniqueKey[T any] struct {
	kind string // "team", for messages
	key  string // the key as a message reads it: `named "ml" in organization 7c5…`
	// find looks the object up by its unique key, reading afresh (never through a cache); nil and
	// no error when there is none.
	find func(context.Context) (*T, error)
	// differs says how found differs from the planned object, "" when it is exactly that one.
	differs func(found *T) string
	// id is the object's id ("" for objects without one: assignments, memberships).
	id func(*T) string
	// keyIsObject: the key is all there is to the object (an assignment, a membership). A 409
	// after a lost answer then means the planned object exists even where find is not served,
	// and planned stands for it.
	keyIsObject bool
	planned     func() *T
	// recover, when set, runs on an object adopted after a lost answer, to get back what only
	// that answer carried: a secret shown once (unique.go: hybrid workspaces, API keys).
	recover func(context.Context, *T) (*T, error)
}

// createChecked sends a create (req, a POST) and, when its answer is lost, finds out what it did
// before trying again (see above). It remembers the created object for the read-after-write
// window (lag.go).
func createChecked[T any](ctx context.Context, c *Client, req request, key uniqueKey[T]) (*T, error) {
	req.checked = true
	// One key for every attempt: a control plane that honours it answers a repeat with the first
	// attempt's result, which the lookup then agrees with.
	req.idempotencyKey = newIdempotencyKey()
	var lost error // the last attempt whose answer was lost
	for attempt := 0; ; attempt++ {
		var out T
		err := c.do(ctx, req, &out)
		switch {
		case err == nil:
			c.recent.add(key.id(&out))
			return &out, nil
		case IsConflict(err):
			return afterConflict(ctx, c, key, err, lost)
		case !outcomeUnknown(err):
			return nil, err
		}
		lost = err
		found, findErr := key.find(ctx)
		switch {
		case findErr != nil && (!key.keyIsObject || !IsNotServed(findErr)):
			return nil, &OutcomeUnknownError{Kind: key.kind, Key: key.key, Lost: lost, LookupErr: findErr}
		case found != nil:
			return adopt(ctx, c, key, found, lost)
		case attempt >= c.http.RetryMax:
			return nil, lost
		}
		tflog.Debug(ctx, "ZenML Pro API: the answer to a create was lost and the object is not there: creating it again", map[string]any{
			"kind": key.kind, "path": req.path, "attempt": attempt + 1,
		})
		if err := sleep(ctx, backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil)); err != nil {
			return nil, lost
		}
	}
}

// afterConflict handles a 409 to a create. After a lost answer it may be our own object: it is
// looked up (again, while the list may lag behind the write) and adopted when it is exactly the
// planned one. Otherwise it is an object that existed before: the error names it, so that the
// diagnostic can give the import ID that adopts it.
func afterConflict[T any](ctx context.Context, c *Client, key uniqueKey[T], conflict error, lost error) (*T, error) {
	var apiErr *APIError
	errors.As(conflict, &apiErr)
	if key.keyIsObject && lost == nil {
		return nil, conflict // an existing assignment or membership: the resource decides (it adopts an identical one)
	}
	found, findErr := key.find(ctx)
	if lost != nil && findErr == nil && found == nil && c.recent != nil {
		deadline := time.Now().Add(c.recent.window)
		for interval := lagRetryFirst; found == nil && findErr == nil && time.Now().Before(deadline); interval = min(2*interval, lagRetryMax) {
			if sleep(ctx, interval) != nil {
				break
			}
			found, findErr = key.find(ctx)
		}
	}
	if lost != nil {
		switch {
		case found != nil && key.differs(found) == "":
			return adopt(ctx, c, key, found, lost)
		case key.keyIsObject && found == nil && IsNotServed(findErr):
			return adopt(ctx, c, key, key.planned(), lost)
		}
	}
	e := &ExistsError{Kind: key.kind, Key: key.key, Conflict: apiErr, Lost: lost, LookupErr: findErr}
	if found != nil {
		e.ExistingID = key.id(found)
		if lost != nil {
			e.Differs = key.differs(found)
		}
	}
	return nil, e
}

// adopt takes found as the object the create made, if it is exactly the planned one.
func adopt[T any](ctx context.Context, c *Client, key uniqueKey[T], found *T, lost error) (*T, error) {
	if d := key.differs(found); d != "" {
		return nil, &ExistsError{Kind: key.kind, Key: key.key, ExistingID: key.id(found), Differs: d, Lost: lost}
	}
	id := key.id(found)
	c.recent.add(id)
	tflog.Info(ctx, "ZenML Pro API: the answer to a create was lost; the object was found by its unique key and adopted", map[string]any{
		"kind": key.kind, "id": id, "lost": lost.Error(),
	})
	if key.recover != nil {
		return key.recover(ctx, found)
	}
	return found, nil
}

// outcomeUnknown reports an error after which a write may or may not have been done: a 500, a
// gateway's 502-504, or a connection lost after the request was sent.
func outcomeUnknown(err error) bool {
	var te *TransportError
	if errors.As(err, &te) {
		return !sentNothing(te.Err)
	}
	switch statusOf(err) {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// ExistsError is a create that met an existing object under the planned object's unique key:
// the API answered 409, or the object found after a lost answer is not the planned one.
// ExistingID names it when it could be found, so that a diagnostic can give the import ID that
// adopts it.
type ExistsError struct {
	Kind, Key  string
	ExistingID string    // "" when it could not be found
	Differs    string    // after a lost answer: how the object found differs from the planned one
	Conflict   *APIError // the 409, when there was one
	Lost       error     // the lost answer before it, if any
	LookupErr  error     // why the lookup failed, if it did
}

func (e *ExistsError) Error() string {
	var b strings.Builder
	if e.ExistingID != "" {
		fmt.Fprintf(&b, "%s %s %s already exists (id %s)", article(e.Kind), e.Kind, e.Key, e.ExistingID)
		if e.Differs != "" {
			fmt.Fprintf(&b, ", and it is not the one planned: %s", e.Differs)
		}
	} else {
		fmt.Fprintf(&b, "the API holds %s %s %s already, but no such %s is visible to this API key", article(e.Kind), e.Kind, e.Key, e.Kind)
	}
	if e.Lost != nil {
		fmt.Fprintf(&b, ". The answer to an earlier attempt was lost (%v)", e.Lost)
	}
	if e.Conflict != nil {
		fmt.Fprintf(&b, ". The API answered: %s (HTTP 409 from %s)", e.Conflict.Detail, e.Conflict.Call())
	}
	if e.LookupErr != nil {
		fmt.Fprintf(&b, ". Looking it up failed: %v", e.LookupErr)
	}
	return b.String()
}

// article is "a" or "an" for a kind's name.
func article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiouAEIOU", rune(kind[0])) {
		return "an"
	}
	return "a"
}

// Unwrap gives the 409 (IsConflict holds), or else the lost answer.
func (e *ExistsError) Unwrap() error {
	if e.Conflict != nil {
		return e.Conflict
	}
	return e.Lost
}

// ExistingObject says which object is in the way: its kind and id ("" when not found).
func (e *ExistsError) ExistingObject() (kind, id string) { return e.Kind, e.ExistingID }

// OutcomeUnknownError is a create whose answer was lost and whose object could not be looked up:
// it may exist.
type OutcomeUnknownError struct {
	Kind, Key string
	Lost      error
	LookupErr error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("the answer to the create was lost (%v), and looking the %s %s up to see whether it was made failed: %v. "+
		"The %s may exist now: look for it, then import it or delete it before applying again", e.Lost, e.Kind, e.Key, e.LookupErr, e.Kind)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Lost }

// patchChecked sends a PATCH. When its answer is lost, it reads the object back at the same path:
// if the object shows every value the PATCH set, the PATCH was applied and the object read is the
// answer; otherwise (or if the read fails) the PATCH is sent again, which a PATCH of plain values
// allows.
func (c *Client) patchChecked(ctx context.Context, path string, body, out any) error {
	req := request{method: http.MethodPatch, path: path, body: body, checked: true}
	for attempt := 0; ; attempt++ {
		err := c.do(ctx, req, out)
		if err == nil || !outcomeUnknown(err) || attempt >= c.http.RetryMax {
			return err
		}
		var current json.RawMessage
		if readErr := c.get(ctx, path, nil, &current); readErr == nil && patchApplied(body, current) {
			tflog.Debug(ctx, "ZenML Pro API: the answer to a PATCH was lost; reading back shows it applied", map[string]any{"path": path})
			if out == nil {
				return nil
			}
			return json.Unmarshal(current, out)
		}
		if err := sleep(ctx, backoff(c.http.RetryWaitMin, c.http.RetryWaitMax, attempt, nil)); err != nil {
			return err
		}
	}
}

// patchApplied reports whether current (an object as JSON) holds every value body (a PATCH
// body) sets. Lists compare without regard to order (an API may sort trusted domains or
// permissions).
func patchApplied(body any, current json.RawMessage) bool {
	raw, err := json.Marshal(body)
	if err != nil {
		return false
	}
	var want, have any
	if json.Unmarshal(raw, &want) != nil || json.Unmarshal(current, &have) != nil {
		return false
	}
	if _, ok := want.(map[string]any); !ok {
		return false // no body, or not an object: nothing to compare
	}
	return holds(have, want)
}

// holds reports whether have carries want: every key of an object, recursively; lists as
// multisets; anything else equal.
func holds(have, want any) bool {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			hv, present := h[k]
			if !present || !holds(hv, wv) {
				return false
			}
		}
		return true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return false
		}
		return slices.Equal(canonicalItems(h), canonicalItems(w))
	default:
		return have == want // JSON scalars: string, float64, bool or nil, all comparable
	}
}

func canonicalItems(items []any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		raw, _ := json.Marshal(it)
		out[i] = string(raw)
	}
	slices.Sort(out)
	return out
}

// postRequest is a create's request.
func postRequest(path string, query url.Values, body any) request {
	return request{method: http.MethodPost, path: path, query: query, body: body}
}
