package mockcontrolplane

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// serverLoginForm is the form a ZenML workspace server posts (public: cloud_utils.py).
func serverLoginForm(workspaceID, key, audience string) url.Values {
	return url.Values{"grant_type": {"client_credentials"}, "client_id": {workspaceID}, "client_secret": {key}, "audience": {audience}}
}

// serverHeaders are the zenml-server-* headers a server sends with every call.
func serverHeaders(workspaceID string) []string {
	return []string{"zenml-server-id", workspaceID, "zenml-server-version", "0.98.0", "zenml-server-url", "https://zen.example.com"}
}

// asServer logs in as the fixture's hybrid workspace server, as a real server does.
func (f *fixture) asServer(t testing.TB) *client {
	t.Helper()
	r := rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "http://example.com"), serverHeaders(f.hybridID)...).want(200)
	return &client{t: t, s: f.s, token: r.obj()["access_token"].(string)}
}

// asUser holds a user's token (a person or a service account, by id) from /_mock/users/{id}/token.
func (f *fixture) asUser(t testing.TB, id string) *client {
	t.Helper()
	r := serve(t, f.s, httpRequest("POST", "/_mock/users/"+id+"/token", "")).want(201)
	return &client{t: t, s: f.s, token: r.obj()["access_token"].(string)}
}

// addPerson seeds a person who is an Organization Member of the fixture's organization.
func (f *fixture) addPerson(t testing.TB, email string) string {
	t.Helper()
	id, err := f.s.AddUser(email, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// assign gives a role (by name) to a subject ("user_id=..." or "team_id=...") in a workspace and
// optionally a project.
func (f *fixture) assign(t testing.TB, role, subject, workspaceID, projectID string) {
	t.Helper()
	q := "?" + subject
	if workspaceID != "" {
		q += "&workspace_id=" + workspaceID
	}
	if projectID != "" {
		q += "&project_id=" + projectID
	}
	f.c.do("POST", "/roles/"+f.roleIDs[role]+"/assignments"+q, nil).want(200)
}

func rawLoginWith(t testing.TB, s *Server, form url.Values, headers ...string) *result {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serve(t, s, req)
}

// TestServerLogin: the login a ZenML server sends (client credentials, audience, the three
// headers) is answered with an integer expires_in; the audience and zenml-server-id, when sent,
// must be right; a stale bearer token on the login (a server's re-login) changes nothing.
func TestServerLogin(t *testing.T) {
	f := newFixture(t)
	r := rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "http://example.com"), serverHeaders(f.hybridID)...).want(200)
	if !strings.Contains(string(r.body), `"expires_in":3600`) || r.obj()["token_type"] != "bearer" {
		t.Fatalf("login answer %s: expires_in must be an integer", r.body)
	}
	for _, audience := range []string{"http://EXAMPLE.com:80/", "http://example.com/api/v1", ""} {
		rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, audience)).want(200)
	}
	if _, msg := rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "https://cloudapi.zenml.io")).want(401).errorPair(); !strings.Contains(msg, "ZENML_SERVER_PRO_OAUTH2_AUDIENCE") {
		t.Fatalf("a wrong audience: %q", msg)
	}
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "https://example.com:8443")).want(401)
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "example.com")).want(422)
	// Behind a proxy, X-Forwarded-Host names the host the server dialled.
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "https://cp.example.org"), "X-Forwarded-Host", "cp.example.org", "X-Forwarded-Proto", "https").want(200)
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "http://example.com"), "zenml-server-id", f.managedID).want(403)
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, "wrong", "http://example.com"), serverHeaders(f.hybridID)...).want(401)
	rawLoginWith(t, f.s, serverLoginForm(f.hybridID, f.enrollKey, "http://example.com"), append(serverHeaders(f.hybridID), "Authorization", "Bearer stale")...).want(200)
}

