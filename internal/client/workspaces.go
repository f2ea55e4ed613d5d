package client

import (
	"context"
	"net/url"
)

// ListWorkspaces lists workspaces, filtered on the server by organization, exact name and status.
func (c *Client) ListWorkspaces(ctx context.Context, f WorkspaceFilter) ([]Workspace, error) {
	return listAll[Workspace](ctx, c, pathWorkspaces, url.Values{
		"organization_id": {f.OrganizationID},
		"workspace_name":  {f.Name},
		"status":          {f.Status},
	})
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
	var w Workspace
	return &w, c.post(ctx, pathWorkspaces, query, in, &w)
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

// RotateEnrollmentKey issues a new enrollment key; the old one stops working.
func (c *Client) RotateEnrollmentKey(ctx context.Context, id string) (string, error) {
	var out struct {
		EnrollmentKey string `json:"enrollment_key"`
	}
	err := c.post(ctx, pathWorkspaceEnrollmentKey(id), nil, struct{}{}, &out)
	return out.EnrollmentKey, err
}

// ReportWorkspaceStatus is what a workspace server sends after logging in with its enrollment key.
// The client must be built with Config.AccessToken set to the token of WorkspaceServerLogin.
func (c *Client) ReportWorkspaceStatus(ctx context.Context, in WorkspaceStatusReport) (*Workspace, error) {
	var w Workspace
	return &w, c.patch(ctx, pathWorkspaceStatus, in, &w)
}
