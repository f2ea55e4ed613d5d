package mockcontrolplane

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

// invitationView is an invitation: role is its first role, roles all of them (the wire shape of
// several roles is not public; API-CONTRACT.md, Invitations).
type invitationView struct {
	ID             string    `json:"id"`
	OrganizationID string    `json:"organization_id"`
	Email          string    `json:"email"`
	Role           nameRef   `json:"role"`
	Roles          []nameRef `json:"roles"`
	Status         string    `json:"status"`
	UserID         *string   `json:"user_id"`
	Created        string    `json:"created"`
	Updated        string    `json:"updated"`
	Expires        string    `json:"expires"`
}

func (s *Server) viewInvitation(inv *Invitation, now time.Time) invitationView {
	v := invitationView{ID: inv.ID, OrganizationID: inv.OrganizationID, Email: inv.Email, Roles: []nameRef{},
		Status: effectiveInvitationStatus(inv, now), Created: ts(inv.Created), Updated: ts(inv.Updated), Expires: ts(inv.Expires)}
	for _, id := range inv.RoleIDs {
		ref := nameRef{ID: id}
		if r := s.st.roles[id]; r != nil {
			ref.Name = r.Name
		}
		v.Roles = append(v.Roles, ref)
	}
	if len(v.Roles) > 0 {
		v.Role = v.Roles[0]
	}
	if inv.UserID != "" {
		id := inv.UserID
		v.UserID = &id
	}
	return v
}

// pathInvitation resolves /organizations/{id}/invitations/{invitation_id}.
func (c *call) pathInvitation(write bool) (*Invitation, *reply) {
	o, rep := c.pathOrg(write)
	if rep != nil {
		return nil, rep
	}
	id, ok := parseUUID(c.r.PathValue("invitation_id"))
	inv := c.s.st.invitations[id]
	if !ok || inv == nil || inv.OrganizationID != o.ID {
		rep := notFound("invitation")
		return nil, &rep
	}
	return inv, nil
}

func (s *Server) listInvitations(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	email := c.r.URL.Query().Get("email")
	onlyPending, rep := queryBool(c.r, "only_pending")
	if rep != nil {
		return *rep
	}
	out := []invitationView{}
	for _, inv := range values(s.st.invitations, func(i *Invitation) time.Time { return i.Created }, func(i *Invitation) string { return i.ID }) {
		if inv.OrganizationID != o.ID || email != "" && !strings.EqualFold(inv.Email, email) {
			continue
		}
		v := s.viewInvitation(inv, c.now)
		if onlyPending && v.Status != "pending" {
			continue
		}
		out = append(out, v)
	}
	return listReply(c, out)
}

type invitationBody struct {
	Email   *string   `json:"email"`
	RoleID  *string   `json:"role_id"`
	RoleIDs *[]string `json:"role_ids"`
}

// roles checks role_id or role_ids (one of the two): every one a UUID naming an organization-level
// role of the organization, none twice. It returns the ids in the order given.
func (b *invitationBody) roles(st *store, orgID string) ([]string, *reply) {
	bad := func(format string, args ...any) ([]string, *reply) {
		rep := invalid(format, args...)
		return nil, &rep
	}
	var field string
	var ids []string
	switch {
	case b.RoleID != nil && b.RoleIDs != nil:
		return bad("give role_id or role_ids, not both")
	case b.RoleID != nil:
		field, ids = "role_id", []string{*b.RoleID}
	case b.RoleIDs != nil:
		field, ids = "role_ids", *b.RoleIDs
		if len(ids) == 0 {
			return bad("role_ids must hold at least one role")
		}
	default:
		return bad("role_id is required (or role_ids, a list)")
	}
	out := make([]string, 0, len(ids))
	for _, raw := range ids {
		id, ok := parseUUID(raw)
		if !ok {
			return bad("%s: %q is not a UUID", field, raw)
		}
		if r := st.roles[id]; r == nil || r.OrganizationID != orgID || r.Level != levelOrganization {
			return bad("%s: %s is not an organization-level role of the organization", field, id)
		}
		if slices.Contains(out, id) {
			return bad("%s: %s appears twice", field, id)
		}
		out = append(out, id)
	}
	return out, nil
}

