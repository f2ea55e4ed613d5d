package mockcontrolplane

import (
	"net/http"
	"slices"
	"time"
)

type roleView struct {
	ID             string   `json:"id"`
	OrganizationID string   `json:"organization_id"`
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	Level          string   `json:"level"`
	Permissions    []string `json:"permissions"`
	SystemManaged  bool     `json:"system_managed"`
	Created        string   `json:"created"`
	Updated        string   `json:"updated"`
}

func viewRole(r *Role) roleView {
	perms := slices.Clone(r.Permissions)
	if perms == nil {
		perms = []string{}
	}
	return roleView{r.ID, r.OrganizationID, r.Name, r.Description, r.Level, perms, r.SystemManaged, ts(r.Created), ts(r.Updated)}
}

// roleRef is how a role appears inside other objects.
type roleRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Level string `json:"level"`
}

func refRole(r *Role) roleRef { return roleRef{r.ID, r.Name, r.Level} }

// orgAccess checks the caller's access to an object of an organization: 404 (naming the object)
// when the caller is not a member, 403 for a write without the write permission.
func (c *call) orgAccess(orgID string, write bool, what string) *reply {
	if !c.isMember(orgID) {
		rep := notFound(what)
		return &rep
	}
	if write && !c.canWrite(orgID) {
		rep := forbidden("this needs the Organization Admin or Organization Manager role in the organization")
		return &rep
	}
	return nil
}

// pathRole resolves /roles/{id}.
func (c *call) pathRole(write bool) (*Role, *reply) {
	id, ok := parseUUID(c.r.PathValue("id"))
	r := c.s.st.roles[id]
	if !ok || r == nil {
		rep := notFound("role")
		return nil, &rep
	}
	if rep := c.orgAccess(r.OrganizationID, write, "role"); rep != nil {
		return nil, rep
	}
	return r, nil
}

func addAssignment(st *store, a *Assignment) bool {
	if _, dup := st.assignments[a.key()]; dup {
		return false
	}
	st.assignments[a.key()] = a
	return true
}

// --- roles ---

func (s *Server) listRoles(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	q := c.r.URL.Query()
	level, name := q.Get("level"), q.Get("name")
	if level != "" && !validLevel(level) {
		return invalid("query parameter level must be organization, workspace or project")
	}
	out := []roleView{}
	for _, r := range values(s.st.roles, func(r *Role) time.Time { return r.Created }, func(r *Role) string { return r.ID }) {
		if r.OrganizationID == o.ID && (level == "" || r.Level == level) && (name == "" || r.Name == name) {
			out = append(out, viewRole(r))
		}
	}
	return listReply(c, out)
}

type roleBody struct {
	OrganizationID *string   `json:"organization_id"`
	Name           *string   `json:"name"`
	Description    *string   `json:"description"`
	Level          *string   `json:"level"`
	Permissions    *[]string `json:"permissions"`
}

func validPermissions(level string, perms []string) *reply {
	seen := map[string]bool{}
	for _, p := range perms {
		if !permissionExists(level, p) {
			rep := invalid("permissions: %q is not a %s-level permission (see GET /permissions?level=%s)", p, level, level)
			return &rep
		}
		if seen[p] {
			rep := invalid("permissions: %q appears twice", p)
			return &rep
		}
		seen[p] = true
	}
	return nil
}

func (s *Server) createRole(c *call) reply {
	var body roleBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.bodyOrg(body.OrganizationID)
	if rep != nil {
		return *rep
	}
	if body.Name == nil {
		return invalid("name is required")
	}
	if rep := validTeamLikeName(*body.Name); rep != nil {
		return *rep
	}
	if rep := validDescription(deref(body.Description)); rep != nil {
		return *rep
	}
	if body.Level == nil || !validLevel(*body.Level) {
		return invalid("level must be organization, workspace or project")
	}
	perms := []string{}
	if body.Permissions != nil {
		perms = slices.Clone(*body.Permissions)
	}
	if rep := validPermissions(*body.Level, perms); rep != nil {
		return *rep
	}
	if s.st.roleByName(o.ID, *body.Name) != nil {
		return conflict("a role named %q already exists in the organization", *body.Name)
	}
	r := &Role{ID: newID(), OrganizationID: o.ID, Name: *body.Name, Description: deref(body.Description),
		Level: *body.Level, Permissions: perms, Created: c.now, Updated: c.now}
	s.st.roles[r.ID] = r
	return created(viewRole(r))
}

func (s *Server) getRole(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, rep := c.pathRole(false)
	if rep != nil {
		return *rep
	}
	// Built-in roles are part of the platform, not something a caller just created: no lag.
	if !r.SystemManaged && c.lagging(r.Created) {
		return notFound("role")
	}
	return jsonReply(http.StatusOK, viewRole(r))
}