// TestServerTokenReach: a workspace server's token reaches the server calls and its own
// workspace, nothing of the management API; a user's or service account's token reaches no
// server call.
func TestServerTokenReach(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	h := serverHeaders(f.hybridID)
	reached := []struct{ method, path string }{
		{"POST", "/rbac/check_permissions?user_id=" + f.userID + "&action=read"},
		{"GET", "/rbac/allowed_resource_ids?user_id=" + f.userID + "&resource=stack&action=read"},
		{"GET", "/rbac/user_team_ids?user_id=" + f.userID},
		{"DELETE", "/rbac/resources?resources=stack/" + newID()},
		{"GET", "/organizations/" + f.org + "/entitlement/pipeline_runs"},
		{"GET", "/workspaces/" + f.hybridID},
	}
	for _, tc := range reached {
		body := any(nil)
		if tc.method == "POST" {
			body = "[]"
		}
		server.do(tc.method, tc.path, body, h...).want(200)
	}
	for _, path := range []string{"/organizations", "/organizations/" + f.org, "/organizations/" + f.org + "/teams",
		"/users/me", "/users?email=ann@example.com", "/workspaces/" + f.managedID, "/users/authorize_server?server_id=" + f.hybridID} {
		if _, msg := server.get(path).want(403).errorPair(); !strings.Contains(msg, "workspace server token") {
			t.Fatalf("GET %s: %q", path, msg)
		}
	}
	server.do("POST", "/teams", obj{"organization_id": f.org, "name": "x"}).want(403)
	// A server naming another workspace in zenml-server-id is refused on every call.
	server.do("GET", "/rbac/user_team_ids?user_id="+f.userID, nil, "zenml-server-id", f.managedID).want(403)

	for _, other := range []*client{f.c, f.asUser(t, f.userID)} {
		for _, tc := range reached[:5] {
			if _, msg := other.do(tc.method, tc.path, nil).want(403).errorPair(); !strings.Contains(msg, "only a workspace server") {
				t.Fatalf("%s %s with a user's token: %q", tc.method, tc.path, msg)
			}
		}
		other.do("PATCH", "/workspace_status", nil, h...).want(403)
		other.do("POST", "/usage-event", obj{"feature": "x"}).want(403)
	}
}

// TestUserTokens: /_mock/users/{id}/token hands out a person's (or a service account's) token;
// a person's token acts as that person.
func TestUserTokens(t *testing.T) {
	f := newFixture(t)
	r := serve(t, f.s, httpRequest("POST", "/_mock/users/"+f.userID+"/token", "")).want(201).obj()
	if r["token_type"] != "bearer" || r["expires_in"].(float64) != 3600 || r["user"].(map[string]any)["email"] != "ann@example.com" {
		t.Fatalf("token answer %v", r)
	}
	ann := &client{t: t, s: f.s, token: r["access_token"].(string)}
	me := ann.get("/users/me").want(200).obj()
	if me["id"] != f.userID || me["is_service_account"] != false || me["email"] != "ann@example.com" {
		t.Fatalf("/users/me with a person's token %v", me)
	}
	ann.get("/organizations/" + f.org).want(200)                                     // a member reads her organization
	ann.do("POST", "/teams", obj{"organization_id": f.org, "name": "ann"}).want(403) // an Organization Member writes nothing

	saID := f.newServiceAccount(t, "robot", "Organization Member")
	if me := f.asUser(t, saID).get("/users/me").want(200).obj(); me["is_service_account"] != true {
		t.Fatalf("a service account's token %v", me)
	}
	if tok, err := f.s.UserToken(f.userID); err != nil || tok == "" {
		t.Fatalf("UserToken: %q %v", tok, err)
	}
	serve(t, f.s, httpRequest("POST", "/_mock/users/"+newID()+"/token", "")).want(404)
	serve(t, f.s, httpRequest("POST", "/_mock/users/nope/token", "")).want(404)

	f.c.do("PATCH", "/users/"+f.userID, obj{"is_active": false}).want(200)
	ann.get("/users/me").want(401)
	if _, msg := serve(t, f.s, httpRequest("POST", "/_mock/users/"+f.userID+"/token", "")).want(422).errorPair(); !strings.Contains(msg, "inactive") {
		t.Fatalf("an inactive user's token: %q", msg)
	}
}

