package mockcontrolplane

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
	"unicode"
)

// serviceAccountView is a service account under /organizations/{org}/service_accounts.
type serviceAccountView struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"organization_id"`
	Name           string  `json:"name"`
	Username       string  `json:"username"`
	Description    string  `json:"description"`
	Active         bool    `json:"active"`
	LastLogin      *string `json:"last_login"`
	APIKeyCount    int     `json:"api_key_count"`
	Created        string  `json:"created"`
	Updated        string  `json:"updated"`
}

func (st *store) viewServiceAccount(sa *ServiceAccount) serviceAccountView {
	n := 0
	for _, k := range st.apiKeys {
		if k.ServiceAccountID == sa.ID {
			n++
		}
	}
	return serviceAccountView{ID: sa.ID, OrganizationID: sa.OrganizationID, Name: sa.Name, Username: sa.Username,
		Description: sa.Description, Active: sa.Active, LastLogin: tsPtr(sa.LastLogin), APIKeyCount: n,
		Created: ts(sa.Created), Updated: ts(sa.Updated)}
}

type apiKeyView struct {
	ID               string  `json:"id"`
	ServiceAccountID string  `json:"service_account_id"`
	Name             string  `json:"name"`
	Description      string  `json:"description"`
	Active           bool    `json:"active"`
	ExpiresAt        *string `json:"expires_at"`
	LastLogin        *string `json:"last_login"`
	LastRotated      *string `json:"last_rotated"`
	Created          string  `json:"created"`
	Updated          string  `json:"updated"`
	Key              string  `json:"key,omitempty"` // only in the answers of create and rotate
}

func viewAPIKey(k *APIKey) apiKeyView {
	return apiKeyView{ID: k.ID, ServiceAccountID: k.ServiceAccountID, Name: k.Name, Description: k.Description, Active: k.Active,
		ExpiresAt: tsPtr(k.ExpiresAt), LastLogin: tsPtr(k.LastLogin), LastRotated: tsPtr(k.LastRotated),
		Created: ts(k.Created), Updated: ts(k.Updated)}
}

func (st *store) apiKeyByHash(hash string) *APIKey {
	for _, k := range st.apiKeys {
		if k.KeySHA256 == hash {
			return k
		}
	}
	return nil
}

func (st *store) apiKeyByRetainedHash(hash string) *APIKey {
	for _, k := range st.apiKeys {
		for _, r := range k.Retained {
			if r.KeySHA256 == hash {
				return k
			}
		}
	}
	return nil
}

func containsSpaceOrControl(s string) bool {
	return slices.ContainsFunc([]rune(s), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
}

// pathServiceAccount resolves /organizations/{id}/service_accounts/{sa_id}: the organization as
// for any path under it, then one of its service accounts.
func (c *call) pathServiceAccount(write bool) (*ServiceAccount, *reply) {
	o, rep := c.pathOrg(write)
	if rep != nil {
		return nil, rep
	}
	id, ok := parseUUID(c.r.PathValue("sa_id"))
	sa := c.s.st.serviceAccounts[id]
	if !ok || sa == nil || sa.OrganizationID != o.ID {
		rep := notFound("service account")
		return nil, &rep
	}
	return sa, nil
}

// pathAPIKey resolves .../service_accounts/{sa_id}/api_keys/{key_id}.
func (c *call) pathAPIKey(write bool) (*APIKey, *reply) {
	sa, rep := c.pathServiceAccount(write)
	if rep != nil {
		return nil, rep
	}
	id, ok := parseUUID(c.r.PathValue("key_id"))
	k := c.s.st.apiKeys[id]
	if !ok || k == nil || k.ServiceAccountID != sa.ID {
		rep := notFound("API key")
		return nil, &rep
	}
	return k, nil
}

func (s *Server) listServiceAccounts(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	q := c.r.URL.Query()
	name, username := q.Get("name"), q.Get("username")
	out := []serviceAccountView{}
	for _, sa := range values(s.st.serviceAccounts, func(a *ServiceAccount) time.Time { return a.Created }, func(a *ServiceAccount) string { return a.ID }) {
		if sa.OrganizationID == o.ID && (name == "" || sa.Name == name) && (username == "" || sa.Username == username) {
			out = append(out, s.st.viewServiceAccount(sa))
		}
	}
	return listReply(c, out)
}

type serviceAccountBody struct {
	Name        *string `json:"name"`
	Username    *string `json:"username"`
	Description *string `json:"description"`
	RoleID      *string `json:"role_id"`
	Active      *bool   `json:"active"`
}

const (
	usernameRule   = "username must be 1-50 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"
	apiKeyNameRule = "name must be 1-50 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"
	// maxExpiresInMinutes (about 100 years) keeps the expiry far inside time.Duration's range.
	maxExpiresInMinutes = 100 * 365 * 24 * 60
)

// validate checks the fields a body carries; create also requires name, username and role_id.
func (b *serviceAccountBody) validate(create bool) *reply {
	bad := func(detail string) *reply {
		rep := invalid("%s", detail)
		return &rep
	}
	if create && b.Name == nil {
		return bad("name is required")
	}
	if b.Name != nil {
		if rep := validTeamLikeName(*b.Name); rep != nil {
			return rep
		}
	}
	if create && b.Username == nil {
		return bad("username is required")
	}
	if b.Username != nil && !usernameRE.MatchString(*b.Username) {
		return bad(usernameRule)
	}
	if b.Description != nil {
		if rep := validDescription(*b.Description); rep != nil {
			return rep
		}
	}
	if create && (b.RoleID == nil || *b.RoleID == "") {
		return bad("role_id is required: the service account's initial organization-level role")
	}
	return nil
}

// createServiceAccount makes a service account holding its initial role (role_id) as an
// organization-level assignment, as a user.
func (s *Server) createServiceAccount(c *call) reply {
	var body serviceAccountBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	if rep := body.validate(true); rep != nil {
		return *rep
	}
	roleID, ok := parseUUID(*body.RoleID)
	if !ok {
		return invalid("role_id must be a UUID")
	}
	role := s.st.roles[roleID]
	if role == nil || role.OrganizationID != o.ID || role.Level != levelOrganization {
		return invalid("role_id: %s is not an organization-level role of the organization", roleID)
	}
	if s.st.serviceAccountByUsername(o.ID, *body.Username) != nil {
		return conflict("a service account with username %q already exists in the organization", *body.Username)
	}
	active := body.Active == nil || *body.Active
	sa := &ServiceAccount{ID: newID(), OrganizationID: o.ID, Name: *body.Name, Username: *body.Username,
		Description: deref(body.Description), Active: active, Created: c.now, Updated: c.now}
	s.st.serviceAccounts[sa.ID] = sa
	addAssignment(s.st, &Assignment{OrganizationID: o.ID, RoleID: role.ID, SubjectType: subjectUser, SubjectID: sa.ID, Created: c.now})
	return created(s.st.viewServiceAccount(sa))
}

func (s *Server) getServiceAccount(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sa, rep := c.pathServiceAccount(false)
	if rep != nil {
		return *rep
	}
	if c.lagging(sa.Created) {
		return notFound("service account")
	}
	return jsonReply(http.StatusOK, s.st.viewServiceAccount(sa))
}

// updateServiceAccount changes name, username, description and active (role_id is the initial
// role only: later roles are assignments).
func (s *Server) updateServiceAccount(c *call) reply {
	var body serviceAccountBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sa, rep := c.pathServiceAccount(true)
	if rep != nil {
		return *rep
	}
	if rep := body.validate(false); rep != nil {
		return *rep
	}
	if body.Username != nil && *body.Username != sa.Username && s.st.serviceAccountByUsername(sa.OrganizationID, *body.Username) != nil {
		return conflict("a service account with username %q already exists in the organization", *body.Username)
	}
	if body.Name != nil {
		sa.Name = *body.Name
	}
	if body.Username != nil {
		sa.Username = *body.Username
	}
	if body.Description != nil {
		sa.Description = *body.Description
	}
	if body.Active != nil {
		sa.Active = *body.Active
	}
	sa.Updated = c.now
	return jsonReply(http.StatusOK, s.st.viewServiceAccount(sa))
}

func (s *Server) deleteServiceAccount(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	sa, rep := c.pathServiceAccount(true)
	if rep != nil {
		return *rep
	}
	s.st.deleteServiceAccount(sa.ID)
	return deleted()
}

// --- API keys ---

func (s *Server) listAPIKeys(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sa, rep := c.pathServiceAccount(false)
	if rep != nil {
		return *rep
	}
	out := []apiKeyView{}
	for _, k := range values(s.st.apiKeys, func(k *APIKey) time.Time { return k.Created }, func(k *APIKey) string { return k.ID }) {
		if k.ServiceAccountID == sa.ID {
			out = append(out, viewAPIKey(k))
		}
	}
	return listReply(c, out)
}

type apiKeyBody struct {
	Name             *string `json:"name"`
	Description      *string `json:"description"`
	ExpiresInMinutes *int64  `json:"expires_in_minutes"`
	// ExpiresAt is refused on create: the call takes expires_in_minutes (an older contract took
	// expires_at, and a client still sending it would silently make a key that never expires).
	ExpiresAt           json.RawMessage `json:"expires_at"`
	Active              *bool           `json:"active"`
	RetainPeriodMinutes *int            `json:"retain_period_minutes"`
}

func (s *Server) createAPIKey(c *call) reply {
	var body apiKeyBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sa, rep := c.pathServiceAccount(true)
	if rep != nil {
		return *rep
	}
	if body.Name == nil || !usernameRE.MatchString(*body.Name) {
		return invalid(apiKeyNameRule)
	}
	if rep := validDescription(deref(body.Description)); rep != nil {
		return *rep
	}
	if len(body.ExpiresAt) > 0 && string(body.ExpiresAt) != "null" {
		return invalid("expires_at is not accepted here: send expires_in_minutes, the key's lifetime in minutes")
	}
	var expires *time.Time
	if m := body.ExpiresInMinutes; m != nil {
		if *m < 1 || *m > maxExpiresInMinutes {
			return invalid("expires_in_minutes must be a whole number from 1 to %d", maxExpiresInMinutes)
		}
		t := c.now.Add(time.Duration(*m) * time.Minute)
		expires = &t
	}
	for _, k := range s.st.apiKeys {
		if k.ServiceAccountID == sa.ID && k.Name == *body.Name {
			return conflict("the service account already has an API key named %q", *body.Name)
		}
	}
	key := newSecret(apiKeyPrefix)
	k := &APIKey{ID: newID(), ServiceAccountID: sa.ID, Name: *body.Name, Description: deref(body.Description),
		Active: true, KeySHA256: sha256Hex(key), ExpiresAt: expires, Created: c.now, Updated: c.now}
	s.st.apiKeys[k.ID] = k
	v := viewAPIKey(k)
	v.Key = key
	return created(v)
}
func (s *Server) getAPIKey(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, rep := c.pathAPIKey(false)
	if rep != nil {
		return *rep
	}
	if c.lagging(k.Created) {
		return notFound("API key")
	}
	return jsonReply(http.StatusOK, viewAPIKey(k))
}

func (s *Server) updateAPIKey(c *call) reply {
	var body apiKeyBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, rep := c.pathAPIKey(true)
	if rep != nil {
		return *rep
	}
	if body.Description != nil {
		if rep := validDescription(*body.Description); rep != nil {
			return *rep
		}
		k.Description = *body.Description
	}
	if body.Active != nil {
		k.Active = *body.Active
	}
	k.Updated = c.now
	return jsonReply(http.StatusOK, viewAPIKey(k))
}

// rotateAPIKey issues a new key value; the previous one keeps logging in for the retain period.
func (s *Server) rotateAPIKey(c *call) reply {
	var body apiKeyBody
	if rep := decodeOptionalJSON(c.r, &body); rep != nil {
		return *rep
	}
	retain := deref(body.RetainPeriodMinutes)
	if retain < 0 || retain > 10080 {
		return invalid("retain_period_minutes must be from 0 to 10080")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, rep := c.pathAPIKey(true)
	if rep != nil {
		return *rep
	}
	// Forget retained keys whose period is over, then retain the current one.
	k.Retained = slices.DeleteFunc(k.Retained, func(r RetainedKey) bool { return !c.now.Before(r.ValidUntil) })
	if retain > 0 {
		k.Retained = append(k.Retained, RetainedKey{KeySHA256: k.KeySHA256, ValidUntil: c.now.Add(time.Duration(retain) * time.Minute)})
	}
	key := newSecret(apiKeyPrefix)
	k.KeySHA256 = sha256Hex(key)
	now := c.now
	k.LastRotated, k.Updated = &now, now
	v := viewAPIKey(k)
	v.Key = key
	return jsonReply(http.StatusOK, v)
}

func (s *Server) deleteAPIKey(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, rep := c.pathAPIKey(true)
	if rep != nil {
		return *rep
	}
	delete(s.st.apiKeys, k.ID)
	return deleted()
}