func (s *Server) updateRole(c *call) reply {
	var body roleBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, rep := c.pathRole(true)
	if rep != nil {
		return *rep
	}
	if r.SystemManaged {
		return forbidden("built-in role %q cannot be changed", r.Name)
	}
	if body.Level != nil && *body.Level != r.Level {
		return invalid("level is immutable: create a new role instead")
	}
	if body.Name != nil {
		if rep := validTeamLikeName(*body.Name); rep != nil {
			return *rep
		}
	}
	if body.Description != nil {
		if rep := validDescription(*body.Description); rep != nil {
			return *rep
		}
	}
	if body.Permissions != nil {
		if rep := validPermissions(r.Level, *body.Permissions); rep != nil {
			return *rep
		}
	}
	if body.Name != nil && *body.Name != r.Name {
		if s.st.roleByName(r.OrganizationID, *body.Name) != nil {
			return conflict("a role named %q already exists in the organization", *body.Name)
		}
		r.Name = *body.Name
	}
	if body.Description != nil {
		r.Description = *body.Description
	}
	if body.Permissions != nil {
		r.Permissions = slices.Clone(*body.Permissions)
	}
	r.Updated = c.now
	return jsonReply(http.StatusOK, viewRole(r))
}

func (s *Server) deleteRole(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, rep := c.pathRole(true)
	if rep != nil {
		return *rep
	}
	if r.SystemManaged {
		return forbidden("built-in role %q cannot be deleted", r.Name)
	}
	// A pending invitation or the SSO default role would otherwise point at nothing.
	for _, inv := range s.st.invitations {
		if slices.Contains(inv.RoleIDs, r.ID) && effectiveInvitationStatus(inv, c.now) == "pending" {
			return conflict("role %q is the role of a pending invitation; delete the invitation first", r.Name)
		}
	}
	if cfg := s.st.sso[r.OrganizationID]; cfg != nil && cfg.DefaultRoleID == r.ID {
		return conflict("role %q is the SSO default role; change the SSO configuration first", r.Name)
	}
	delete(s.st.roles, r.ID)
	s.st.deleteAssignmentsWhere(func(a *Assignment) bool { return a.RoleID == r.ID })
	return deleted()
}

// --- assignments ---

type subjectUserRef struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
}

type nameRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type emailRef struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

// assignmentView is one assignment; exactly one subject key is set. A service account is a user.
type assignmentView struct {
	Role        roleRef         `json:"role"`
	User        *subjectUserRef `json:"user,omitempty"`
	Team        *nameRef        `json:"team,omitempty"`
	Invitation  *emailRef       `json:"invitation,omitempty"`
	WorkspaceID *string         `json:"workspace_id"`
	ProjectID   *string         `json:"project_id"`
	Created     string          `json:"created"`
}

func (s *Server) viewAssignment(a *Assignment) assignmentView {
	st := s.st
	v := assignmentView{Created: ts(a.Created)}
	if r := st.roles[a.RoleID]; r != nil {
		v.Role = refRole(r)
	}
	switch a.SubjectType {
	case subjectUser:
		v.User = &subjectUserRef{ID: a.SubjectID}
		if u := st.users[a.SubjectID]; u != nil {
			v.User.Username, v.User.Email = u.Username, u.Email
		} else if sa := st.serviceAccounts[a.SubjectID]; sa != nil {
			v.User.Username, v.User.Email = sa.Username, sa.Username // a service account's email is its username
		}
	case subjectTeam:
		v.Team = &nameRef{ID: a.SubjectID}
		if t := st.teams[a.SubjectID]; t != nil {
			v.Team.Name = t.Name
		}
	case subjectInvitation:
		v.Invitation = &emailRef{ID: a.SubjectID}
		if inv := st.invitations[a.SubjectID]; inv != nil {
			v.Invitation.Email = inv.Email
		}
	}
	if a.WorkspaceID != "" {
		v.WorkspaceID = &a.WorkspaceID
	}
	if a.ProjectID != "" {
		v.ProjectID = &a.ProjectID
	}
	return v
}

// assignmentQuery is the query of POST and DELETE /roles/{id}/assignments.
type assignmentQuery struct {
	subjectType, subjectID, workspaceID, projectID string
}

var subjectParams = []string{subjectUser, subjectTeam, subjectInvitation}

// refuseServiceAccountID answers 422 to any assignment or team-member call that carries
// service_account_id, which earlier versions of this contract had: a service account is a user,
// named by user_id. A client still sending it learns so instead of being silently ignored.
func refuseServiceAccountID(r *http.Request) *reply {
	if r.URL.Query().Has("service_account_id") {
		rep := invalid("service_account_id is not a parameter: a service account is a user, give its id as user_id")
		return &rep
	}
	return nil
}

