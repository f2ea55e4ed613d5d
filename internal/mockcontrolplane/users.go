package mockcontrolplane

import (
	"errors"
	"net/http"
	"strings"
	"time"
)

type userView struct {
	ID               string  `json:"id"`
	Username         string  `json:"username"`
	Email            *string `json:"email"`
	Name             string  `json:"name"`
	IsActive         bool    `json:"is_active"`
	IsServiceAccount bool    `json:"is_service_account"`
	Created          string  `json:"created"`
	Updated          string  `json:"updated"`
}

func viewUser(u *User) userView {
	email := u.Email
	return userView{ID: u.ID, Username: u.Username, Email: &email, Name: u.Name, IsActive: u.IsActive,
		Created: ts(u.Created), Updated: ts(u.Updated)}
}

// viewServiceAccountAsUser is how GET /users/me shows a service-account caller.
func viewServiceAccountAsUser(sa *ServiceAccount) userView {
	return userView{ID: sa.ID, Username: sa.Name, Name: sa.Name, IsActive: sa.Active, IsServiceAccount: true,
		Created: ts(sa.Created), Updated: ts(sa.Updated)}
}

// callerOrgs lists the organizations the caller is a member of.
func (c *call) callerOrgs() map[string]bool {
	out := map[string]bool{}
	for id := range c.s.st.orgs {
		if c.isMember(id) {
			out[id] = true
		}
	}
	return out
}

// userVisible: the user is a member of one of the caller's organizations.
func (c *call) userVisible(u *User, orgs map[string]bool) bool {
	for _, a := range c.s.st.assignments {
		if a.SubjectType == subjectUser && a.SubjectID == u.ID && orgs[a.OrganizationID] {
			return true
		}
	}
	return false
}

func (s *Server) getMe(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sa := s.st.serviceAccounts[c.who.id]
	if sa == nil {
		return notFound("user")
	}
	return jsonReply(http.StatusOK, viewServiceAccountAsUser(sa))
}

// listUsers: GET /users?email=&username=, exact and case-insensitive, among the users of the
// caller's organizations.
func (s *Server) listUsers(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	q := c.r.URL.Query()
	email, username := q.Get("email"), q.Get("username")
	orgs := c.callerOrgs()
	out := []userView{}
	for _, u := range values(s.st.users, func(u *User) time.Time { return u.Created }, func(u *User) string { return u.ID }) {
		if email != "" && !strings.EqualFold(u.Email, email) || username != "" && !strings.EqualFold(u.Username, username) {
			continue
		}
		if c.userVisible(u, orgs) {
			out = append(out, viewUser(u))
		}
	}
	return listReply(c.r, out)
}

// getUser is GET /users/{id} (beyond the contract's list: a read by id for the user data source).
func (s *Server) getUser(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := parseUUID(c.r.PathValue("id"))
	u := s.st.users[id]
	if !ok || u == nil || !c.userVisible(u, c.callerOrgs()) || c.lagging(u.Created) {
		return notFound("user")
	}
	return jsonReply(http.StatusOK, viewUser(u))
}

// addUserLocked makes sure a user with the email exists and is a member of the organization
// (holding Organization Member unless it already holds a role there). The caller holds s.mu.
func addUserLocked(st *store, email, username, orgID string, now time.Time) (string, error) {
	if !validEmail(email) {
		return "", errors.New("email is not an email address")
	}
	if st.orgs[orgID] == nil {
		return "", errors.New("organization not found")
	}
	member := st.roleByName(orgID, roleOrgMember)
	if member == nil {
		return "", errors.New("the organization has no Organization Member role")
	}
	u := st.userByEmail(email)
	if u == nil {
		if username == "" {
			username = email
		}
		for _, other := range st.users {
			if strings.EqualFold(other.Username, username) {
				return "", errors.New("username is taken")
			}
		}
		local, _, _ := strings.Cut(email, "@")
		u = &User{ID: newID(), Username: username, Email: email, Name: local, IsActive: true, Created: now, Updated: now}
		st.users[u.ID] = u
	}
	if !st.hasAnyAssignment(subjectUser, u.ID, orgID) {
		addAssignment(st, &Assignment{OrganizationID: orgID, RoleID: member.ID, SubjectType: subjectUser, SubjectID: u.ID, Created: now})
	}
	return u.ID, nil
}

// AddUser adds an active user (or reuses the one with that email) as an Organization Member of
// the organization; orgID "" means the seeded organization.
func (s *Server) AddUser(email, orgID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if orgID == "" {
		orgID = s.orgID
	}
	return addUserLocked(s.st, email, "", strings.ToLower(orgID), s.now())
}
