package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// PageSize is the limit the client asks for when it pages through a list. No maximum is
// documented, so a control plane that refuses it gets PublicPageSize, the public Python client's
// size, instead.
const PageSize = 200

// PublicPageSize is the page size the public Python client uses (its default limit).
const PublicPageSize = 20

// pageSize is the limit to ask for: PageSize until a control plane refused it once.
func (c *Client) pageSize() int {
	if c.smallPages.Load() {
		return PublicPageSize
	}
	return PageSize
}

// listAll pages through a bare-array list endpoint with offset and limit. It stops on a page
// shorter than the limit, and on a page identical to the one before (an API that ignores offset
// would otherwise be asked forever). If the first page is refused as a bad request (400 or 422),
// the limit may be what the API refuses: it asks again with the public client's page size, and
// keeps that size for the rest of the client's life.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	q := url.Values{}
	for k, v := range query {
		if len(v) > 0 && v[0] != "" {
			q[k] = v
		}
	}
	limit := c.pageSize()
	var all []T
	var previous json.RawMessage
	for offset := 0; ; offset += limit {
		q.Set("limit", strconv.Itoa(limit))
		q.Set("offset", strconv.Itoa(offset))
		var raw json.RawMessage
		err := c.get(ctx, path, q, &raw)
		if err != nil && offset == 0 && limit > PublicPageSize && IsValidation(err) {
			limit = PublicPageSize
			q.Set("limit", strconv.Itoa(limit))
			if err = c.get(ctx, path, q, &raw); err == nil {
				// The smaller page passed where the larger failed: the API refuses the size.
				tflog.Debug(ctx, "ZenML Pro API refused the page size; using the public client's", map[string]any{
					"path": path, "refused": PageSize, "limit": PublicPageSize,
				})
				c.smallPages.Store(true)
			}
		}
		if err != nil {
			return nil, err
		}
		var page []T
		if err := json.Unmarshal(raw, &page); err != nil {
			return nil, fmt.Errorf("decoding the response of GET %s: %w", path, err)
		}
		if len(page) > 0 && previous != nil && bytes.Equal(raw, previous) {
			tflog.Warn(ctx, "ZenML Pro API answered the same page twice (it may ignore offset); stopping the list there", map[string]any{
				"path": path, "offset": offset,
			})
			return all, nil
		}
		all = append(all, page...)
		if len(page) < limit {
			return all, nil
		}
		previous = raw
	}
}