// TestAuthorizeServer: GET /users/authorize_server with a user's token answers the user when it
// reaches the workspace (API-CONTRACT.md: who reaches a workspace), 403 when it does not, 404 for
// a server the control plane does not know.
func TestAuthorizeServer(t *testing.T) {
	f := newFixture(t)
	project := newID()
	direct := f.addPerson(t, "direct@example.com")
	f.assign(t, "Workspace Viewer", "user_id="+direct, f.hybridID, "")
	viaTeam := f.addPerson(t, "team@example.com")
	f.c.do("POST", "/teams/"+f.teamID+"/members?user_id="+viaTeam, nil).want(200)
	f.assign(t, "Workspace Developer", "team_id="+f.teamID, f.hybridID, "")
	viaProject := f.addPerson(t, "project@example.com")
	f.assign(t, "Project Viewer", "user_id="+viaProject, f.hybridID, project)
	wsAdmin := f.addPerson(t, "wsadmin@example.com")
	f.assign(t, "Workspace Admin", "user_id="+wsAdmin, f.hybridID, "")
	manager := f.addPerson(t, "manager@example.com")
	f.assign(t, "Organization Manager", "user_id="+manager, "", "")
	elsewhere := f.addPerson(t, "elsewhere@example.com")
	f.assign(t, "Workspace Admin", "user_id="+elsewhere, f.managedID, "")
	robot := f.newServiceAccount(t, "robot", "Organization Member")
	f.assign(t, "Workspace Contributor", "user_id="+robot, f.hybridID, "")

	authorize := func(c *client, server string) *result {
		return c.get("/users/authorize_server?server_id=" + server)
	}
	for _, tc := range []struct {
		name, id, email string
		admin, sa       bool
	}{
		{"a workspace role", direct, "direct@example.com", false, false},
		{"a team's workspace role", viaTeam, "team@example.com", false, false},
		{"a project role", viaProject, "project@example.com", false, false},
		{"Workspace Admin", wsAdmin, "wsadmin@example.com", true, false},
		{"Organization Manager", manager, "manager@example.com", true, false},
		{"a service account with a workspace role", robot, "robot", false, true},
	} {
		got := authorize(f.asUser(t, tc.id), f.hybridID).want(200).obj()
		if got["id"] != tc.id || got["email"] != tc.email || got["is_admin"] != tc.admin || got["is_service_account"] != tc.sa || got["name"] == "" {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
	// The seeded admin key is Organization Admin: it reaches every workspace, as an admin.
	if got := authorize(f.c, f.managedID).want(200).obj(); got["is_admin"] != true || got["is_service_account"] != true {
		t.Errorf("Organization Admin: %v", got)
	}
	for name, id := range map[string]string{"an Organization Member only": f.userID, "a role on another workspace": elsewhere} {
		if _, msg := authorize(f.asUser(t, id), f.hybridID).want(403).errorPair(); !strings.Contains(msg, "does not reach") {
			t.Errorf("%s: %q", name, msg)
		}
	}
	authorize(f.asUser(t, direct), newID()).want(404)
	authorize(f.asUser(t, direct), "nope").want(422)
	f.c.get("/users/authorize_server").want(422)
	f.c.do("DELETE", "/workspaces/"+f.managedID, nil).want(200)
	authorize(f.c, f.managedID).want(404)
	serve(t, f.s, httpRequest("GET", "/users/authorize_server?server_id="+f.hybridID, "")).want(401)
}

// TestEntitlementAndUsage: plan-limit calls are answered permissively, for the server's own
// organization only.
func TestEntitlementAndUsage(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	got := server.get("/organizations/" + f.org + "/entitlement/pipeline_runs").want(200).obj()
	if got["entitled"] != true || got["feature"] != "pipeline_runs" {
		t.Fatalf("entitlement %v", got)
	}
	other, _, err := f.s.AddOrganization("other")
	if err != nil {
		t.Fatal(err)
	}
	server.get("/organizations/" + other + "/entitlement/pipeline_runs").want(404)
	server.get("/organizations/unknown/entitlement/pipeline_runs").want(404)
	event := obj{"organization_id": f.org, "feature": "pipeline_runs", "total": 1,
		"metadata": obj{"workspace_id": f.hybridID, "resource_id": newID()}}
	server.do("POST", "/usage-event", event).want(200)
	server.do("POST", "/usage-event", obj{"total": 1}).want(422)
	server.do("POST", "/usage-event", "[]").want(422)
	server.do("POST", "/usage-event", obj{"feature": "x", "total": "one"}).want(422)
}
