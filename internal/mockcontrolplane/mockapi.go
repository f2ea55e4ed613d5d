package mockcontrolplane

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The /_mock/ endpoints: test and demo controls, not part of the real API. They need no token,
// inject no faults and are not counted in the statistics.
func (s *Server) mockRoutes() {
	s.mock("GET /_mock/stats", func(*http.Request) reply { return jsonReply(http.StatusOK, s.Stats()) })
	s.mock("DELETE /_mock/stats", func(*http.Request) reply { s.ResetStats(); return noContent() })
	s.mock("GET /_mock/state", func(*http.Request) reply { return jsonReply(http.StatusOK, s.Snapshot()) })
	s.mock("POST /_mock/reset", func(*http.Request) reply { s.Reset(); return noContent() })
	s.mock("GET /_mock/faults", func(*http.Request) reply { return jsonReply(http.StatusOK, s.Faults().toJSON()) })
	s.mock("PUT /_mock/faults", s.mockPutFaults)
	s.mock("POST /_mock/clock", s.mockClock)
	s.mock("POST /_mock/organizations", s.mockAddOrganization)
	s.mock("POST /_mock/users", s.mockAddUser)
	s.mock("POST /_mock/users/{id}/token", s.mockUserToken)
	s.mock("POST /_mock/workspaces/{id}/connect", s.mockConnect)
	s.mock("POST /_mock/workspaces/{id}/fail", s.mockFail)
	s.mock("POST /_mock/invitations/{id}/accept", s.mockAccept)
}

func (s *Server) mockPutFaults(r *http.Request) reply {
	var body faultsJSON
	if rep := decodeJSON(r, &body); rep != nil {
		return *rep
	}
	f, err := body.toFaults()
	if err != nil {
		return invalid("%v", err)
	}
	s.SetFaults(f)
	return jsonReply(http.StatusOK, f.toJSON())
}

func (s *Server) mockClock(r *http.Request) reply {
	var body struct {
		Advance *string `json:"advance"`
	}
	if rep := decodeJSON(r, &body); rep != nil {
		return *rep
	}
	if body.Advance == nil {
		return invalid("advance is required, e.g. \"10m\"")
	}
	d, err := time.ParseDuration(*body.Advance)
	if err != nil || d < 0 {
		return invalid("advance must be a duration of at least 0, e.g. \"10m\"")
	}
	s.AdvanceClock(d)
	return jsonReply(http.StatusOK, map[string]string{"now": ts(s.now()), "offset": time.Duration(s.clockOffset.Load()).String()})
}

func (s *Server) mockAddOrganization(r *http.Request) reply {
	var body struct {
		Name *string `json:"name"`
	}
	if rep := decodeJSON(r, &body); rep != nil {
		return *rep
	}
	if body.Name == nil {
		return invalid("name is required")
	}
	id, key, err := s.AddOrganization(*body.Name)
	if err != nil {
		if errors.Is(err, errExists) {
			return conflict("%v", err)
		}
		return invalid("%v", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return jsonReply(http.StatusCreated, map[string]any{"organization": viewOrganization(s.st.orgs[id]), "api_key": key})
}

func (s *Server) mockAddUser(r *http.Request) reply {
	var body struct {
		Email          *string `json:"email"`
		Username       *string `json:"username"`
		OrganizationID *string `json:"organization_id"`
	}
	if rep := decodeJSON(r, &body); rep != nil {
		return *rep
	}
	if body.Email == nil {
		return invalid("email is required")
	}
	orgID := s.orgID
	if body.OrganizationID != nil && *body.OrganizationID != "" {
		id, ok := parseUUID(*body.OrganizationID)
		if !ok {
			return invalid("organization_id must be a UUID")
		}
		orgID = id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.orgs[orgID] == nil {
		return notFound("organization")
	}
	id, err := addUserLocked(s.st, *body.Email, deref(body.Username), orgID, s.now())
	if err != nil {
		return invalid("%v", err)
	}
	return jsonReply(http.StatusCreated, viewUser(s.st.users[id]))
}

func (s *Server) mockConnect(r *http.Request) reply {
	var body struct {
		ServerURL *string `json:"server_url"`
		Version   *string `json:"version"`
	}
	if rep := decodeOptionalJSON(r, &body); rep != nil {
		return *rep
	}
	id, _ := parseUUID(r.PathValue("id"))
	if err := s.ConnectWorkspace(id, deref(body.ServerURL), deref(body.Version)); err != nil {
		return s.mockWorkspaceError(err)
	}
	return s.mockWorkspaceReply(id)
}

func (s *Server) mockFail(r *http.Request) reply {
	var body struct {
		Reason *string `json:"reason"`
	}
	if rep := decodeOptionalJSON(r, &body); rep != nil {
		return *rep
	}
	id, _ := parseUUID(r.PathValue("id"))
	if err := s.FailWorkspace(id, deref(body.Reason)); err != nil {
		return s.mockWorkspaceError(err)
	}
	return s.mockWorkspaceReply(id)
}

func (s *Server) mockWorkspaceError(err error) reply {
	if strings.Contains(err.Error(), "not found") {
		return notFound("workspace")
	}
	return invalid("%v", err)
}

func (s *Server) mockWorkspaceReply(id string) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	now := s.now()
	w := s.liveWorkspace(id, now)
	if w == nil {
		return notFound("workspace")
	}
	return jsonReply(http.StatusOK, s.viewWorkspace(w, now))
}

func (s *Server) mockAccept(r *http.Request) reply {
	id, _ := parseUUID(r.PathValue("id"))
	userID, err := s.AcceptInvitation(id)
	switch {
	case errors.Is(err, errNotFound):
		return notFound("invitation")
	case err != nil:
		return conflict("%v", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return jsonReply(http.StatusOK, map[string]any{
		"invitation": s.viewInvitation(s.st.invitations[id], s.now()),
		"user":       viewUser(s.st.users[userID]),
	})
}

var errExists = errors.New("already exists")

// AddOrganization adds an organization with its own service account holding Organization Admin,
// and returns the organization's id and that account's new API key.
func (s *Server) AddOrganization(name string) (string, string, error) {
	if !orgNameRE.MatchString(name) {
		return "", "", fmt.Errorf("name must be 1-64 characters: letters, digits, spaces, '.', '_' or '-', starting with a letter or digit")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.orgByName(name) != nil {
		return "", "", fmt.Errorf("an organization named %q %w", name, errExists)
	}
	now := s.now()
	o := createOrganization(s.st, name, "", nil, now)
	sa := &ServiceAccount{ID: newID(), OrganizationID: o.ID, Name: "mock-admin", Username: "mock-admin",
		Description: "Added by the mock: holds Organization Admin", Active: true, Created: now, Updated: now}
	s.st.serviceAccounts[sa.ID] = sa
	admin := s.st.roleByName(o.ID, roleOrgAdmin)
	addAssignment(s.st, &Assignment{OrganizationID: o.ID, RoleID: admin.ID, SubjectType: subjectUser, SubjectID: sa.ID, Created: now})
	key := newSecret(apiKeyPrefix)
	k := &APIKey{ID: newID(), ServiceAccountID: sa.ID, Name: "default", Description: "Added by the mock",
		Active: true, KeySHA256: sha256Hex(key), Created: now, Updated: now}
	s.st.apiKeys[k.ID] = k
	return o.ID, key, nil
}
