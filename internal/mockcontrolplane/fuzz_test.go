package mockcontrolplane

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzEnv is a fixture whose state Reset restores cheaply, so that every fuzz input starts from
// the same objects (and a failure reproduces) without rebuilding the server.
type fuzzEnv struct {
	*fixture
	replacer *strings.Replacer
}

func newFuzzEnv(t testing.TB) *fuzzEnv {
	t.Helper()
	f := newFixture(t)
	c := f.c
	saID := f.newServiceAccount(t, "fuzz-bot", "Organization Viewer")
	keyID := c.do("POST", f.saPath(saID)+"/api_keys", obj{"name": "k"}).want(200).id()
	invID := c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "inv@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	customRole := c.do("POST", "/roles", obj{"organization_id": f.org, "name": "Custom", "level": "workspace", "permissions": []string{"stack:read"}}).want(200).id()
	// Make the fixture the state Reset goes back to.
	f.s.mu.Lock()
	f.s.seeded = f.s.st.toState(f.s.now(), f.s.opts.DeletionDelay)
	f.s.mu.Unlock()
	return &fuzzEnv{fixture: f, replacer: strings.NewReplacer(
		"{org}", f.org, "{team}", f.teamID, "{hybrid}", f.hybridID, "{ws}", f.managedID, "{user}", f.userID,
		"{sa}", saID, "{key}", keyID, "{inv}", invID, "{custom_role}", customRole,
		"{role_org}", f.roleIDs["Organization Viewer"], "{role_ws}", f.roleIDs["Workspace Developer"],
		"{role_proj}", f.roleIDs["Project Viewer"], "{project}", "8d1e6f40-57a9-4c38-9b0e-2f4bb1e0f001",
	)}
}

var fuzzMethods = []string{"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"}

// check sends one request and fails on a 5xx (no faults are set) or a body that is not JSON.
// headers are name, value pairs.
func (e *fuzzEnv) check(t *testing.T, method, target, contentType, body string, auth bool, headers ...string) {
	e.checkAs(t, e.c.token, method, target, contentType, body, auth, headers...)
}

func (e *fuzzEnv) checkAs(t *testing.T, token, method, target, contentType, body string, auth bool, headers ...string) {
	e.s.Reset()
	e.s.SetFaults(Faults{}) // a fuzzed PUT /_mock/faults must not inject errors into the next input
	target = e.replacer.Replace(target)
	if !strings.HasPrefix(target, "/") {
		target = "/" + target
	}
	req, err := http.NewRequest(method, "http://mock"+target, strings.NewReader(e.replacer.Replace(body)))
	if err != nil {
		t.Skip("not a valid request target")
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if strings.ContainsAny(headers[i+1], "\r\n\x00") || headers[i+1] != strings.TrimSpace(headers[i+1]) {
			t.Skip("not a valid header value")
		}
		req.Header.Set(headers[i], e.replacer.Replace(headers[i+1]))
	}
	rec := httptest.NewRecorder()
	e.s.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s %q: status %d: %s", method, target, body, rec.Code, rec.Body)
	}
	if b := rec.Body.Bytes(); len(b) > 0 && !json.Valid(b) && !strings.HasPrefix(target, "/_mock") && rec.Code < 300 {
		t.Fatalf("%s %s: body is not JSON: %s", method, target, b)
	}
}

// FuzzAPI sends any method, path and body, with placeholders such as {org} or {team} replaced by
// ids of existing objects so that the fuzzer reaches past the 404s.
func FuzzAPI(f *testing.F) {
	f.Add(uint8(1), "/teams", `{"organization_id":"{org}","name":"x"}`)
	f.Add(uint8(2), "/workspaces/{ws}", `{"desired_state":"deactivated"}`)
	f.Add(uint8(1), "/roles/{role_ws}/assignments?user_id={user}&workspace_id={hybrid}", ``)
	f.Add(uint8(3), "/organizations/{org}/sso", `{"issuer_url":"https://a.b","client_id":"c","client_secret":"s"}`)
	f.Add(uint8(0), "/organizations/{org}/members?offset=1&limit=2", ``)
	f.Add(uint8(1), "/organizations/{org}/service_accounts", `{"name":"Bot","username":"bot","role_id":"{role_org}"}`)
	f.Add(uint8(2), "/organizations/{org}/service_accounts/{sa}", `{"name":"x","username":"y.z","active":false}`)
	f.Add(uint8(1), "/organizations/{org}/service_accounts/{sa}/api_keys", `{"name":"k2","expires_in_minutes":5}`)
	f.Add(uint8(1), "/organizations/{org}/service_accounts/{sa}/api_keys/{key}/rotate", `{"retain_period_minutes":3}`)
	f.Add(uint8(4), "/organizations/{org}/members?user_id={sa}", ``)
	f.Add(uint8(1), "/organizations/{org}/invitations", `{"email":"a@b.io","role_ids":["{role_org}"]}`)
	f.Add(uint8(0), "/workspaces?is_managed=false&url=https://x.io&member_only=true&limit=5", ``)
	f.Add(uint8(1), "/teams/{team}/members?user_id={sa}", `{}`)
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, method uint8, path, body string) {
		e.check(t, fuzzMethods[int(method)%len(fuzzMethods)], path, "application/json", body, true)
	})
}

