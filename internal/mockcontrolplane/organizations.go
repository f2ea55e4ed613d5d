package mockcontrolplane

import (
	"net/http"
	"slices"
	"time"
)

type organizationView struct {
	ID                    string    `json:"id"`
	Name                  string    `json:"name"`
	Description           string    `json:"description"`
	TrustedDomains        []string  `json:"trusted_domains"`
	Owner                 *userView `json:"owner"`
	HasActiveSubscription bool      `json:"has_active_subscription"`
	Created               string    `json:"created"`
	Updated               string    `json:"updated"`
}

func viewOrganization(o *Organization) organizationView {
	domains := slices.Clone(o.TrustedDomains)
	if domains == nil {
		domains = []string{}
	}
	return organizationView{ID: o.ID, Name: o.Name, Description: o.Description, TrustedDomains: domains,
		Created: ts(o.Created), Updated: ts(o.Updated)}
}

// --- access rules (callers hold s.mu) ---

// isMember: the caller holds an organization-level role in the organization. The caller is a
// service account (an API key) or a person (a user's token); both are users and hold their roles
// under their own ids. A workspace server is neither.
func (c *call) isMember(orgID string) bool {
	return c.callerIsUser() && c.s.st.isMember(c.who.id, orgID)
}

// canWrite: the caller holds Organization Admin or Organization Manager there (the mock checks
// only these two names; see API-CONTRACT.md).
func (c *call) canWrite(orgID string) bool {
	return c.callerIsUser() && c.s.st.hasOrgRole(subjectUser, c.who.id, orgID, roleOrgAdmin, roleOrgManager)
}

func (c *call) callerIsUser() bool {
	return c.who.kind == principalServiceAccount || c.who.kind == principalUser
}

// visibleOrg returns the organization if the caller is a member; otherwise 404, so that the
// existence of other organizations does not leak.
func (c *call) visibleOrg(id string) (*Organization, *reply) {
	o := c.s.st.orgs[id]
	if o == nil || !c.isMember(id) {
		rep := notFound("organization")
		return nil, &rep
	}
	return o, nil
}

// writableOrg is visibleOrg plus the write permission (403).
func (c *call) writableOrg(id string) (*Organization, *reply) {
	o, rep := c.visibleOrg(id)
	if rep != nil {
		return nil, rep
	}
	if !c.canWrite(id) {
		r := forbidden("this needs the Organization Admin or Organization Manager role in organization %s", o.Name)
		return nil, &r
	}
	return o, nil
}

// pathOrg resolves the {id} path value of /organizations/{id}/... (a malformed id is a 404).
func (c *call) pathOrg(write bool) (*Organization, *reply) {
	id, ok := parseUUID(c.r.PathValue("id"))
	if !ok {
		rep := notFound("organization")
		return nil, &rep
	}
	if write {
		return c.writableOrg(id)
	}
	return c.visibleOrg(id)
}

// bodyOrg resolves an organization_id body field: required, a UUID (422), visible (404), and
// writable (403). The parent organization answers 404 rather than 422 so that the existence of
// another organization does not leak.
func (c *call) bodyOrg(id *string) (*Organization, *reply) {
	if id == nil || *id == "" {
		rep := invalid("organization_id is required")
		return nil, &rep
	}
	oid, ok := parseUUID(*id)
	if !ok {
		rep := invalid("organization_id must be a UUID")
		return nil, &rep
	}
	return c.writableOrg(oid)
}

// createOrganization adds an organization with its own copies of the built-in roles.
func createOrganization(st *store, name, description string, domains []string, now time.Time) *Organization {
	o := &Organization{ID: newID(), Name: name, Description: description, TrustedDomains: domains, Created: now, Updated: now}
	if o.TrustedDomains == nil {
		o.TrustedDomains = []string{}
	}
	st.orgs[o.ID] = o
	for i, b := range builtinRoles {
		// Built-in roles get created times a microsecond apart so that they list in catalogue order.
		created := now.Add(time.Duration(i) * time.Microsecond)
		r := &Role{ID: newID(), OrganizationID: o.ID, Name: b.name, Description: b.description, Level: b.level,
			Permissions: builtinPermissions(b), SystemManaged: true, Created: created, Updated: created}
		st.roles[r.ID] = r
	}
	return o
}

