package mockcontrolplane

import (
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Principal kinds: who a token belongs to.
const (
	principalServiceAccount = "service_account"
	principalWorkspace      = "workspace" // a hybrid workspace server, logged in with its enrollment key
	principalUser           = "user"      // a person, with a token from POST /_mock/users/{id}/token
)

type principal struct {
	kind string
	id   string // service account, user or workspace id
}

type token struct {
	who     principal
	expires time.Time // on the mock's clock
}

// tokenTTL is the faults' token_ttl when set (to force refreshes), else the configured lifetime.
func (s *Server) tokenTTL() time.Duration {
	if f := s.Faults(); f.TokenTTL > 0 {
		return f.TokenTTL
	}
	return s.opts.TokenTTL
}

// login implements POST /auth/login: a service account's API key as password=, or a hybrid
// workspace server's client_credentials. The detail of a 401 says why, never echoing the key.
func (s *Server) login(c *call) reply {
	body, rep := readBody(c.r)
	if rep != nil {
		return *rep
	}
	if ct := c.r.Header.Get("Content-Type"); strings.Contains(strings.ToLower(ct), "json") {
		return invalid("POST /auth/login takes a form-encoded body (application/x-www-form-urlencoded)")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return invalid("malformed form body: %v", err)
	}
	var who principal
	switch grant := form.Get("grant_type"); grant {
	case "client_credentials":
		var denied *reply
		if who, denied = s.checkClientCredentials(form.Get("client_id"), form.Get("client_secret")); denied != nil {
			return *denied
		}
		if denied = checkServerLogin(c.r, form.Get("audience"), who.id); denied != nil {
			return *denied
		}
	case "", "password":
		password := form.Get("password")
		if password == "" {
			return invalid("password (an API key) or grant_type=client_credentials is required")
		}
		var denied *reply
		if who, denied = s.checkAPIKey(password, c.now, true); denied != nil {
			return *denied
		}
	default:
		return invalid("grant_type must be password or client_credentials")
	}
	return jsonReply(http.StatusOK, s.issueToken(who, c.now))
}

// tokenAnswer is what a login (and POST /_mock/users/{id}/token) answers. expires_in is a whole
// number of seconds: a ZenML workspace server refuses any other type (public: cloud_utils.py).
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// issueToken makes a bearer token for the principal, valid for the token lifetime.
func (s *Server) issueToken(who principal, now time.Time) tokenAnswer {
	ttl := s.tokenTTL()
	access := newSecret("mocktoken_")
	s.tokMu.Lock()
	if len(s.tokens) >= maxTokens {
		s.pruneTokensLocked(now)
	}
	s.tokens[access] = token{who: who, expires: now.Add(ttl)}
	s.tokMu.Unlock()
	return tokenAnswer{AccessToken: access, TokenType: "bearer", ExpiresIn: int(math.Ceil(ttl.Seconds()))}
}

// pruneTokensLocked forgets expired tokens, and if that is not enough, all of them (clients log
// in again on a 401): the map must stay bounded under a tiny token_ttl fault.
func (s *Server) pruneTokensLocked(now time.Time) {
	for k, t := range s.tokens {
		if !now.Before(t.expires) {
			delete(s.tokens, k)
		}
	}
	if len(s.tokens) >= maxTokens {
		s.tokens = map[string]token{}
	}
}

// checkAPIKey decides whether a key may log in now; record updates the last_login of the key and
// of its service account.
func (s *Server) checkAPIKey(key string, now time.Time, record bool) (principal, *reply) {
	hash := sha256Hex(key)
	if record {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	deny := func(detail string) (principal, *reply) {
		rep := fail(http.StatusUnauthorized, "%s", detail)
		return principal{}, &rep
	}
	k, current := s.st.apiKeyByHash(hash), true
	if k == nil {
		if k = s.st.apiKeyByRetainedHash(hash); k == nil {
			return deny("invalid API key")
		}
		current = false
	}
	if !current {
		valid := false
		for _, r := range k.Retained {
			if r.KeySHA256 == hash && now.Before(r.ValidUntil) {
				valid = true
			}
		}
		if !valid {
			return deny("API key was rotated and its retain period is over")
		}
	}
	if !k.Active {
		return deny("API key is inactive")
	}
	if k.ExpiresAt != nil && !now.Before(*k.ExpiresAt) {
		return deny("API key expired")
	}
	sa := s.st.serviceAccounts[k.ServiceAccountID]
	if sa == nil {
		return deny("invalid API key")
	}
	if !sa.Active {
		return deny("service account is inactive")
	}
	if record {
		t, u := now, now
		k.LastLogin, sa.LastLogin = &t, &u
	}
	return principal{kind: principalServiceAccount, id: sa.ID}, nil
}

func (s *Server) checkClientCredentials(clientID, secret string) (principal, *reply) {
	deny := func(detail string) (principal, *reply) {
		rep := fail(http.StatusUnauthorized, "%s", detail)
		return principal{}, &rep
	}
	if clientID == "" || secret == "" {
		rep := invalid("client_credentials needs client_id (the workspace id) and client_secret (its enrollment key)")
		return principal{}, &rep
	}
	id, ok := parseUUID(clientID)
	if !ok {
		return deny("invalid client credentials")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w := s.st.workspaces[id]
	if w == nil || w.DeletedAt != nil || w.IsManaged || w.EnrollmentKeySHA256 == "" {
		return deny("invalid client credentials")
	}
	if w.EnrollmentKeySHA256 != sha256Hex(secret) {
		return deny("invalid enrollment key")
	}
	return principal{kind: principalWorkspace, id: w.ID}, nil
}

// apiKeyKnown reports whether the value is an API key's current or retained value, whether or
// not it may log in now.
func (s *Server) apiKeyKnown(key string) bool {
	hash := sha256Hex(key)
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.st.apiKeyByHash(hash) != nil || s.st.apiKeyByRetainedHash(hash) != nil
}

// APIKeyWorks reports whether POST /auth/login with this key would succeed now. It counts no
// statistics, injects no faults and records no login.
func (s *Server) APIKeyWorks(key string) bool {
	_, denied := s.checkAPIKey(key, s.now(), false)
	return denied == nil
}

// authenticate resolves the bearer token of an API call to its principal. A workspace server may
// only report its status and read its own workspace.
func (s *Server) authenticate(r *http.Request, pattern string) (principal, *reply) {
	deny := func(status int, detail string) (principal, *reply) {
		rep := fail(status, "%s", detail)
		return principal{}, &rep
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || strings.TrimSpace(tok) == "" {
		return deny(http.StatusUnauthorized, "missing bearer token")
	}
	now := s.now()
	tok = strings.TrimSpace(tok)
	s.tokMu.Lock()
	t, found := s.tokens[tok]
	s.tokMu.Unlock()
	if !found {
		// An API key works directly as a bearer token too (public: pro-docs, control plane
		// 0.12.17 and later), with the same checks as a login.
		if !s.apiKeyKnown(tok) {
			return deny(http.StatusUnauthorized, "invalid token")
		}
		who, denied := s.checkAPIKey(tok, now, true)
		if denied != nil {
			return principal{}, denied
		}
		t = token{who: who, expires: now.Add(time.Minute)}
	}
	if !now.Before(t.expires) {
		return deny(http.StatusUnauthorized, "token expired")
	}
	s.mu.RLock()
	switch t.who.kind {
	case principalServiceAccount, principalUser:
		active := s.st.activeUser(t.who)
		s.mu.RUnlock()
		if !active {
			return deny(http.StatusUnauthorized, "the token's user or service account is gone or inactive")
		}
		if workspaceServerCall(pattern) {
			return deny(http.StatusForbidden, "only a workspace server, logged in with its enrollment key, may call "+pattern)
		}
	case principalWorkspace:
		w := s.st.workspaces[t.who.id]
		s.mu.RUnlock()
		if w == nil || w.DeletedAt != nil {
			return deny(http.StatusUnauthorized, "the token's workspace no longer exists")
		}
		// A real server names itself on every call; a header naming another workspace than the
		// token's is a misconfigured server (or a stolen token).
		if id := r.Header.Get(headerServerID); id != "" {
			if wid, ok := parseUUID(id); !ok || wid != w.ID {
				return deny(http.StatusForbidden, "the "+headerServerID+" header names another workspace than the token's")
			}
		}
		allowed := workspaceServerCall(pattern) || pattern == "GET /workspaces/{id}" && strings.EqualFold(r.PathValue("id"), w.ID)
		if !allowed {
			return deny(http.StatusForbidden, "a workspace server token may only make a workspace server's calls and read its own workspace")
		}
	default:
		s.mu.RUnlock()
		return deny(http.StatusUnauthorized, "invalid token")
	}
	return t.who, nil
}

const routeWorkspaceStatus = "PATCH /workspace_status"
