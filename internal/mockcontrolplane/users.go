package mockcontrolplane

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// userView is a user as the API shows one (the public /users/me sample): no created or updated.
// A service account shows as a user too, with is_service_account true, its organization_id, and
// its username as its email.
type userView struct {
	ID               string `json:"id"`
	Username         string `json:"username"`
	Email            string `json:"email"`
	Name             string `json:"name"`
	IsActive         bool   `json:"is_active"`
	IsServiceAccount bool   `json:"is_service_account"`
	OrganizationID   string `json:"organization_id,omitempty"`
}

func viewUser(u *User) userView {
	return userView{ID: u.ID, Username: u.Username, Email: u.Email, Name: u.Name, IsActive: u.IsActive}
}

// viewServiceAccountAsUser is how GET /users/me, team members and assignments show a service
// account.
func viewServiceAccountAsUser(sa *ServiceAccount) userView {
	return userView{ID: sa.ID, Username: sa.Username, Email: sa.Username, Name: sa.Name, IsActive: sa.Active,
		IsServiceAccount: true, OrganizationID: sa.OrganizationID}
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
	for orgID := range orgs {
		if c.s.st.isMember(u.ID, orgID) {
			return true
		}
	}
	return false
}

func (s *Server) getMe(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if sa := s.st.serviceAccounts[c.who.id]; sa != nil && c.who.kind == principalServiceAccount {
		return jsonReply(http.StatusOK, viewServiceAccountAsUser(sa))
	}
	if u := s.st.users[c.who.id]; u != nil && c.who.kind == principalUser {
		return jsonReply(http.StatusOK, viewUser(u))
	}
	return notFound("user")
}

// listUsers: GET /users?email=&username=, exact and case-insensitive, among the people who are
// members of the caller's organizations. Service accounts are read under
// /organizations/{org}/service_accounts (API-CONTRACT.md, Users).
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
	return listReply(c, out)
}

// getUser is GET /users/{id} (ours, group user_read): a person who is a member of one of the
// caller's organizations.
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
	if !st.isMember(u.ID, orgID) {
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

type userBody struct {
	IsActive *bool   `json:"is_active"`
	Username *string `json:"username"`
	Name     *string `json:"name"`
}

// updateUser is PATCH /users/{id} (public for self-hosted control planes: the sync script): a
// person who is a member of an organization where the caller may write. Username is unique
// among people, whatever the case (409).
func (s *Server) updateUser(c *call) reply {
	var body userBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := parseUUID(c.r.PathValue("id"))
	u := s.st.users[id]
	orgs := c.callerOrgs()
	if !ok || u == nil || !c.userVisible(u, orgs) {
		return notFound("user")
	}
	writable := false
	for orgID := range orgs {
		writable = writable || s.st.isMember(u.ID, orgID) && c.canWrite(orgID)
	}
	if !writable {
		return forbidden("this needs the Organization Admin or Organization Manager role in an organization of the user")
	}
	if b := body.Username; b != nil {
		if *b == "" || len(*b) > 255 || containsSpaceOrControl(*b) {
			return invalid("username must be 1-255 characters without white space")
		}
		for _, other := range s.st.users {
			if other.ID != u.ID && strings.EqualFold(other.Username, *b) {
				return conflict("a user with username %q already exists", *b)
			}
		}
	}
	if b := body.Name; b != nil && (utf8.RuneCountInString(*b) > 255 || strings.ContainsFunc(*b, unicode.IsControl)) {
		return invalid("name must be at most 255 characters, without control characters")
	}
	if body.Username != nil {
		u.Username = *body.Username
	}
	if body.Name != nil {
		u.Name = *body.Name
	}
	if body.IsActive != nil {
		u.IsActive = *body.IsActive
	}
	u.Updated = c.now
	return jsonReply(http.StatusOK, viewUser(u))
}
