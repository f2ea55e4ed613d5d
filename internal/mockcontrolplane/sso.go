package mockcontrolplane

import (
	"net/http"
	"slices"
	"strings"
)

type ssoView struct {
	Enabled         bool     `json:"enabled"`
	Protocol        string   `json:"protocol"`
	IssuerURL       string   `json:"issuer_url"`
	ClientID        string   `json:"client_id"`
	ClientSecretSet bool     `json:"client_secret_set"`
	Scopes          []string `json:"scopes"`
	Domains         []string `json:"domains"`
	JITProvisioning bool     `json:"jit_provisioning"`
	DefaultRoleID   *string  `json:"default_role_id"`
	EnforceSSO      bool     `json:"enforce_sso"`
	Created         string   `json:"created"`
	Updated         string   `json:"updated"`
}

func viewSSO(cfg *SSOConfig) ssoView {
	v := ssoView{Enabled: cfg.Enabled, Protocol: cfg.Protocol, IssuerURL: cfg.IssuerURL, ClientID: cfg.ClientID,
		ClientSecretSet: cfg.ClientSecretSHA256 != "", Scopes: slices.Clone(cfg.Scopes), Domains: slices.Clone(cfg.Domains),
		JITProvisioning: cfg.JITProvisioning, EnforceSSO: cfg.EnforceSSO, Created: ts(cfg.Created), Updated: ts(cfg.Updated)}
	if v.Scopes == nil {
		v.Scopes = []string{}
	}
	if v.Domains == nil {
		v.Domains = []string{}
	}
	if cfg.DefaultRoleID != "" {
		id := cfg.DefaultRoleID
		v.DefaultRoleID = &id
	}
	return v
}

// ssoBody is the PUT body. client_secret is write only: it is hashed and never returned.
type ssoBody struct {
	Enabled         *bool     `json:"enabled"`
	Protocol        *string   `json:"protocol"`
	IssuerURL       *string   `json:"issuer_url"`
	ClientID        *string   `json:"client_id"`
	ClientSecret    *string   `json:"client_secret"`
	Scopes          *[]string `json:"scopes"`
	Domains         *[]string `json:"domains"`
	JITProvisioning *bool     `json:"jit_provisioning"`
	DefaultRoleID   *string   `json:"default_role_id"`
	EnforceSSO      *bool     `json:"enforce_sso"`
}

// defaultSSOScopes applies when a PUT leaves scopes out (a list that is given must hold openid).
var defaultSSOScopes = []string{"openid", "email", "profile"}

func (s *Server) getSSO(c *call) reply {
	s.mu.RLock()
	defer s.mu.RUnlock()
	o, rep := c.pathOrg(false)
	if rep != nil {
		return *rep
	}
	cfg := s.st.sso[o.ID]
	if cfg == nil || c.lagging(cfg.Created) {
		return notFound("SSO configuration")
	}
	return jsonReply(http.StatusOK, viewSSO(cfg))
}

// putSSO replaces the configuration. An absent client_secret keeps the current one; the first PUT
// must carry it.
func (s *Server) putSSO(c *call) reply {
	var body ssoBody
	if rep := decodeJSON(c.r, &body); rep != nil {
		return *rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	current := s.st.sso[o.ID]
	if body.Protocol != nil && *body.Protocol != "oidc" {
		return invalid("protocol must be oidc")
	}
	if body.IssuerURL == nil || !validHTTPURL(*body.IssuerURL, true) {
		return invalid("issuer_url must be an https:// URL with a host")
	}
	if body.ClientID == nil || *body.ClientID == "" || len(*body.ClientID) > 255 {
		return invalid("client_id is required (at most 255 characters)")
	}
	if body.ClientSecret != nil && (*body.ClientSecret == "" || len(*body.ClientSecret) > 1024) {
		return invalid("client_secret must not be empty (at most 1024 characters)")
	}
	if body.ClientSecret == nil && (current == nil || current.ClientSecretSHA256 == "") {
		return invalid("client_secret is required when SSO is first configured")
	}
	scopes := slices.Clone(defaultSSOScopes)
	if body.Scopes != nil {
		scopes = slices.Clone(*body.Scopes)
		if !slices.Contains(scopes, "openid") {
			return invalid("scopes must contain openid")
		}
		for _, sc := range scopes {
			if sc == "" || len(sc) > 100 || containsSpaceOrControl(sc) {
				return invalid("scopes: %q is not a scope name", sc)
			}
		}
	}
	domains := []string{}
	if body.Domains != nil {
		domains = slices.Clone(*body.Domains)
		if rep := validDomains("domains", domains); rep != nil {
			return *rep
		}
	}
	var defaultRole string
	if body.DefaultRoleID != nil && *body.DefaultRoleID != "" {
		id, ok := parseUUID(*body.DefaultRoleID)
		if !ok {
			return invalid("default_role_id must be a UUID")
		}
		r := s.st.roles[id]
		if r == nil || r.OrganizationID != o.ID || r.Level != levelOrganization {
			return invalid("default_role_id must be an organization-level role of the organization")
		}
		defaultRole = id
	}
	enabled := deref(body.Enabled)
	if deref(body.EnforceSSO) && !enabled {
		return invalid("enforce_sso needs enabled")
	}
	cfg := &SSOConfig{OrganizationID: o.ID, Enabled: enabled, Protocol: "oidc", IssuerURL: *body.IssuerURL,
		ClientID: *body.ClientID, Scopes: scopes, Domains: domains, JITProvisioning: deref(body.JITProvisioning),
		DefaultRoleID: defaultRole, EnforceSSO: deref(body.EnforceSSO), Created: c.now, Updated: c.now}
	if current != nil {
		cfg.Created, cfg.ClientSecretSHA256 = current.Created, current.ClientSecretSHA256
	}
	if body.ClientSecret != nil {
		cfg.ClientSecretSHA256 = sha256Hex(*body.ClientSecret)
		s.lastSSOSecret[o.ID] = cfg.ClientSecretSHA256
	}
	s.st.sso[o.ID] = cfg
	return jsonReply(http.StatusOK, viewSSO(cfg))
}

func (s *Server) deleteSSO(c *call) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, rep := c.pathOrg(true)
	if rep != nil {
		return *rep
	}
	if s.st.sso[o.ID] == nil {
		return notFound("SSO configuration")
	}
	delete(s.st.sso, o.ID)
	return deleted()
}

// SSOClientSecretSHA256 is the hex SHA-256 of the client secret the mock last received for the
// organization ("" if none): tests of write-only attributes check it without the secret ever
// being readable through the API.
func (s *Server) SSOClientSecretSHA256(orgID string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	orgID = strings.ToLower(orgID)
	if h, ok := s.lastSSOSecret[orgID]; ok {
		return h
	}
	if cfg := s.st.sso[orgID]; cfg != nil { // after a restart from a state file
		return cfg.ClientSecretSHA256
	}
	return ""
}