// FuzzCreateWorkspace fuzzes the body (and the enroll flag) of POST /workspaces.
func FuzzCreateWorkspace(f *testing.F) {
	f.Add(true, `{"name":"w","organization_id":"{org}"}`)
	f.Add(true, `{"name":"w","organization_id":"{org}","is_managed":false,"zenml_service":{"configuration":{"version":"0.85.0"}}}`)
	f.Add(false, `{"name":"w","organization_id":"{org}","is_managed":true,"display_name":"W","description":"d"}`)
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, enroll bool, body string) {
		target := "/workspaces"
		if enroll {
			target += "?enroll=true"
		}
		e.check(t, "POST", target, "application/json", body, true)
	})
}

// FuzzPutSSO fuzzes the body of PUT /organizations/{org}/sso.
func FuzzPutSSO(f *testing.F) {
	f.Add(`{"enabled":true,"issuer_url":"https://id.example.com","client_id":"c","client_secret":"s","scopes":["openid"],"domains":["a.io"],"default_role_id":"{role_org}","enforce_sso":true}`)
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, body string) {
		e.check(t, "PUT", "/organizations/{org}/sso", "application/json", body, true)
	})
}

// FuzzCreateAssignment fuzzes the role and the query of POST /roles/{id}/assignments.
func FuzzCreateAssignment(f *testing.F) {
	f.Add("{role_proj}", "user_id={user}&workspace_id={hybrid}&project_id={project}")
	f.Add("{role_org}", "invitation_id={inv}")
	f.Add("{custom_role}", "user_id={sa}&workspace_id={ws}")
	f.Add("{role_org}", "service_account_id={sa}")
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, role, query string) {
		e.check(t, "POST", "/roles/"+url.PathEscape(role)+"/assignments?"+query, "", "", true)
	})
}

// FuzzLogin fuzzes the form body and content type of POST /auth/login.
func FuzzLogin(f *testing.F) {
	f.Add("application/x-www-form-urlencoded", "password=ZENPROKEY_x")
	f.Add("application/x-www-form-urlencoded", "grant_type=client_credentials&client_id={hybrid}&client_secret=not-the-key")
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, contentType, body string) {
		if strings.ContainsAny(contentType, "\r\n\x00") {
			contentType = ""
		}
		e.check(t, "POST", "/auth/login", contentType, body, false)
	})
}

// FuzzWorkspaceStatus fuzzes PATCH /workspace_status as a hybrid workspace server calls it:
// the zenml-server-* headers and an optional body.
func FuzzWorkspaceStatus(f *testing.F) {
	f.Add("{hybrid}", "https://ws.example.com", "0.85.0", ``)
	f.Add("", "", "", `{"server_url":"https://ws.example.com","version":"0.85.0"}`)
	f.Add("{ws}", "https://ws.example.com", "0.85.0", `{}`)
	e := newFuzzEnv(f)
	rep := rawLogin(f, e.s, url.Values{"grant_type": {"client_credentials"}, "client_id": {e.hybridID}, "client_secret": {e.enrollKey}}).want(200)
	token := rep.obj()["access_token"].(string)
	f.Fuzz(func(t *testing.T, serverID, serverURL, version, body string) {
		e.checkAs(t, token, "PATCH", "/workspace_status", "application/json", body, true,
			"zenml-server-id", serverID, "zenml-server-url", serverURL, "zenml-server-version", version)
	})
}

// FuzzParseFaults: any specification either parses, and then round-trips through String, or is an
// error; never a panic.
func FuzzParseFaults(f *testing.F) {
	f.Add("error_rate=0.1,rate_limit=0.1,latency=20ms,consistency_lag=300ms,drop_response=0.05,token_ttl=2s,seed=7")
	f.Add("max_rps=50,max_limit=20")
	f.Fuzz(func(t *testing.T, spec string) {
		got, err := ParseFaults(spec)
		if err != nil {
			return
		}
		back, err := ParseFaults(got.String())
		if err != nil || back != got {
			t.Fatalf("%q parsed to %+v, which does not round-trip (%q: %+v, %v)", spec, got, got.String(), back, err)
		}
	})
}

// FuzzServerCalls fuzzes the calls a workspace server makes with its token (the RBAC calls,
// entitlement, usage events): which one, its query and its body.
func FuzzServerCalls(f *testing.F) {
	f.Add(uint8(0), "user_id={user}&action=read", `["stack","{project}:pipeline/{team}"]`)
	f.Add(uint8(1), "user_id={user}&resource={project}:pipeline&action=update", ``)
	f.Add(uint8(2), "user_id={user}", ``)
	f.Add(uint8(3), "", `{"user_id":"{user}","team_id":null,"sharing_user_id":"{sa}","resource":"stack/{team}","actions":["read"]}`)
	f.Add(uint8(4), "resources=stack/{team}&resources={project}:pipeline/{team}", ``)
	f.Add(uint8(5), "", ``)
	f.Add(uint8(6), "", `{"organization_id":"{org}","feature":"pipeline_runs","total":-1,"metadata":{}}`)
	e := newFuzzEnv(f)
	rep := rawLogin(f, e.s, url.Values{"grant_type": {"client_credentials"}, "client_id": {e.hybridID}, "client_secret": {e.enrollKey}}).want(200)
	token := rep.obj()["access_token"].(string)
	calls := workspaceServerRoutes[1:] // PATCH /workspace_status has FuzzWorkspaceStatus
	f.Fuzz(func(t *testing.T, which uint8, query, body string) {
		method, path, _ := strings.Cut(calls[int(which)%len(calls)].pattern, " ")
		path = strings.NewReplacer("{id}", "{org}", "{feature}", "pipeline_runs").Replace(path)
		e.checkAs(t, token, method, path+"?"+query, "application/json", body, true, "zenml-server-id", "{hybrid}")
	})
}
