package client

import (
	"context"
	"net/url"
	"strings"
)

// CurrentUser answers GET /users/me: the caller (a service account shows as a user).
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	var u User
	return &u, c.get(ctx, pathUsersMe, nil, &u)
}

// FindUsersByEmail lists the users with this email. The API's filter may be loose (a substring,
// say): the match is made here, exactly and without regard to case.
func (c *Client) FindUsersByEmail(ctx context.Context, email string) ([]User, error) {
	list, err := listAll[User](ctx, c, pathUsers, url.Values{"email": {email}})
	if err != nil {
		return nil, err
	}
	var out []User
	for _, u := range list {
		if u.Email != nil && strings.EqualFold(*u.Email, email) {
			out = append(out, u)
		}
	}
	return out, nil
}

// GetUser reads a user by id (ours: no public read by id).
func (c *Client) GetUser(ctx context.Context, id string) (*User, error) {
	var u User
	return &u, c.get(ctx, pathUser(id), nil, &u)
}

// FindMemberByUsername looks a user (or service account) up by username among an organization's
// members: GET /users?username= is not public, the members list is. It returns nil when there is
// none.
func (c *Client) FindMemberByUsername(ctx context.Context, orgID, username string) (*User, error) {
	members, err := c.ListOrganizationMembers(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		if m.User != nil && strings.EqualFold(m.User.Username, username) {
			u := *m.User
			return &u, nil
		}
		if sa := m.ServiceAccount; sa != nil && strings.EqualFold(sa.Username, username) {
			// The list shows a service account as itself; as a user, its email is its username.
			email := sa.Username
			return &User{ID: sa.ID, Username: sa.Username, Email: &email, Name: sa.Name, IsActive: sa.Active,
				IsServiceAccount: true, OrganizationID: &sa.OrganizationID}, nil
		}
	}
	return nil, nil
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
	return createChecked(ctx, c, postRequest(pathOrganizations, nil, in), organizationKey(c, in))
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

// RemoveOrganizationMember removes a user's (or service account's) organization-level role
// assignments, which is what makes it a member: its workspace and project roles and its team
// memberships stay (the public semantics). A caller who wants those gone removes them itself.
func (c *Client) RemoveOrganizationMember(ctx context.Context, orgID, userID string) error {
	err := c.del(ctx, pathOrganizationMembers(orgID), url.Values{"user_id": {userID}})
	if err == nil {
		c.assignments.invalidateAll()
	}
	return err
}

// RemoveMemberEverywhere takes a user (or service account) out of an organization entirely: its
// team memberships and workspace and project roles first, then its organization-level roles
// (RemoveOrganizationMember, which alone would leave the others). It lists the organization's
// teams and roles to find them. A list the control plane does not serve (team members, role
// assignments: both ours) is skipped and named in unchecked, so that the caller can say what may
// remain; any other error stops it.
func (c *Client) RemoveMemberEverywhere(ctx context.Context, orgID, userID string) (unchecked []string, err error) {
	teams, err := c.ListTeams(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		members, err := c.ListTeamMembers(ctx, t.ID)
		if IsNotServed(err) {
			unchecked = append(unchecked, "team memberships")
			break
		}
		if err != nil {
			return unchecked, err
		}
		for _, m := range members {
			if m.User != nil && m.User.ID == userID {
				if err := c.RemoveTeamMember(ctx, t.ID, SubjectUser, userID); err != nil && !IsNotFound(err) {
					return unchecked, err
				}
			}
		}
	}
	roles, err := c.ListRoles(ctx, orgID, "", "")
	if err != nil {
		return unchecked, err
	}
	for _, r := range roles {
		if r.Level == LevelOrganization {
			continue // removed below, with the membership itself
		}
		assignments, err := c.ListRoleAssignments(ctx, r.ID, "", "")
		if IsNotServed(err) {
			unchecked = append(unchecked, "workspace and project roles")
			break
		}
		if err != nil {
			return unchecked, err
		}
		for i := range assignments {
			a := &assignments[i]
			if kind, id := a.Subject(); kind == SubjectUser && id == userID {
				k := AssignmentKey{RoleID: r.ID, SubjectKind: SubjectUser, SubjectID: userID,
					WorkspaceID: deref(a.WorkspaceID), ProjectID: deref(a.ProjectID)}
				if err := c.DeleteAssignment(ctx, k); err != nil && !IsNotFound(err) {
					return unchecked, err
				}
			}
		}
	}
	err = c.RemoveOrganizationMember(ctx, orgID, userID)
	if IsNotFound(err) {
		err = nil // it held no organization-level role any more
	}
	return unchecked, err
}
