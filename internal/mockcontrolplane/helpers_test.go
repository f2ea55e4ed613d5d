package mockcontrolplane

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// newTestServer builds a server with sane test defaults (no provisioning delay unless asked).
func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// result is one HTTP answer.
type result struct {
	t      testing.TB
	req    string
	status int
	body   []byte
	header http.Header
}

// want fails the test unless the status is one of the given ones.
func (r *result) want(statuses ...int) *result {
	r.t.Helper()
	for _, s := range statuses {
		if r.status == s {
			return r
		}
	}
	r.t.Fatalf("%s: status %d, want %v; body: %s", r.req, r.status, statuses, r.body)
	return r
}

func (r *result) obj() map[string]any {
	r.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		r.t.Fatalf("%s: body is not a JSON object: %v: %s", r.req, err, r.body)
	}
	return m
}

func (r *result) list() []map[string]any {
	r.t.Helper()
	var l []map[string]any
	if err := json.Unmarshal(r.body, &l); err != nil {
		r.t.Fatalf("%s: body is not a JSON list of objects: %v: %s", r.req, err, r.body)
	}
	return l
}

func (r *result) detail() string {
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	s, _ := m["detail"].(string)
	return s
}

func (r *result) id() string {
	r.t.Helper()
	id, _ := r.obj()["id"].(string)
	if id == "" {
		r.t.Fatalf("%s: no id in %s", r.req, r.body)
	}
	return id
}

// client calls a Server in-process (no network) with a bearer token.
type client struct {
	t     testing.TB
	s     *Server
	token string
}

// admin logs in with the seeded key.
func admin(t testing.TB, s *Server) *client {
	t.Helper()
	return loginAs(t, s, s.APIKey())
}

func loginAs(t testing.TB, s *Server, key string) *client {
	t.Helper()
	r := rawLogin(t, s, url.Values{"password": {key}}).want(http.StatusOK)
	tok, _ := r.obj()["access_token"].(string)
	return &client{t: t, s: s, token: tok}
}

func rawLogin(t testing.TB, s *Server, form url.Values) *result {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/auth/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(t, s, req)
}

func serve(t testing.TB, s *Server, req *http.Request) *result {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return &result{t: t, req: req.Method + " " + req.URL.String(), status: rec.Code, body: rec.Body.Bytes(), header: rec.Header()}
}

// do sends body as JSON (a string is sent as is; nil sends no body). headers are name, value pairs.
func (c *client) do(method, path string, body any, headers ...string) *result {
	c.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		data, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serve(c.t, c.s, req)
}

func (c *client) get(path string) *result { c.t.Helper(); return c.do(http.MethodGet, path, nil) }

// obj is a shorthand for JSON bodies.
type obj = map[string]any

// fixture is a small organization with one object of each kind, for tests that need them.
type fixture struct {
	s         *Server
	c         *client
	org       string
	userID    string // ann@example.com, an Organization Member
	teamID    string
	hybridID  string
	managedID string
	enrollKey string
	roleIDs   map[string]string // built-in and custom role names -> ids
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	s := newTestServer(t, Options{Organization: "acme", Users: []string{"ann@example.com"}, ProvisionDelay: -1})
	c := admin(t, s)
	f := &fixture{s: s, c: c, org: s.OrganizationID(), roleIDs: map[string]string{}}
	users := c.get("/users?email=ann@example.com").want(200).list()
	if len(users) != 1 {
		t.Fatalf("seeded user not found: %v", users)
	}
	f.userID = users[0]["id"].(string)
	f.teamID = c.do("POST", "/teams", obj{"organization_id": f.org, "name": "platform"}).want(201).id()
	h := c.do("POST", "/workspaces?enroll=true", obj{"name": "hybrid-ws", "organization_id": f.org, "is_managed": false}).want(201).obj()
	f.hybridID, f.enrollKey = h["id"].(string), h["enrollment_key"].(string)
	f.managedID = c.do("POST", "/workspaces", obj{"name": "managed-ws", "organization_id": f.org, "is_managed": true}).want(201).id()
	for _, r := range c.get("/organizations/" + f.org + "/roles?limit=100").want(200).list() {
		f.roleIDs[r["name"].(string)] = r["id"].(string)
	}
	return f
}

// scopedClient logs in as a new service account of the fixture's organization holding the given
// organization-level role ("" for none).
func (f *fixture) scopedClient(t testing.TB, name, role string) *client {
	t.Helper()
	saID := f.c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": name}).want(201).id()
	key := f.c.do("POST", "/service_accounts/"+saID+"/api_keys", obj{"name": "k"}).want(201).obj()["key"].(string)
	if role != "" {
		f.c.do("POST", "/roles/"+f.roleIDs[role]+"/assignments?service_account_id="+saID, nil).want(201)
	}
	return loginAs(t, f.s, key)
}

// httpRequest builds an unauthenticated request, for /_mock/ endpoints.
func httpRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}
