package mockcontrolplane

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

type invitationView struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"organization_id"`
	Email          string  `json:"email"`
	Role           nameRef `json:"role"`
	Status         string  `json:"status"`
	UserID         *string `json:"user_id"`
	Created        string  `json:"created"`
	Updated        string  `json:"updated"`
	Expires        string  `json:"expires"`
}

func (s *Server) viewInvitation(inv *Invitation, now time.Time) invitationView {
	v := invitationView{ID: inv.ID, OrganizationID: inv.OrganizationID, Email: inv.Email, Role: nameRef{ID: inv.RoleID},
		Status: effectiveInvitationStatus(inv, now), Created: ts(inv.Created), Updated: ts(inv.Updated), Expires: ts(inv.Expires)}
	if r := s.st.roles[inv.RoleID]; r != nil {
		v.Role.Name = r.Name
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
	return listReply(c.r, out)
}

type invitationBody struct {
	Email  *string `json:"email"`
	RoleID *string `json:"role_id"`
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
	if body.RoleID == nil {
		return invalid("role_id is required")
	}
	roleID, ok := parseUUID(*body.RoleID)
	if !ok {
		return invalid("role_id must be a UUID")
	}
	role := s.st.roles[roleID]
	if role == nil || role.OrganizationID != o.ID || role.Level != levelOrganization {
		return invalid("role_id must be an organization-level role of the organization")
	}
	for _, inv := range s.st.invitations {
		if inv.OrganizationID == o.ID && strings.EqualFold(inv.Email, *body.Email) && effectiveInvitationStatus(inv, c.now) == "pending" {
			return conflict("a pending invitation for %s already exists", *body.Email)
		}
	}
	if u := s.st.userByEmail(*body.Email); u != nil && s.st.hasAnyAssignment(subjectUser, u.ID, o.ID) {
		return conflict("%s is already a member of the organization", *body.Email)
	}
	inv := &Invitation{ID: newID(), OrganizationID: o.ID, Email: *body.Email, RoleID: role.ID, Status: "pending",
		Created: c.now, Updated: c.now, Expires: c.now.Add(invitationLifetime)}
	s.st.invitations[inv.ID] = inv
	return jsonReply(http.StatusCreated, s.viewInvitation(inv, c.now))
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
	return noContent()
}

// AcceptInvitation makes the invitee accept: a user is created for the email if none exists, the
// invitation's role is assigned to the user, and the assignments and team memberships made for the
// invitation move to the user.
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
	addAssignment(st, &Assignment{OrganizationID: inv.OrganizationID, RoleID: inv.RoleID, SubjectType: subjectUser, SubjectID: u.ID, Created: now})
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
