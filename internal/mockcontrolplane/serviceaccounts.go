package mockcontrolplane

import (
	"net/http"
	"slices"
	"time"
	"unicode"
)

type serviceAccountView struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	Active         bool   `json:"active"`
	Created        string `json:"created"`
	Updated        string `json:"updated"`
}

func viewServiceAccount(sa *ServiceAccount) serviceAccountView {
	return serviceAccountView{sa.ID, sa.OrganizationID, sa.Name, sa.Description, sa.Active, ts(sa.Created), ts(sa.Updated)}
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

// pathServiceAccount resolves /service_accounts/{id}.
func (c *call) pathServiceAccount(write bool) (*ServiceAccount, *reply) {
	id, ok := parseUUID(c.r.PathValue("id"))
	sa := c.s.st.serviceAccounts[id]
	if !ok || sa == nil {
		rep := notFound("service account")
		return nil, &rep
	}
	if rep := c.orgAccess(sa.OrganizationID, write, "service account"); rep != nil {
		return nil, rep
	}
	return sa, nil
}

// pathAPIKey resolves /service_accounts/{id}/api_keys/{key_id}.
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

func (s *Server) serviceAccountNameTaken(orgID, name, exceptID string) bool {
	for _, sa := range s.st.serviceAccounts {
		if sa.OrganizationID == orgID && sa.Name == name && sa.ID != exceptID {
			return true
		}
	}
	return false
}

func (s *Server) listServiceAccounts(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	name := c.r.URL.Query().Get("name")
	out := []serviceAccountView{}
	for _, sa := range values(s.st.serviceAccounts, func(a *ServiceAccount) time.Time { return a.Created }, func(a *ServiceAccount) string { return a.ID }) {
		if sa.OrganizationID == o.ID && (name == "" || sa.Name == name) {
			out = append(out, viewServiceAccount(sa))
		}
	}
	return listReply(c.r, out)
}

type serviceAccountBody struct {
	OrganizationID *string `json:"organization_id"`
	Name           *string `json:"name"`
	Description    *string `json:"description"`
	Active         *bool   `json:"active"`
}

const accountNameRule = "name must be 1-50 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"

func (s *Server) createServiceAccount(c *call) reply {
	var body serviceAccountBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.bodyOrg(body.OrganizationID)
	if rep != nil {
		return *rep
	}
	if body.Name == nil || !accountNameRE.MatchString(*body.Name) {
		return invalid(accountNameRule)
	}
	if rep := validDescription(deref(body.Description)); rep != nil {
		return *rep
	}
	if s.serviceAccountNameTaken(o.ID, *body.Name, "") {
		return conflict("a service account named %q already exists in the organization", *body.Name)
	}
	active := body.Active == nil || *body.Active
	sa := &ServiceAccount{ID: newID(), OrganizationID: o.ID, Name: *body.Name, Description: deref(body.Description),
		Active: active, Created: c.now, Updated: c.now}
	s.st.serviceAccounts[sa.ID] = sa
	return jsonReply(http.StatusCreated, viewServiceAccount(sa))
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
	return jsonReply(http.StatusOK, viewServiceAccount(sa))
}

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
	if body.Name != nil {
		if !accountNameRE.MatchString(*body.Name) {
			return invalid(accountNameRule)
		}
		if s.serviceAccountNameTaken(sa.OrganizationID, *body.Name, sa.ID) {
			return conflict("a service account named %q already exists in the organization", *body.Name)
		}
	}
	if body.Description != nil {
		if rep := validDescription(*body.Description); rep != nil {
			return *rep
		}
	}
	if body.Name != nil {
		sa.Name = *body.Name
	}
	if body.Description != nil {
		sa.Description = *body.Description
	}
	if body.Active != nil {
		sa.Active = *body.Active
	}
	sa.Updated = c.now
	return jsonReply(http.StatusOK, viewServiceAccount(sa))
}

func (s *Server) deleteServiceAccount(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	sa, rep := c.pathServiceAccount(true)
	if rep != nil {
		return *rep
	}
	s.st.deleteServiceAccount(sa.ID)
	return noContent()
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
	return listReply(c.r, out)
}

type apiKeyBody struct {
	Name                *string `json:"name"`
	Description         *string `json:"description"`
	ExpiresAt           *string `json:"expires_at"`
	Active              *bool   `json:"active"`
	RetainPeriodMinutes *int    `json:"retain_period_minutes"`
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
	if body.Name == nil || !accountNameRE.MatchString(*body.Name) {
		return invalid(accountNameRule)
	}
	if rep := validDescription(deref(body.Description)); rep != nil {
		return *rep
	}
	var expires *time.Time
	if body.ExpiresAt != nil && *body.ExpiresAt != "" {
		t, err := time.Parse(time.RFC3339Nano, *body.ExpiresAt)
		if err != nil {
			return invalid("expires_at must be an RFC 3339 timestamp")
		}
		if !t.After(c.now) {
			return invalid("expires_at must lie in the future")
		}
		t = t.UTC().Truncate(time.Microsecond)
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
	return jsonReply(http.StatusCreated, v)
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
	return noContent()
}
