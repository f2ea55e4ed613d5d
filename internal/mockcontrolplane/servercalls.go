package mockcontrolplane

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"
)

// What a ZenML workspace server calls besides logging in (public: zen_server/cloud_utils.py,
// rbac/zenml_cloud_rbac.py, auth.py, feature_gate/zenml_cloud_feature_gate.py), and how the mock
// hands out the users' tokens those calls carry. API-CONTRACT.md, "What a workspace server calls".

const routeAuthorizeServer = "GET /users/authorize_server"

// workspaceServerRoutes are the calls only a workspace server's token may make (with its own
// workspace's token, the only other call it may make is GET /workspaces/{its id}).
var workspaceServerRoutes = []route{
	{"", routeWorkspaceStatus, (*Server).reportWorkspaceStatus},
	{"", "POST /rbac/check_permissions", (*Server).checkPermissions},
	{"", "GET /rbac/allowed_resource_ids", (*Server).allowedResourceIDs},
	{"", "GET /rbac/user_team_ids", (*Server).userTeamIDs},
	{"", "POST /rbac/resource_members", (*Server).shareResource},
	{"", "DELETE /rbac/resources", (*Server).deleteResources},
	{"", "GET /organizations/{id}/entitlement/{feature}", (*Server).getEntitlement},
	{"", "POST /usage-event", (*Server).reportUsage},
}

// userRoutes are the calls a server makes with one of its users' tokens (a person's or a
// service account's), never with its own.
var userRoutes = []route{
	{"", routeAuthorizeServer, (*Server).authorizeServer},
}

// workspaceServerCall reports whether the route is one of workspaceServerRoutes.
func workspaceServerCall(pattern string) bool {
	for _, rt := range workspaceServerRoutes {
		if rt.pattern == pattern {
			return true
		}
	}
	return false
}

// checkServerLogin checks what a workspace server's client_credentials login says of itself
// besides the credentials: a zenml-server-id header, when sent, must name the workspace of
// client_id, and the audience, when sent, must name this control plane (the host the request was
// sent to), as an identity provider refuses a token for another API.
func checkServerLogin(r *http.Request, audience, workspaceID string) *reply {
	if id := r.Header.Get(headerServerID); id != "" {
		if wid, ok := parseUUID(id); !ok || wid != workspaceID {
			rep := forbidden("the %s header names another workspace than client_id", headerServerID)
			return &rep
		}
	}
	if audience == "" {
		return nil
	}
	u, err := url.Parse(audience)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		rep := invalid("audience must be the control plane's API URL (ZENML_SERVER_PRO_OAUTH2_AUDIENCE), such as https://cloudapi.zenml.io")
		return &rep
	}
	if !namesThisHost(u, r) {
		rep := fail(http.StatusUnauthorized, "audience %s is not this control plane's API URL (requests reach it at %s): set ZENML_SERVER_PRO_OAUTH2_AUDIENCE to ZENML_SERVER_PRO_API_URL", audience, r.Host)
		return &rep
	}
	return nil
}

// namesThisHost reports whether u's host and port are those the request was sent to (its Host,
// or X-Forwarded-Host behind a proxy), default ports included.
func namesThisHost(u *url.URL, r *http.Request) bool {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	want := hostPort(u.Host, u.Scheme)
	for _, h := range []string{r.Host, r.Header.Get("X-Forwarded-Host")} {
		if h != "" && hostPort(h, scheme) == want {
			return true
		}
	}
	return false
}

func hostPort(hostport, scheme string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return strings.ToLower(host) + ":" + port
}

// --- GET /users/authorize_server ---

// authorizedUser is the answer of authorize_server: a ZenML server reads id, email, name and
// is_admin (public: auth.py, ExternalUserModel) and ignores the rest.
type authorizedUser struct {
	ID               string `json:"id"`
	Email            string `json:"email"`
	Name             string `json:"name"`
	Username         string `json:"username"`
	IsAdmin          bool   `json:"is_admin"`
	IsServiceAccount bool   `json:"is_service_account"`
}

