package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ---- Invitations ----

// ListInvitations lists an organization's invitations, optionally by email and pending only.
func (c *Client) ListInvitations(ctx context.Context, orgID, email string, onlyPending bool) ([]Invitation, error) {
	q := url.Values{"email": {email}}
	if onlyPending {
		q.Set("only_pending", "true")
	}
	return listAll[Invitation](ctx, c, pathOrganizationInvitations(orgID), q)
}

// GetInvitation reads one invitation the public way: it lists the organization's invitations
// for email (all of them when email is "") and picks the one with the id. A read by id
// (GET .../invitations/{id}) is not public. It answers a not-found *APIError when there is none.
func (c *Client) GetInvitation(ctx context.Context, orgID, id, email string) (*Invitation, error) {
	list, err := c.ListInvitations(ctx, orgID, email, false)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if strings.EqualFold(list[i].ID, id) {
			return &list[i], nil
		}
	}
	return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: pathOrganizationInvitations(orgID),
		Detail: fmt.Sprintf("no invitation %s in the organization's list", id)}
}

// CreateInvitation invites an email address with an organization-level role.
func (c *Client) CreateInvitation(ctx context.Context, orgID string, in InvitationCreate) (*Invitation, error) {
	inv, err := createChecked(ctx, c, postRequest(pathOrganizationInvitations(orgID), nil, in), invitationKey(c, orgID, in))
	if err == nil {
		c.assignments.invalidate(in.RoleID) // an invitation holds its role
	}
	return inv, err
}

// DeleteInvitation revokes a pending invitation.
func (c *Client) DeleteInvitation(ctx context.Context, orgID, id string) error {
	err := c.del(ctx, pathOrganizationInvitation(orgID, id), nil)
	if err == nil {
		// Assignments and memberships held by the invitation went with it.
		c.assignments.invalidateAll()
		c.teamMembers.invalidateAll()
	}
	return err
}

// ---- Teams ----

// ListTeams lists an organization's teams.
func (c *Client) ListTeams(ctx context.Context, orgID string) ([]Team, error) {
	return listAll[Team](ctx, c, pathOrganizationTeams(orgID), nil)
}

// GetTeam reads a team.
func (c *Client) GetTeam(ctx context.Context, id string) (*Team, error) {
	var t Team
	return &t, c.get(ctx, pathTeam(id), nil, &t)
}

// CreateTeam creates a team.
func (c *Client) CreateTeam(ctx context.Context, in TeamCreate) (*Team, error) {
	return createChecked(ctx, c, postRequest(pathTeams, nil, in), teamKey(c, in))
}

// UpdateTeam patches a team.
func (c *Client) UpdateTeam(ctx context.Context, id string, in TeamUpdate) (*Team, error) {
	var t Team
	return &t, c.patch(ctx, pathTeam(id), in, &t)
}

// DeleteTeam deletes a team with its memberships and role assignments.
func (c *Client) DeleteTeam(ctx context.Context, id string) error {
	err := c.del(ctx, pathTeam(id), nil)
	if err == nil {
		c.teamMembers.invalidate(id)
		c.assignments.invalidateAll()
	}
	return err
}

// ListTeamMembers lists a team's members, uncached.
func (c *Client) ListTeamMembers(ctx context.Context, teamID string) ([]TeamMember, error) {
	return listAll[TeamMember](ctx, c, pathTeamMembers(teamID), nil)
}

// CachedTeamMembers lists a team's members through the per-client cache: one paged list per team
// for all the membership resources refreshed by one Terraform run. The slice is shared: read only.
func (c *Client) CachedTeamMembers(ctx context.Context, teamID string) ([]TeamMember, error) {
	return c.teamMembers.get(ctx, teamID, func(ctx context.Context) ([]TeamMember, error) {
		return c.ListTeamMembers(ctx, teamID)
	})
}

// AddTeamMember adds a user, a service account or a pending invitation (kind SubjectUser,
// SubjectServiceAccount or SubjectInvitation). Like the public script, it sends no body.
func (c *Client) AddTeamMember(ctx context.Context, teamID, kind, id string) (*TeamMember, error) {
	m, err := createChecked(ctx, c, postRequest(pathTeamMembers(teamID), url.Values{WireKind(kind) + "_id": {id}}, nil),
		teamMemberKey(c, teamID, kind, id))
	c.teamMembers.invalidate(teamID)
	return m, err
}

// RemoveTeamMember removes a user, a service account or a pending invitation from a team.
func (c *Client) RemoveTeamMember(ctx context.Context, teamID, kind, id string) error {
	err := c.del(ctx, pathTeamMembers(teamID), url.Values{WireKind(kind) + "_id": {id}})
	c.teamMembers.invalidate(teamID)
	return err
}

// ---- Roles and assignments ----

// ListRoles lists an organization's built-in and custom roles, optionally by level and exact name.
func (c *Client) ListRoles(ctx context.Context, orgID, level, name string) ([]Role, error) {
	return listAll[Role](ctx, c, pathOrganizationRoles(orgID), url.Values{"level": {level}, "name": {name}})
}

