package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// simEnv is a mock control plane with a hybrid workspace, and the environment a ZenML server of
// that workspace would get from modules/workspace-server-config.
type simEnv struct {
	t      *testing.T
	mock   *mockcontrolplane.Server
	url    string
	admin  string // the admin's bearer token
	wsID   string
	key    string
	env    map[string]string
	userID string // ann, a Workspace Developer of the workspace
}

func newSimEnv(t *testing.T) *simEnv {
	t.Helper()
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{Organization: "sim", Users: []string{"ann@example.com", "bob@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	e := &simEnv{t: t, mock: mock, url: srv.URL}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	e.call("POST", "/auth/login", "", url.Values{"password": {mock.APIKey()}}, &login)
	e.admin = login.AccessToken
	var ws struct {
		ID            string `json:"id"`
		EnrollmentKey string `json:"enrollment_key"`
	}
	e.call("POST", "/workspaces?enroll=true", e.admin, map[string]string{"name": "sim-ws", "organization_id": mock.OrganizationID()}, &ws)
	e.wsID, e.key = ws.ID, ws.EnrollmentKey
	var users []struct {
		ID string `json:"id"`
	}
	e.call("GET", "/users?email=ann@example.com", e.admin, nil, &users)
	e.userID = users[0].ID
	var roles []struct {
		ID string `json:"id"`
	}
	e.call("GET", "/organizations/"+mock.OrganizationID()+"/roles?name=Workspace+Developer", e.admin, nil, &roles)
	e.call("POST", "/roles/"+roles[0].ID+"/assignments?user_id="+e.userID+"&workspace_id="+e.wsID, e.admin, nil, nil)
	e.env = map[string]string{
		"ZENML_SERVER_DEPLOYMENT_TYPE":          "cloud",
		"ZENML_SERVER_SERVER_URL":               "http://127.0.0.1:8237",
		"ZENML_SERVER_PRO_API_URL":              srv.URL,
		"ZENML_SERVER_PRO_DASHBOARD_URL":        srv.URL,
		"ZENML_SERVER_PRO_OAUTH2_AUDIENCE":      srv.URL,
		"ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET": e.key,
		"ZENML_SERVER_PRO_ORGANIZATION_ID":      mock.OrganizationID(),
		"ZENML_SERVER_PRO_ORGANIZATION_NAME":    "sim",
		"ZENML_SERVER_PRO_WORKSPACE_ID":         e.wsID,
		"ZENML_SERVER_PRO_WORKSPACE_NAME":       "sim-ws",
	}
	return e
}

// call makes an API call as a test would, failing on any answer but 2xx; body is a form or JSON.
func (e *simEnv) call(method, path, token string, body, out any) {
	e.t.Helper()
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, contentType = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, e.url+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		e.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: %v: %s", method, path, err, raw)
		}
	}
}

func (e *simEnv) getenv(name string) string { return e.env[name] }

