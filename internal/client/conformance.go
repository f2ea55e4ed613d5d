package client

import (
	"context"
	"encoding/json"
	"net/url"
)

// What cmd/zenmlpro-conformance needs beyond the typed calls: it compares the answers of a control
// plane with the contract field by field, so it reads them undecoded, through the same login,
// retries and error decoding as every other call.

// LogIn logs in with the client's API key now, rather than on the first call, so that a refused
// key is reported before anything else. A client built with an access token does nothing.
func (c *Client) LogIn(ctx context.Context) error {
	_, err := c.auth.token(ctx)
	return err
}

// GetRaw makes one GET of path (escaped, as the contract writes it: "/teams/<id>") with query, and
// returns the answer's body undecoded (nil for a 204). A non-2xx answer is an
// *APIError, so IsNotServed and IsNotFound tell a route the control plane does not have from an
// object that does not exist.
func (c *Client) GetRaw(ctx context.Context, path string, query url.Values) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.get(ctx, path, query, &raw)
	return raw, err
}
