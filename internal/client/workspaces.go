package client

import (
	"context"
	"fmt"
	"net/url"
)

// ListWorkspaces lists workspaces of a kind (WorkspacesHybrid, WorkspacesManaged or
// WorkspacesAll), filtered on the server by organization, exact name and status. GET /workspaces
// lists managed workspaces only unless asked for is_managed=false, and a control plane may have
// either default: every list says which kind it wants, and WorkspacesAll asks for each kind in
// turn (hybrid ones first).
func (c *Client) ListWorkspaces(ctx context.Context, kind string, f WorkspaceFilter) ([]Workspace, error) {
	var managed []string
	switch kind {
	case WorkspacesHybrid:
		managed = []string{"false"}
	case WorkspacesManaged:
		managed = []string{"true"}
	case WorkspacesAll:
		managed = []string{"false", "true"}
	default:
		return nil, fmt.Errorf("listing workspaces: unknown kind %q", kind)
	}
	var all []Workspace
	seen := map[string]bool{}
	for _, m := range managed {
		list, err := listAll[Workspace](ctx, c, pathWorkspaces, url.Values{
			"organization_id": {f.OrganizationID},
			"workspace_name":  {f.Name},
			"status":          {f.Status},
			"is_managed":      {m},
		})
		if err != nil {
			return nil, err
		}
		for _, w := range list {
			// A control plane that ignores the filter answers the same workspaces twice.
			if seen[w.ID] {
				continue
			}
			seen[w.ID] = true
			if m == "true" {
				w.IsManaged = true // is_managed is ours in the read model: the filter says it
			}
			all = append(all, w)
		}
	}
	return all, nil
}

// GetWorkspace reads a workspace by id.
func (c *Client) GetWorkspace(ctx context.Context, id string) (*Workspace, error) {
	var w Workspace
	return &w, c.get(ctx, pathWorkspace(id), nil, &w)
}

// CreateWorkspace creates a workspace. A hybrid one (IsManaged false) is created with enrollment,
// and the answer carries its enrollment key, once.
func (c *Client) CreateWorkspace(ctx context.Context, in WorkspaceCreate) (*Workspace, error) {
	var query url.Values
	if !in.IsManaged {
		query = url.Values{"enroll": {"true"}}
	}
	w, err := createChecked(ctx, c, postRequest(pathWorkspaces, query, in), workspaceKey(c, in))
	if w != nil {
		c.secrets.add(w.EnrollmentKey)
	}
	return w, err
}

// UpdateWorkspace patches a workspace.
func (c *Client) UpdateWorkspace(ctx context.Context, id string, in WorkspaceUpdate) (*Workspace, error) {
	var w Workspace
	return &w, c.patch(ctx, pathWorkspace(id), in, &w)
}

// DeleteWorkspace deletes a workspace; it answers status "deleted" for a while, then 404.
func (c *Client) DeleteWorkspace(ctx context.Context, id string) error {
	err := c.del(ctx, pathWorkspace(id), nil)
	if err == nil {
		// The workspace's role assignments went with it, across any number of roles.
		c.assignments.invalidateAll()
	}
	return err
}

// RotateEnrollmentKey issues a new enrollment key; the old one stops working. A rotation repeated
// after a lost answer issues another key, and the last one is returned: it is retried like a
// read.
func (c *Client) RotateEnrollmentKey(ctx context.Context, id string) (string, error) {
	var out struct {
		EnrollmentKey string `json:"enrollment_key"`
	}
	err := c.post(ctx, pathWorkspaceEnrollmentKey(id), nil, nil, &out)
	c.secrets.add(out.EnrollmentKey)
	return out.EnrollmentKey, err
}
