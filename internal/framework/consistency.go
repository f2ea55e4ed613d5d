package framework

import (
	"context"
	"encoding/json"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The control plane may answer 404 for an object for a moment after creating it (its reads can lag
// its writes). A Read that sees 404 soon after the provider created the object waits and retries
// instead of dropping it from state, which would plan a duplicate. The moment of creation is kept
// in the resource's private state, on the provider's own clock, so that this holds in the
// Terraform command after the one that created the object (a plan right after an apply).
//
// Within the command that creates an object, the client itself rides out the lag of every call
// that names it (its children's lists and creates too): the provider hands it ConsistencyWindow
// (client.Config.ConsistencyWindow), so that both use this one window.
const (
	createdAtKey = "created_at"
	// ConsistencyWindow is how long after creation a 404 is taken for lag rather than deletion.
	ConsistencyWindow = 10 * time.Second
)

// PrivateState is the part of the framework's private state a resource uses.
type PrivateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// MarkCreated records now as the creation time of the object.
func MarkCreated(ctx context.Context, private PrivateState) diag.Diagnostics {
	// Private state values must be JSON: a quoted timestamp.
	raw, _ := json.Marshal(time.Now().UTC().Format(time.RFC3339Nano))
	return private.SetKey(ctx, createdAtKey, raw)
}

// ReadTolerant calls read; while read reports not found and the object was created less than
// ConsistencyWindow ago, it waits and calls read again. It returns what the last read returned.
func ReadTolerant(ctx context.Context, private PrivateState, isNotFound func(error) bool, read func(context.Context) error) error {
	err := read(ctx)
	if err == nil || !isNotFound(err) || private == nil {
		return err
	}
	raw, _ := private.GetKey(ctx, createdAtKey)
	var stamp string
	if json.Unmarshal(raw, &stamp) != nil {
		return err
	}
	created, parseErr := time.Parse(time.RFC3339Nano, stamp)
	if parseErr != nil {
		return err
	}
	deadline := created.Add(ConsistencyWindow)
	interval := 200 * time.Millisecond
	for time.Now().Before(deadline) {
		timer := time.NewTimer(min(interval, time.Until(deadline)+time.Millisecond))
		select {
		case <-ctx.Done():
			timer.Stop()
			return err
		case <-timer.C:
		}
		if err = read(ctx); err == nil || !isNotFound(err) {
			return err
		}
		interval = min(interval*2, 2*time.Second)
	}
	return err
}
