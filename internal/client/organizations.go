package client

import (
	"context"
	"net/url"
)

// CurrentUser answers GET /users/me: the caller (a service account shows as a user).
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	var u User
	return &u, c.get(ctx, pathUsersMe, nil, &u)
}

// FindUsers lists users by exact email or username (either may be empty).
func (c *Client) FindUsers(ctx context.Context, email, username string) ([]User, error) {
	return listAll[User](ctx, c, pathUsers, url.Values{"email": {email}, "username": {username}})
}

// ListOrganizations lists the organizations the caller can see.
func (c *Client) ListOrganizations(ctx context.Context) ([]Organization, error) {
	return listAll[Organization](ctx, c, pathOrganizations, nil)
}

// GetOrganization reads an organization by id or by name.
func (c *Client) GetOrganization(ctx context.Context, idOrName string) (*Organization, error) {
	var o Organization
	return &o, c.get(ctx, pathOrganization(idOrName), nil, &o)
}

// CreateOrganization creates an organization (self-hosted control planes and the mock).
func (c *Client) CreateOrganization(ctx context.Context, in OrganizationCreate) (*Organization, error) {
	if in.TrustedDomains == nil {
		in.TrustedDomains = []string{}
	}
	var o Organization
	return &o, c.post(ctx, pathOrganizations, nil, in, &o)
}

// UpdateOrganization patches an organization.
func (c *Client) UpdateOrganization(ctx context.Context, id string, in OrganizationUpdate) (*Organization, error) {
	var o Organization
	return &o, c.patch(ctx, pathOrganization(id), in, &o)
}

// DeleteOrganization deletes an organization.
func (c *Client) DeleteOrganization(ctx context.Context, id string) error {
	return c.del(ctx, pathOrganization(id), nil)
}

// ListOrganizationMembers lists users, service accounts, teams and pending invitations.
func (c *Client) ListOrganizationMembers(ctx context.Context, orgID string) ([]OrganizationMember, error) {
	return listAll[OrganizationMember](ctx, c, pathOrganizationMembers(orgID), nil)
}

// RemoveOrganizationMember removes every role assignment of a user in the organization.
func (c *Client) RemoveOrganizationMember(ctx context.Context, orgID, userID string) error {
	err := c.del(ctx, pathOrganizationMembers(orgID), url.Values{"user_id": {userID}})
	if err == nil {
		// The user's assignments and team memberships are gone: cached lists are stale.
		c.assignments.invalidateAll()
		c.teamMembers.invalidateAll()
	}
	return err
}