func (e *simEnv) userToken(id string) string {
	e.t.Helper()
	tok, err := e.mock.UserToken(id)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func (e *simEnv) simulate(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := simulate(args, e.getenv, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// TestSimulateServer: configured only from the environment a ZenML server reads, the simulated
// server logs in, reports its status (the workspace becomes available with the reported URL and
// version), authorizes a user with a workspace role and checks a permission: one line per call.
func TestSimulateServer(t *testing.T) {
	e := newSimEnv(t)
	code, out, errOut := e.simulate("--user-token", e.userToken(e.userID), "--action", "update", "--resource", "stack")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		"POST /auth/login: 200, workspace " + e.wsID + " logged in with its enrollment key (token for 3600 s)",
		"PATCH /workspace_status: 200, workspace sim-ws is available (server_url http://127.0.0.1:8237, version 0.98.0)",
		"GET /users/authorize_server: 200, ann@example.com may use this server (user " + e.userID + ", is_admin false)",
		"POST /rbac/check_permissions: 200, update on stack is allowed",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("output:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}
	var ws struct {
		Status       string `json:"status"`
		ZenMLService struct {
			Status struct {
				ServerURL string `json:"server_url"`
				Version   string `json:"version"`
			} `json:"status"`
		} `json:"zenml_service"`
	}
	e.call("GET", "/workspaces/"+e.wsID, e.admin, nil, &ws)
	if ws.Status != "available" || ws.ZenMLService.Status.ServerURL != "http://127.0.0.1:8237" || ws.ZenMLService.Status.Version != "0.98.0" {
		t.Fatalf("workspace after enrolling %+v", ws)
	}
	// A permission the role does not grant is an answer, not a failure.
	if code, out, _ := e.simulate("--user-token", e.userToken(e.userID), "--action", "share", "--server-version", "0.98.1"); code != 0 ||
		!strings.Contains(out, "share on stack is refused") || !strings.Contains(out, "version 0.98.1") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// TestSimulateServerFailures: each failing call says what a real server would do, and the exit
// status is 1; bad settings name every variable at fault, exit 2.
func TestSimulateServerFailures(t *testing.T) {
	e := newSimEnv(t)
	bob := func() string {
		var users []struct {
			ID string `json:"id"`
		}
		e.call("GET", "/users?email=bob@example.com", e.admin, nil, &users)
		return users[0].ID
	}()
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		code    int
		out     string
		message string
	}{
		{"a user without a role there", nil, []string{"--user-token", e.userToken(bob)}, 1,
			"GET /users/authorize_server: 403, not authorized to access this server", "refuses this user"},
		{"a user token the control plane does not know", nil, []string{"--user-token", "nope"}, 1,
			"GET /users/authorize_server: 401, not authorized", "refuses this user"},
		{"a wrong enrollment key", map[string]string{"ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET": "wrong"}, nil, 1,
			"POST /auth/login: 401, invalid enrollment key (AuthorizationException)", "cannot start"},
		{"an unknown workspace", map[string]string{"ZENML_SERVER_PRO_WORKSPACE_ID": "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"}, nil, 1,
			"POST /auth/login: 401, invalid client credentials", "cannot start"},
		{"a wrong audience", map[string]string{"ZENML_SERVER_PRO_OAUTH2_AUDIENCE": "https://cloudapi.zenml.io"}, nil, 1,
			"POST /auth/login: 401, audience https://cloudapi.zenml.io is not this control plane's API URL", "cannot start"},
		{"a report the control plane refuses", map[string]string{"ZENML_SERVER_SERVER_URL": "ftp://x"}, nil, 1,
			"PATCH /workspace_status: 422,", "fails its startup"},
		{"a control plane that is not there", map[string]string{"ZENML_SERVER_PRO_API_URL": "http://127.0.0.1:1"}, nil, 1,
			"POST /auth/login: failed,", "cannot start"},
		{"settings missing or wrong", map[string]string{"ZENML_SERVER_DEPLOYMENT_TYPE": "", "ZENML_SERVER_PRO_API_URL": "",
			"ZENML_SERVER_PRO_WORKSPACE_ID": "ws", "ZENML_SERVER_PRO_HTTP_TIMEOUT": "soon", "ZENML_SERVER_PRO_DASHBOARD_URL": "cloud"}, nil, 2, "",
			`ZENML_SERVER_DEPLOYMENT_TYPE is "": a server makes these calls only with cloud; ZENML_SERVER_PRO_API_URL is not set; ` +
				`ZENML_SERVER_PRO_WORKSPACE_ID="ws" is not a UUID; ZENML_SERVER_PRO_DASHBOARD_URL="cloud" is not an http(s) URL; ` +
				`ZENML_SERVER_PRO_HTTP_TIMEOUT="soon" is not a whole number of seconds`},
		{"an unknown flag", nil, []string{"--bogus"}, 2, "", "bogus"},
		{"an argument", nil, []string{"now"}, 2, "", `unexpected argument "now"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			saved := e.env
			e.env = map[string]string{}
			for k, v := range saved {
				e.env[k] = v
			}
			for k, v := range tt.env {
				e.env[k] = v
			}
			defer func() { e.env = saved }()
			code, out, errOut := e.simulate(tt.args...)
			if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.message) {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s\nwant stdout to hold %q, stderr %q", code, tt.code, out, errOut, tt.out, tt.message)
			}
		})
	}
	// Without a user token only the startup calls are made; the token may come from the environment.
	code, out, _ := e.simulate()
	if code != 0 || !strings.Contains(out, "GET /users/authorize_server: skipped, no user token (--user-token or ZENMLPRO_MOCK_USER_TOKEN)") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	e.env[envUserToken] = e.userToken(e.userID)
	if code, out, _ := e.simulate(); code != 0 || !strings.Contains(out, "ann@example.com may use this server") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// TestSimulateServerOnTheWire: the requests are a ZenML server's, byte for byte where it matters,
// and a 401 on a server call logs in again once, as the server does.
func TestSimulateServerOnTheWire(t *testing.T) {
	type seen struct {
		method, path, query, body string
		header                    http.Header
	}
	var mu sync.Mutex
	var requests []seen
	statusAnswers := []int{http.StatusUnauthorized, http.StatusOK}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		requests = append(requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, string(body), r.Header.Clone()})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v1/auth/login":
			_, _ = io.WriteString(w, `{"access_token":"server-token","token_type":"bearer","expires_in":600}`)
		case "/api/v1/workspace_status":
			mu.Lock()
			status := statusAnswers[0]
			statusAnswers = statusAnswers[1:]
			mu.Unlock()
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `null`)
		case "/api/v1/users/authorize_server":
			_, _ = io.WriteString(w, `{"id":"0a6f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e","email":"ann@example.com","is_admin":true}`)
		case "/api/v1/rbac/check_permissions":
			_, _ = io.WriteString(w, `{"p0000000-0000-4000-8000-000000000000:pipeline":true}`)
		}
	}))
	defer srv.Close()
	const ws = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"
	api := srv.URL + "/api/v1"
	env := map[string]string{"ZENML_SERVER_DEPLOYMENT_TYPE": "cloud", "ZENML_SERVER_PRO_API_URL": api + "/",
		"ZENML_SERVER_PRO_DASHBOARD_URL": srv.URL, "ZENML_SERVER_PRO_OAUTH2_AUDIENCE": api, "ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET": "key",
		"ZENML_SERVER_PRO_ORGANIZATION_ID": ws, "ZENML_SERVER_PRO_WORKSPACE_ID": strings.ToUpper(ws)}
	var stdout, stderr bytes.Buffer
	resource := "p0000000-0000-4000-8000-000000000000:pipeline"
	if code := simulate([]string{"--user-token", "user-token", "--resource", resource}, func(k string) string { return env[k] }, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "PATCH /workspace_status: 200, status reported (server_url , version 0.98.0)") {
		t.Errorf("a report answered with something other than a workspace:\n%s", stdout.String())
	}
	var got []string
	for _, r := range requests {
		got = append(got, r.method+" "+r.path)
	}
	if want := "POST /api/v1/auth/login,PATCH /api/v1/workspace_status,POST /api/v1/auth/login,PATCH /api/v1/workspace_status," +
		"GET /api/v1/users/authorize_server,POST /api/v1/rbac/check_permissions"; strings.Join(got, ",") != want {
		t.Fatalf("calls %v, want %s (a 401 logs in again once)", got, want)
	}
	login, status, authorize, check := requests[0], requests[1], requests[4], requests[5]
	form, _ := url.ParseQuery(login.body)
	if form.Get("grant_type") != "client_credentials" || form.Get("client_id") != ws || form.Get("client_secret") != "key" ||
		form.Get("audience") != api || login.header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("login %v %v", form, login.header)
	}
	for _, r := range []seen{login, status, check} {
		if r.header.Get("zenml-server-id") != ws || r.header.Get("zenml-server-version") != "0.98.0" || r.header.Values("zenml-server-url") != nil {
			t.Errorf("%s %s: headers %v (zenml-server-url is sent only when ZENML_SERVER_SERVER_URL is set)", r.method, r.path, r.header)
		}
	}
	if status.body != "" || status.header.Get("Content-Type") != "" || status.header.Get("Authorization") != "Bearer server-token" {
		t.Errorf("status report: body %q, headers %v: want no body, the server's token", status.body, status.header)
	}
	if authorize.query != "server_id="+ws || authorize.header.Get("Authorization") != "Bearer user-token" || authorize.header.Get("zenml-server-id") != "" {
		t.Errorf("authorize_server: ?%s, headers %v: want the user's token only", authorize.query, authorize.header)
	}
	if check.query != "action=read&user_id=0a6f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e" || check.body != `["`+resource+`"]` ||
		check.header.Get("Content-Type") != "application/json" || check.header.Get("Authorization") != "Bearer server-token" {
		t.Errorf("check_permissions: ?%s %s %v", check.query, check.body, check.header)
	}
}