// GetRole reads a role.
func (c *Client) GetRole(ctx context.Context, id string) (*Role, error) {
	var r Role
	return &r, c.get(ctx, pathRole(id), nil, &r)
}

// CachedRole reads a role through the per-client cache: planning many bindings of the same few
// roles reads each role once per run. Writes through the client drop the entry. Read only.
func (c *Client) CachedRole(ctx context.Context, id string) (*Role, error) {
	roles, err := c.roles.get(ctx, id, func(ctx context.Context) ([]Role, error) {
		r, err := c.GetRole(ctx, id)
		if err != nil {
			return nil, err
		}
		return []Role{*r}, nil
	})
	if err != nil {
		return nil, err
	}
	return &roles[0], nil
}

// CreateRole creates a custom role.
func (c *Client) CreateRole(ctx context.Context, in RoleCreate) (*Role, error) {
	if in.Permissions == nil {
		in.Permissions = []string{}
	}
	return createChecked(ctx, c, postRequest(pathRoles, nil, in), roleKey(c, in))
}

// UpdateRole patches a custom role.
func (c *Client) UpdateRole(ctx context.Context, id string, in RoleUpdate) (*Role, error) {
	var r Role
	err := c.patch(ctx, pathRole(id), in, &r)
	c.roles.invalidate(id)
	return &r, err
}

// DeleteRole deletes a custom role and its assignments.
func (c *Client) DeleteRole(ctx context.Context, id string) error {
	err := c.del(ctx, pathRole(id), nil)
	c.roles.invalidate(id)
	if err == nil {
		c.assignments.invalidate(id)
	}
	return err
}

// ListPermissions lists the permissions a custom role of the level may hold ("" = every level).
func (c *Client) ListPermissions(ctx context.Context, level string) ([]Permission, error) {
	return listAll[Permission](ctx, c, pathPermissions, url.Values{"level": {level}})
}

// ListRoleAssignments lists a role's assignments, uncached; workspaceID and projectID narrow the
// scope when set, and both empty means every scope.
func (c *Client) ListRoleAssignments(ctx context.Context, roleID, workspaceID, projectID string) ([]Assignment, error) {
	return listAll[Assignment](ctx, c, pathRoleAssignments(roleID), url.Values{
		"workspace_id": {workspaceID},
		"project_id":   {projectID},
	})
}

// FindAssignment looks k up among all assignments of its role, through the per-client cache: one
// paged list per role serves every binding of that role refreshed in one Terraform run. It
// returns nil when there is no such assignment.
func (c *Client) FindAssignment(ctx context.Context, k AssignmentKey) (*Assignment, error) {
	all, err := c.assignments.get(ctx, k.RoleID, func(ctx context.Context) ([]Assignment, error) {
		return c.ListRoleAssignments(ctx, k.RoleID, "", "")
	})
	if err != nil {
		return nil, err
	}
	for i := range all {
		if k.Matches(&all[i]) {
			return cloneAssignment(all[i]), nil
		}
	}
	return nil, nil
}

// cloneAssignment copies a cached assignment, pointers included, so that a caller who changes
// the answer does not change the cache that every other binding of the role reads.
func cloneAssignment(a Assignment) *Assignment {
	cloneString := func(p *string) *string {
		if p == nil {
			return nil
		}
		v := *p
		return &v
	}
	cloneRef := func(r *SubjectRef) *SubjectRef {
		if r == nil {
			return nil
		}
		c := *r
		c.Email = cloneString(r.Email)
		return &c
	}
	a.User, a.Team, a.Invitation = cloneRef(a.User), cloneRef(a.Team), cloneRef(a.Invitation)
	a.WorkspaceID, a.ProjectID = cloneString(a.WorkspaceID), cloneString(a.ProjectID)
	return &a
}

// assignmentQuery is the query of POST and DELETE /roles/{id}/assignments: a service account goes
// as user_id.
func assignmentQuery(k AssignmentKey) url.Values {
	q := url.Values{WireKind(k.SubjectKind) + "_id": {k.SubjectID}}
	if k.WorkspaceID != "" {
		q.Set("workspace_id", k.WorkspaceID)
	}
	if k.ProjectID != "" {
		q.Set("project_id", k.ProjectID)
	}
	return q
}

// CreateAssignment gives k's subject k's role at k's scope. Like the public script, it sends no
// body.
func (c *Client) CreateAssignment(ctx context.Context, k AssignmentKey) (*Assignment, error) {
	a, err := createChecked(ctx, c, postRequest(pathRoleAssignments(k.RoleID), assignmentQuery(k), nil), assignmentKey(c, k))
	c.assignments.invalidate(k.RoleID)
	return a, err
}

// DeleteAssignment removes the assignment k names.
func (c *Client) DeleteAssignment(ctx context.Context, k AssignmentKey) error {
	err := c.del(ctx, pathRoleAssignments(k.RoleID), assignmentQuery(k))
	c.assignments.invalidate(k.RoleID)
	return err
}