func (s *Server) createInvitation(c *call) reply {
	var body invitationBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	if body.Email == nil || !validEmail(*body.Email) {
		return invalid("email must be an email address")
	}
	roleIDs, rep := body.roles(s.st, o.ID)
	if rep != nil {
		return *rep
	}
	for _, inv := range s.st.invitations {
		if inv.OrganizationID == o.ID && strings.EqualFold(inv.Email, *body.Email) && effectiveInvitationStatus(inv, c.now) == "pending" {
			return conflict("a pending invitation for %s already exists", *body.Email)
		}
	}
	if u := s.st.userByEmail(*body.Email); u != nil && s.st.isMember(u.ID, o.ID) {
		return conflict("%s is already a member of the organization", *body.Email)
	}
	inv := &Invitation{ID: newID(), OrganizationID: o.ID, Email: *body.Email, RoleIDs: roleIDs, Status: "pending",
		Created: c.now, Updated: c.now, Expires: c.now.Add(invitationLifetime)}
	s.st.invitations[inv.ID] = inv
	return created(s.viewInvitation(inv, c.now))
}

func (s *Server) getInvitation(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	inv, rep := c.pathInvitation(false)
	if rep != nil {
		return *rep
	}
	if c.lagging(inv.Created) {
		return notFound("invitation")
	}
	return jsonReply(http.StatusOK, s.viewInvitation(inv, c.now))
}

// deleteInvitation revokes a pending or expired invitation (with the assignments and team
// memberships made for it); an accepted one answers 409: remove the member instead.
func (s *Server) deleteInvitation(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv, rep := c.pathInvitation(true)
	if rep != nil {
		return *rep
	}
	if inv.Status == "accepted" {
		return conflict("the invitation was accepted; remove the member instead")
	}
	s.st.deleteInvitation(inv.ID)
	return deleted()
}

// AcceptInvitation makes the invitee accept: a user is created for the email if none exists, every
// role of the invitation is assigned to the user, and the assignments and team memberships made
// for the invitation move to the user.
func (s *Server) AcceptInvitation(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	st := s.st
	inv := st.invitations[strings.ToLower(id)]
	switch {
	case inv == nil:
		return "", errNotFound
	case inv.Status == "accepted":
		return "", errors.New("the invitation was already accepted")
	case effectiveInvitationStatus(inv, now) == "expired":
		return "", errors.New("the invitation has expired")
	}
	u := st.userByEmail(inv.Email)
	if u == nil {
		local, _, _ := strings.Cut(inv.Email, "@")
		username := inv.Email
		for _, other := range st.users {
			if strings.EqualFold(other.Username, username) {
				username = inv.Email + "-" + newID()[:8]
			}
		}
		u = &User{ID: newID(), Username: username, Email: inv.Email, Name: local, IsActive: true, Created: now, Updated: now}
		st.users[u.ID] = u
	}
	for _, roleID := range inv.RoleIDs {
		if st.roles[roleID] != nil {
			addAssignment(st, &Assignment{OrganizationID: inv.OrganizationID, RoleID: roleID, SubjectType: subjectUser, SubjectID: u.ID, Created: now})
		}
	}
	for k, a := range st.assignments {
		if a.SubjectType == subjectInvitation && a.SubjectID == inv.ID {
			delete(st.assignments, k)
			moved := *a
			moved.SubjectType, moved.SubjectID = subjectUser, u.ID
			addAssignment(st, &moved) // a duplicate of an existing one just disappears
		}
	}
	for k, m := range st.memberships {
		if m.InvitationID == inv.ID {
			delete(st.memberships, k)
			moved := *m
			moved.InvitationID, moved.UserID = "", u.ID
			if _, dup := st.memberships[moved.key()]; !dup {
				st.memberships[moved.key()] = &moved
			}
		}
	}
	inv.Status, inv.UserID, inv.Updated = "accepted", u.ID, now
	return u.ID, nil
}

var errNotFound = errors.New("not found")