// authorizeServer is GET /users/authorize_server?server_id=<workspace id>, called with a user's
// token: 200 and the user when it reaches the workspace, 403 when it does not, 404 for a server
// the control plane does not know.
func (s *Server) authorizeServer(c *call) reply {
	raw := c.r.URL.Query().Get("server_id")
	id, ok := parseUUID(raw)
	if !ok {
		return invalid("query parameter server_id must be the workspace's id (a UUID)")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w := s.liveWorkspace(id, c.now)
	if w == nil || w.DeletedAt != nil {
		return notFound("workspace " + id)
	}
	acc := s.st.access(c.who.id, w)
	if !acc.reaches {
		return forbidden("the user does not reach workspace %s: that needs Organization Admin or Organization Manager in its organization, or a workspace or project role there (directly or through a team)", w.Name)
	}
	out := authorizedUser{ID: c.who.id, IsAdmin: acc.admin}
	if sa := s.st.serviceAccounts[c.who.id]; sa != nil {
		out.Email, out.Name, out.Username, out.IsServiceAccount = sa.Username, sa.Name, sa.Username, true
	} else if u := s.st.users[c.who.id]; u != nil {
		out.Email, out.Name, out.Username = u.Email, u.Name, u.Username
	}
	return jsonReply(http.StatusOK, out)
}

// --- plan limits: answered permissively ---

// getEntitlement is GET /organizations/{id}/entitlement/{feature}: the mock has no plan limits,
// so every feature is entitled. A ZenML server reads only the status (402: limit reached).
func (s *Server) getEntitlement(c *call) reply {
	feature := c.r.PathValue("feature")
	if feature == "" || len(feature) > 100 || strings.ContainsFunc(feature, unicode.IsSpace) {
		return invalid("the feature must be a name such as pipeline_runs")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	w, rep := c.serverWorkspace()
	if rep != nil {
		return *rep
	}
	if org, ok := parseUUID(c.r.PathValue("id")); !ok || org != w.OrganizationID {
		return notFound("organization")
	}
	return jsonReply(http.StatusOK, map[string]any{"feature": feature, "entitled": true, "limit": nil})
}

// usageEvent is the body of POST /usage-event (public: feature_gate/zenml_cloud_feature_gate.py,
// RawUsageEvent).
type usageEvent struct {
	OrganizationID *string        `json:"organization_id"`
	Feature        *string        `json:"feature"`
	Total          *int           `json:"total"`
	Metadata       map[string]any `json:"metadata"`
}

// reportUsage is POST /usage-event: accepted and not kept (the mock meters nothing).
func (s *Server) reportUsage(c *call) reply {
	var ev usageEvent
	if rep := decodeJSON(c.r, &ev); rep != nil {
		return *rep
	}
	if ev.Feature == nil || *ev.Feature == "" {
		return invalid("feature is required: the feature whose usage is reported")
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, rep := c.serverWorkspace(); rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, map[string]any{"feature": *ev.Feature, "accepted": true})
}

// --- users' tokens ---

var errInactive = errors.New("inactive")

// UserToken returns a bearer token for a person (by user id) or a service account (by its id),
// as a dashboard or CLI user of a workspace server would hold: what a test hands to a server
// (or to zenmlpro-mock simulate-server) to authorize. A service account's token is the one its
// API key logs in to.
func (s *Server) UserToken(id string) (string, error) {
	tok, _, err := s.userToken(id)
	return tok.AccessToken, err
}

func (s *Server) userToken(id string) (tokenAnswer, userView, error) {
	id, _ = parseUUID(id)
	now := s.now()
	s.mu.RLock()
	var who principal
	var view userView
	active := false
	if sa := s.st.serviceAccounts[id]; sa != nil {
		who, view, active = principal{kind: principalServiceAccount, id: id}, viewServiceAccountAsUser(sa), sa.Active
	} else if u := s.st.users[id]; u != nil {
		who, view, active = principal{kind: principalUser, id: id}, viewUser(u), u.IsActive
	}
	s.mu.RUnlock()
	switch {
	case who.id == "":
		return tokenAnswer{}, view, errNotFound
	case !active:
		return tokenAnswer{}, view, errInactive
	}
	return s.issueToken(who, now), view, nil
}

// mockUserToken is POST /_mock/users/{id}/token.
func (s *Server) mockUserToken(r *http.Request) reply {
	tok, user, err := s.userToken(r.PathValue("id"))
	switch {
	case errors.Is(err, errNotFound):
		return notFound("user")
	case errors.Is(err, errInactive):
		return invalid("user %s is inactive: it cannot hold a token", user.Username)
	}
	return jsonReply(http.StatusCreated, map[string]any{
		"access_token": tok.AccessToken, "token_type": tok.TokenType, "expires_in": tok.ExpiresIn, "user": user,
	})
}

// activeUser reports whether the person or service account a token belongs to still exists and
// is active.
func (st *store) activeUser(who principal) bool {
	switch who.kind {
	case principalServiceAccount:
		sa := st.serviceAccounts[who.id]
		return sa != nil && sa.Active
	case principalUser:
		u := st.users[who.id]
		return u != nil && u.IsActive
	}
	return false
}

// decodeJSONList decodes a body that must be one JSON list (check_permissions' resources).
func decodeJSONList(r *http.Request, v any) *reply {
	return decodeJSONValue(r, v, '[', "JSON list of resource strings")
}
