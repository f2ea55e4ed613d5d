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

// detail is the message of an error answer: a string detail as is, the message of ZenML's
// ["<Class>", "<message>"] pair.
func (r *result) detail() string {
	var m map[string]any
	_ = json.Unmarshal(r.body, &m)
	switch d := m["detail"].(type) {
	case string:
		return d
	case []any:
		if len(d) == 2 {
			msg, _ := d[1].(string)
			return msg
		}
	}
	return ""
}

// errorPair returns the class and message of a {"detail": ["<Class>", "<message>"]} answer, and
// fails the test for any other shape.
func (r *result) errorPair() (class, message string) {
	r.t.Helper()
	var m struct {
		Detail []string `json:"detail"`
	}
	if err := json.Unmarshal(r.body, &m); err != nil || len(m.Detail) != 2 {
		r.t.Fatalf("%s: not a ZenML error pair: %s", r.req, r.body)
	}
	return m.Detail[0], m.Detail[1]
}

// stringDetail returns the detail of a {"detail": "<string>"} answer, and fails the test for any
// other shape.
func (r *result) stringDetail() string {
	r.t.Helper()
	var m struct {
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal(r.body, &m); err != nil || m.Detail == "" {
		r.t.Fatalf("%s: not a string detail: %s", r.req, r.body)
	}
	return m.Detail
}

// null fails the test unless the body is the JSON null (the answer of a DELETE).
func (r *result) null() *result {
	r.t.Helper()
	if string(r.body) != "null" {
		r.t.Fatalf("%s: body %q, want null", r.req, r.body)
	}
	return r
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
	f.teamID = c.do("POST", "/teams", obj{"organization_id": f.org, "name": "platform"}).want(200).id()
	h := c.do("POST", "/workspaces?enroll=true", obj{"name": "hybrid-ws", "organization_id": f.org}).want(200).obj()
	f.hybridID, f.enrollKey = h["id"].(string), h["enrollment_key"].(string)
	f.managedID = c.do("POST", "/workspaces", obj{"name": "managed-ws", "organization_id": f.org, "is_managed": true}).want(200).id()
	for _, r := range c.get("/organizations/" + f.org + "/roles?limit=100").want(200).list() {
		f.roleIDs[r["name"].(string)] = r["id"].(string)
	}
	return f
}

// scopedClient logs in as a new service account of the fixture's organization holding the given
// organization-level role ("" for none: it is made with Organization Member, which is then
// removed).
func (f *fixture) scopedClient(t testing.TB, username, role string) *client {
	t.Helper()
	initial := role
	if initial == "" {
		initial = "Organization Member"
	}
	saID := f.newServiceAccount(t, username, initial)
	key := f.c.do("POST", f.saPath(saID)+"/api_keys", obj{"name": "k"}).want(200).obj()["key"].(string)
	if role == "" {
		f.c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+saID, nil).want(200)
	}
	return loginAs(t, f.s, key)
}

// saPath is the path of the fixture organization's service accounts, or of one of them.
func (f *fixture) saPath(id ...string) string {
	p := "/organizations/" + f.org + "/service_accounts"
	for _, x := range id {
		p += "/" + x
	}
	return p
}

// newServiceAccount makes a service account of the fixture's organization with the username (also
// its name) and the initial organization-level role, and returns its id.
func (f *fixture) newServiceAccount(t testing.TB, username, role string) string {
	t.Helper()
	return f.c.do("POST", f.saPath(), obj{"name": username, "username": username, "role_id": f.roleIDs[role]}).want(200).id()
}

// httpRequest builds an unauthenticated request, for /_mock/ endpoints.
func httpRequest(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}