// --- handlers ---

func (s *Server) listOrganizations(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []organizationView
	for _, o := range values(s.st.orgs, func(o *Organization) time.Time { return o.Created }, func(o *Organization) string { return o.ID }) {
		if c.isMember(o.ID) {
			out = append(out, viewOrganization(o))
		}
	}
	return listReply(c, out)
}

type organizationBody struct {
	Name           *string   `json:"name"`
	Description    *string   `json:"description"`
	TrustedDomains *[]string `json:"trusted_domains"`
}

func (b *organizationBody) validate(create bool) *reply {
	if create && b.Name == nil {
		rep := invalid("name is required")
		return &rep
	}
	if b.Name != nil && !orgNameRE.MatchString(*b.Name) {
		rep := invalid("name must be 1-64 characters: letters, digits, spaces, '.', '_' or '-', starting with a letter or digit")
		return &rep
	}
	if b.Description != nil {
		if rep := validDescription(*b.Description); rep != nil {
			return rep
		}
	}
	if b.TrustedDomains != nil {
		if rep := validDomains("trusted_domains", *b.TrustedDomains); rep != nil {
			return rep
		}
	}
	return nil
}

func (s *Server) createOrganization(c *call) reply {
	var body organizationBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	if rep := body.validate(true); rep != nil {
		return *rep
	}
	if c.who.kind != principalServiceAccount {
		return forbidden("only a service account may create organizations")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.orgByName(*body.Name) != nil {
		return conflict("an organization named %q already exists", *body.Name)
	}
	var domains []string
	if body.TrustedDomains != nil {
		domains = slices.Clone(*body.TrustedDomains)
	}
	o := createOrganization(s.st, *body.Name, deref(body.Description), domains, c.now)
	admin := s.st.roleByName(o.ID, roleOrgAdmin)
	addAssignment(s.st, &Assignment{OrganizationID: o.ID, RoleID: admin.ID, SubjectType: subjectUser, SubjectID: c.who.id, Created: c.now})
	return created(viewOrganization(o))
}

func (s *Server) getOrganization(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ref := c.r.PathValue("id")
	var o *Organization
	if id, ok := parseUUID(ref); ok {
		o = s.st.orgs[id]
	} else {
		o = s.st.orgByName(ref)
	}
	if o == nil || !c.isMember(o.ID) || c.lagging(o.Created) {
		return notFound("organization")
	}
	return jsonReply(http.StatusOK, viewOrganization(o))
}

func (s *Server) updateOrganization(c *call) reply {
	var body organizationBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	if rep := body.validate(false); rep != nil {
		return *rep
	}
	if body.Name != nil && *body.Name != o.Name {
		if s.st.orgByName(*body.Name) != nil {
			return conflict("an organization named %q already exists", *body.Name)
		}
		o.Name = *body.Name
	}
	if body.Description != nil {
		o.Description = *body.Description
	}
	if body.TrustedDomains != nil {
		o.TrustedDomains = slices.Clone(*body.TrustedDomains)
	}
	o.Updated = c.now
	return jsonReply(http.StatusOK, viewOrganization(o))
}

func (s *Server) deleteOrganization(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	for _, w := range s.st.workspaces {
		if w.OrganizationID == o.ID && w.DeletedAt == nil {
			return conflict("organization %s still has workspaces; delete them first", o.Name)
		}
	}
	s.st.deleteOrganization(o.ID)
	delete(s.lastSSOSecret, o.ID)
	return deleted()
}

// memberView is one entry of GET /organizations/{id}/members: exactly one subject key is set.
type memberView struct {
	Type           string              `json:"type"`
	User           *userView           `json:"user,omitempty"`
	ServiceAccount *serviceAccountView `json:"service_account,omitempty"`
	Team           *teamView           `json:"team,omitempty"`
	Invitation     *invitationView     `json:"invitation,omitempty"`
	Roles          []roleRef           `json:"roles"`
}

type memberEntry struct {
	view    memberView
	created time.Time
	id      string
}

// listMembers lists the organization's members (users and service accounts holding an
// organization-level role there), the teams holding a role there, and every pending invitation,
// each with the organization-level roles it holds.
func (s *Server) listMembers(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	st := s.st
	orgRoles := map[string][]roleRef{} // subject type + id -> organization-level roles
	holders := map[string]bool{}       // subject type + id -> holds some role in the organization
	for _, a := range st.sortedAssignments(func(a *Assignment) bool { return a.OrganizationID == o.ID }) {
		k := a.SubjectType + "/" + a.SubjectID
		holders[k] = true
		if r := st.roles[a.RoleID]; r != nil && r.Level == levelOrganization && a.WorkspaceID == "" {
			if !slices.ContainsFunc(orgRoles[k], func(x roleRef) bool { return x.ID == r.ID }) {
				orgRoles[k] = append(orgRoles[k], refRole(r))
			}
		}
	}
	roles := func(kind, id string) []roleRef {
		if rs := orgRoles[kind+"/"+id]; rs != nil {
			return rs
		}
		return []roleRef{}
	}
	var entries []memberEntry
	for _, u := range st.users {
		if len(orgRoles[subjectUser+"/"+u.ID]) > 0 {
			v := viewUser(u)
			entries = append(entries, memberEntry{memberView{Type: subjectUser, User: &v, Roles: roles(subjectUser, u.ID)}, u.Created, u.ID})
		}
	}
	for _, sa := range st.serviceAccounts {
		if len(orgRoles[subjectUser+"/"+sa.ID]) > 0 {
			v := st.viewServiceAccount(sa)
			entries = append(entries, memberEntry{memberView{Type: "service_account", ServiceAccount: &v, Roles: roles(subjectUser, sa.ID)}, sa.Created, sa.ID})
		}
	}
	for _, t := range st.teams {
		if t.OrganizationID == o.ID && holders[subjectTeam+"/"+t.ID] {
			v := s.viewTeam(t)
			entries = append(entries, memberEntry{memberView{Type: subjectTeam, Team: &v, Roles: roles(subjectTeam, t.ID)}, t.Created, t.ID})
		}
	}
	for _, inv := range st.invitations {
		if inv.OrganizationID != o.ID || effectiveInvitationStatus(inv, c.now) != "pending" {
			continue
		}
		v := s.viewInvitation(inv, c.now)
		// The invitation's own roles first, then organization-level roles assigned to it.
		var rs []roleRef
		for _, id := range inv.RoleIDs {
			if r := st.roles[id]; r != nil {
				rs = append(rs, refRole(r))
			}
		}
		for _, r := range roles(subjectInvitation, inv.ID) {
			if !slices.ContainsFunc(rs, func(x roleRef) bool { return x.ID == r.ID }) {
				rs = append(rs, r)
			}
		}
		if rs == nil {
			rs = []roleRef{}
		}
		entries = append(entries, memberEntry{memberView{Type: subjectInvitation, Invitation: &v, Roles: rs}, inv.Created, inv.ID})
	}
	byCreated(entries, func(e memberEntry) time.Time { return e.created }, func(e memberEntry) string { return e.id })
	out := make([]memberView, len(entries))
	for i, e := range entries {
		out[i] = e.view
	}
	return listReply(c, out)
}

// removeMember removes the organization-level role assignments of a user or a service account
// (by user_id) in the organization, and nothing else: its workspace and project roles and its
// team memberships stay (API-CONTRACT.md, public: the sync script). 404 when it holds none.
func (s *Server) removeMember(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	userID, rep := queryUUID(c.r, "user_id")
	if rep != nil {
		return *rep
	}
	if userID == "" {
		return invalid("query parameter user_id is required")
	}
	if !s.st.isMember(userID, o.ID) {
		return notFound("member")
	}
	s.st.deleteAssignmentsWhere(func(a *Assignment) bool {
		r := s.st.roles[a.RoleID]
		return a.OrganizationID == o.ID && a.SubjectType == subjectUser && a.SubjectID == userID &&
			a.WorkspaceID == "" && r != nil && r.Level == levelOrganization
	})
	return deleted()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