// parseAssignmentQuery checks the query: exactly one subject, UUIDs, and the scope the role's
// level requires.
func parseAssignmentQuery(c *call, role *Role) (assignmentQuery, *reply) {
	var q assignmentQuery
	bad := func(format string, args ...any) (assignmentQuery, *reply) {
		rep := invalid(format, args...)
		return assignmentQuery{}, &rep
	}
	if rep := refuseServiceAccountID(c.r); rep != nil {
		return assignmentQuery{}, rep
	}
	for _, kind := range subjectParams {
		id, rep := queryUUID(c.r, kind+"_id")
		if rep != nil {
			return assignmentQuery{}, rep
		}
		if id == "" {
			continue
		}
		if q.subjectType != "" {
			return bad("give exactly one of user_id, team_id or invitation_id")
		}
		q.subjectType, q.subjectID = kind, id
	}
	if q.subjectType == "" {
		return bad("one of user_id, team_id or invitation_id is required")
	}
	var rep *reply
	if q.workspaceID, rep = queryUUID(c.r, "workspace_id"); rep != nil {
		return assignmentQuery{}, rep
	}
	if q.projectID, rep = queryUUID(c.r, "project_id"); rep != nil {
		return assignmentQuery{}, rep
	}
	switch role.Level {
	case levelOrganization:
		if q.workspaceID != "" || q.projectID != "" {
			return bad("role %q is an organization-level role: it takes neither workspace_id nor project_id", role.Name)
		}
	case levelWorkspace:
		if q.workspaceID == "" || q.projectID != "" {
			return bad("role %q is a workspace-level role: it needs workspace_id and no project_id", role.Name)
		}
	case levelProject:
		if q.workspaceID == "" || q.projectID == "" {
			return bad("role %q is a project-level role: it needs workspace_id and project_id", role.Name)
		}
	}
	return q, nil
}

func (q assignmentQuery) assignment(role *Role, now time.Time) *Assignment {
	return &Assignment{OrganizationID: role.OrganizationID, RoleID: role.ID, SubjectType: q.subjectType,
		SubjectID: q.subjectID, WorkspaceID: q.workspaceID, ProjectID: q.projectID, Created: now}
}

// checkSubject reports (422) a subject or workspace that does not exist in the organization.
func (s *Server) checkSubject(q assignmentQuery, orgID string, now time.Time) *reply {
	st := s.st
	bad := func(format string, args ...any) *reply {
		rep := invalid(format, args...)
		return &rep
	}
	switch q.subjectType {
	case subjectUser:
		if !st.userSubjectOK(q.subjectID, orgID) {
			return bad("user_id: user %s is not a member of the organization (invite them first)", q.subjectID)
		}
	case subjectTeam:
		if t := st.teams[q.subjectID]; t == nil || t.OrganizationID != orgID {
			return bad("team_id: team %s does not exist in the organization", q.subjectID)
		}
	case subjectInvitation:
		inv := st.invitations[q.subjectID]
		if inv == nil || inv.OrganizationID != orgID || effectiveInvitationStatus(inv, now) != "pending" {
			return bad("invitation_id: invitation %s is not a pending invitation of the organization", q.subjectID)
		}
	}
	if q.workspaceID != "" {
		w := st.workspaces[q.workspaceID]
		if w == nil || w.OrganizationID != orgID || w.DeletedAt != nil {
			return bad("workspace_id: workspace %s does not exist in the organization", q.workspaceID)
		}
	}
	return nil
}

// listAssignments: without workspace_id every assignment of the role at every scope; with it,
// those in that workspace (all of them, or those of one project with project_id).
func (s *Server) listAssignments(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	role, rep := c.pathRole(false)
	if rep != nil {
		return *rep
	}
	if rep := refuseServiceAccountID(c.r); rep != nil {
		return *rep
	}
	wsID, rep := queryUUID(c.r, "workspace_id")
	if rep != nil {
		return *rep
	}
	projectID, rep := queryUUID(c.r, "project_id")
	if rep != nil {
		return *rep
	}
	if projectID != "" && wsID == "" {
		return invalid("project_id needs workspace_id")
	}
	out := []assignmentView{}
	for _, a := range s.st.sortedAssignments(func(a *Assignment) bool {
		return a.RoleID == role.ID && (wsID == "" || a.WorkspaceID == wsID) && (projectID == "" || a.ProjectID == projectID)
	}) {
		out = append(out, s.viewAssignment(a))
	}
	return listReply(c, out)
}

func (s *Server) createAssignment(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	role, rep := c.pathRole(true)
	if rep != nil {
		return *rep
	}
	q, rep := parseAssignmentQuery(c, role)
	if rep != nil {
		return *rep
	}
	if rep := s.checkSubject(q, role.OrganizationID, c.now); rep != nil {
		return *rep
	}
	a := q.assignment(role, c.now)
	if !addAssignment(s.st, a) {
		return conflict("the subject already holds role %q at this scope", role.Name)
	}
	return created(s.viewAssignment(a))
}

func (s *Server) deleteAssignment(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	role, rep := c.pathRole(true)
	if rep != nil {
		return *rep
	}
	q, rep := parseAssignmentQuery(c, role)
	if rep != nil {
		return *rep
	}
	k := q.assignment(role, c.now).key()
	if _, ok := s.st.assignments[k]; !ok {
		return notFound("assignment")
	}
	delete(s.st.assignments, k)
	return deleted()
}
