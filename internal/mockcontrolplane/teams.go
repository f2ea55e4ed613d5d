package mockcontrolplane

import (
	"net/http"
	"time"
)

type teamView struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	MemberCount    int    `json:"member_count"`
	Created        string `json:"created"`
	Updated        string `json:"updated"`
}

func (s *Server) viewTeam(t *Team) teamView {
	n := 0
	for _, m := range s.st.memberships {
		if m.TeamID == t.ID {
			n++
		}
	}
	return teamView{t.ID, t.OrganizationID, t.Name, t.Description, n, ts(t.Created), ts(t.Updated)}
}

// teamMemberView is one entry of GET /teams/{id}/members: a user or a pending invitation.
type teamMemberView struct {
	User       *userView       `json:"user,omitempty"`
	Invitation *invitationView `json:"invitation,omitempty"`
}

func (c *call) pathTeam(write bool) (*Team, *reply) {
	id, ok := parseUUID(c.r.PathValue("id"))
	t := c.s.st.teams[id]
	if !ok || t == nil {
		rep := notFound("team")
		return nil, &rep
	}
	if rep := c.orgAccess(t.OrganizationID, write, "team"); rep != nil {
		return nil, rep
	}
	return t, nil
}

func (s *Server) teamNameTaken(orgID, name, exceptID string) bool {
	for _, t := range s.st.teams {
		if t.OrganizationID == orgID && t.Name == name && t.ID != exceptID {
			return true
		}
	}
	return false
}

func (s *Server) listTeams(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	name := c.r.URL.Query().Get("name")
	out := []teamView{}
	for _, t := range values(s.st.teams, func(t *Team) time.Time { return t.Created }, func(t *Team) string { return t.ID }) {
		if t.OrganizationID == o.ID && (name == "" || t.Name == name) {
			out = append(out, s.viewTeam(t))
		}
	}
	return listReply(c, out)
}

type teamBody struct {
	OrganizationID *string `json:"organization_id"`
	Name           *string `json:"name"`
	Description    *string `json:"description"`
}

func (s *Server) createTeam(c *call) reply {
	var body teamBody
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
	if s.teamNameTaken(o.ID, *body.Name, "") {
		return conflict("a team named %q already exists in the organization", *body.Name)
	}
	t := &Team{ID: newID(), OrganizationID: o.ID, Name: *body.Name, Description: deref(body.Description), Created: c.now, Updated: c.now}
	s.st.teams[t.ID] = t
	return created(s.viewTeam(t))
}

func (s *Server) getTeam(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, rep := c.pathTeam(false)
	if rep != nil {
		return *rep
	}
	if c.lagging(t.Created) {
		return notFound("team")
	}
	return jsonReply(http.StatusOK, s.viewTeam(t))
}

func (s *Server) updateTeam(c *call) reply {
	var body teamBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, rep := c.pathTeam(true)
	if rep != nil {
		return *rep
	}
	if body.Name != nil {
		if rep := validTeamLikeName(*body.Name); rep != nil {
			return *rep
		}
		if s.teamNameTaken(t.OrganizationID, *body.Name, t.ID) {
			return conflict("a team named %q already exists in the organization", *body.Name)
		}
	}
	if body.Description != nil {
		if rep := validDescription(*body.Description); rep != nil {
			return *rep
		}
	}
	if body.Name != nil {
		t.Name = *body.Name
	}
	if body.Description != nil {
		t.Description = *body.Description
	}
	t.Updated = c.now
	return jsonReply(http.StatusOK, s.viewTeam(t))
}

func (s *Server) deleteTeam(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, rep := c.pathTeam(true)
	if rep != nil {
		return *rep
	}
	s.st.deleteTeam(t.ID)
	return deleted()
}

func (s *Server) listTeamMembers(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, rep := c.pathTeam(false)
	if rep != nil {
		return *rep
	}
	if rep := refuseServiceAccountID(c.r); rep != nil {
		return *rep
	}
	out := []teamMemberView{}
	for _, m := range s.st.sortedMemberships(func(m *TeamMembership) bool { return m.TeamID == t.ID }) {
		out = append(out, s.viewTeamMember(m, c.now))
	}
	return listReply(c, out)
}

func (s *Server) viewTeamMember(m *TeamMembership, now time.Time) teamMemberView {
	var v teamMemberView
	if u := s.st.users[m.UserID]; m.UserID != "" && u != nil {
		uv := viewUser(u)
		v.User = &uv
	} else if sa := s.st.serviceAccounts[m.UserID]; m.UserID != "" && sa != nil {
		uv := viewServiceAccountAsUser(sa)
		v.User = &uv
	}
	if inv := s.st.invitations[m.InvitationID]; m.InvitationID != "" && inv != nil {
		iv := s.viewInvitation(inv, now)
		v.Invitation = &iv
	}
	return v
}

// teamMemberQuery reads ?user_id= (a person or a service account) or ?invitation_id= (exactly
// one). The calls take no body; any body is ignored.
func teamMemberQuery(c *call, teamID string) (*TeamMembership, *reply) {
	if rep := refuseServiceAccountID(c.r); rep != nil {
		return nil, rep
	}
	userID, rep := queryUUID(c.r, "user_id")
	if rep != nil {
		return nil, rep
	}
	invID, rep := queryUUID(c.r, "invitation_id")
	if rep != nil {
		return nil, rep
	}
	if (userID == "") == (invID == "") {
		rep := invalid("give exactly one of user_id or invitation_id")
		return nil, &rep
	}
	return &TeamMembership{TeamID: teamID, UserID: userID, InvitationID: invID}, nil
}

func (s *Server) addTeamMember(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, rep := c.pathTeam(true)
	if rep != nil {
		return *rep
	}
	m, rep := teamMemberQuery(c, t.ID)
	if rep != nil {
		return *rep
	}
	if m.UserID != "" && !s.st.userSubjectOK(m.UserID, t.OrganizationID) {
		return invalid("user_id: user %s is not a member of the organization (invite them first)", m.UserID)
	}
	if m.InvitationID != "" {
		inv := s.st.invitations[m.InvitationID]
		if inv == nil || inv.OrganizationID != t.OrganizationID || effectiveInvitationStatus(inv, c.now) != "pending" {
			return invalid("invitation_id: invitation %s is not a pending invitation of the organization", m.InvitationID)
		}
	}
	if _, dup := s.st.memberships[m.key()]; dup {
		return conflict("already a member of team %q", t.Name)
	}
	m.Created = c.now
	s.st.memberships[m.key()] = m
	return created(s.viewTeamMember(m, c.now))
}

func (s *Server) removeTeamMember(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, rep := c.pathTeam(true)
	if rep != nil {
		return *rep
	}
	m, rep := teamMemberQuery(c, t.ID)
	if rep != nil {
		return *rep
	}
	if _, ok := s.st.memberships[m.key()]; !ok {
		return notFound("team member")
	}
	delete(s.st.memberships, m.key())
	return deleted()
}
