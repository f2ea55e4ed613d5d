package client

import (
	"context"
	"net/url"
	"strconv"
)

// PageSize is the limit the client asks for when it pages through a list.
const PageSize = 200

// listAll pages through a bare-array list endpoint: offset/limit until a short page.
func listAll[T any](ctx context.Context, c *Client, path string, query url.Values) ([]T, error) {
	q := url.Values{}
	for k, v := range query {
		if len(v) > 0 && v[0] != "" {
			q[k] = v
		}
	}
	q.Set("limit", strconv.Itoa(PageSize))
	var all []T
	for offset := 0; ; offset += PageSize {
		q.Set("offset", strconv.Itoa(offset))
		var page []T
		if err := c.get(ctx, path, q, &page); err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < PageSize {
			return all, nil
		}
	}
}
