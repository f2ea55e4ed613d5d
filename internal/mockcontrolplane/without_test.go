package mockcontrolplane

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// withoutEnv is the state of a fixture saved to a file, so that servers with groups switched off
// can start from objects that only the full API can make (teams, service accounts, SSO).
type withoutEnv struct {
	path, key string
	replacer  *strings.Replacer
}

func newWithoutEnv(t *testing.T) *withoutEnv {
	t.Helper()
	f := newFixture(t)
	saID := f.newServiceAccount(t, "bot", "Organization Viewer")
	keyID := f.c.do("POST", f.saPath(saID)+"/api_keys", obj{"name": "k"}).want(200).id()
	invID := f.c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "inv@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	roleID := f.c.do("POST", "/roles", obj{"organization_id": f.org, "name": "Custom", "level": "workspace"}).want(200).id()
	f.c.do("PUT", "/organizations/"+f.org+"/sso", obj{"issuer_url": "https://id.example.com", "client_id": "c", "client_secret": "s"}).want(200)
	path := filepath.Join(t.TempDir(), "state.json")
	if err := f.s.saveTo(path); err != nil {
		t.Fatal(err)
	}
	return &withoutEnv{path: path, key: f.s.APIKey(), replacer: strings.NewReplacer(
		"/organizations/{id}", "/organizations/"+f.org, "{invitation_id}", invID, "{sa_id}", saID, "{key_id}", keyID,
		"/teams/{id}", "/teams/"+f.teamID, "/roles/{id}", "/roles/"+roleID, "/workspaces/{id}", "/workspaces/"+f.hybridID,
		"/users/{id}", "/users/"+f.userID,
	)}
}

// server starts a mock from the saved state with the given groups switched off.
func (e *withoutEnv) server(t *testing.T, without ...string) (*Server, *client) {
	t.Helper()
	s := newTestServer(t, Options{Organization: "acme", APIKeys: []string{e.key}, StatePath: e.path, Without: without})
	return s, loginAs(t, s, e.key)
}

// request turns a route pattern into a request of that method on an existing object.
func (e *withoutEnv) request(pattern string) (method, target string) {
	method, path, _ := strings.Cut(pattern, " ")
	return method, e.replacer.Replace(path)
}

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// TestWithoutGroups: every call of a switched-off group answers exactly what a route the API does
// not have answers (404 {"detail": "Not Found"}, no Allow header, with or without a token), is
// counted under its route, and nothing else changes.
func TestWithoutGroups(t *testing.T) {
	e := newWithoutEnv(t)
	_, fullClient := e.server(t)
	calls := RouteGroupCalls()
	for _, group := range RouteGroups() {
		t.Run(group, func(t *testing.T) {
			if len(calls[group]) == 0 {
				t.Fatal("a group without calls")
			}
			s, c := e.server(t, group)
			s.ResetStats()
			for _, pattern := range calls[group] {
				method, target := e.request(pattern)
				if placeholder.MatchString(target) {
					t.Fatalf("%s: no object for %s", pattern, target)
				}
				// The same request is served by a mock with every group.
				if r := fullClient.do(method, target, nil); r.status == 404 && string(r.body) == `{"detail":"Not Found"}` {
					t.Fatalf("%s %s is not served even with every group on", method, target)
				}
				for _, r := range []*result{c.do(method, target, nil), serve(t, s, httpRequest(method, target, ""))} {
					if r.status != 404 || string(r.body) != `{"detail":"Not Found"}` || r.header.Get("Allow") != "" {
						t.Fatalf("%s %s: %d %s (Allow %q), want what an unknown route answers", method, target, r.status, r.body, r.header.Get("Allow"))
					}
				}
				if n := s.Stats().Requests[pattern]["404"]; n != 2 {
					t.Fatalf("%s counted %d times as 404, want 2", pattern, n)
				}
			}
			// Everything outside the group is still served.
			for _, rt := range apiRoutes {
				if rt.group == group || rt.group == "" && rt.pattern != "GET /organizations/{id}" {
					continue
				}
				method, target := e.request(rt.pattern)
				if r := c.do(method, target, nil); r.status == 404 && string(r.body) == `{"detail":"Not Found"}` {
					t.Fatalf("%s %s (group %q) is switched off with %s", method, target, rt.group, group)
				}
			}
		})
	}
}

// TestWithoutOtherMethods: a path whose every route is switched off answers 404 for any method
// (not a 405 naming the switched-off methods); a path that keeps some routes answers 405 only
// with the methods still served.
func TestWithoutOtherMethods(t *testing.T) {
	e := newWithoutEnv(t)
	s, c := e.server(t, groupSSO, groupTeamCRUD)
	_, sso := e.request("GET /organizations/{id}/sso")
	if r := c.do("POST", sso, nil).want(404); string(r.body) != `{"detail":"Not Found"}` || r.header.Get("Allow") != "" {
		t.Fatalf("POST %s: %s, Allow %q", sso, r.body, r.header.Get("Allow"))
	}
	_, members := e.request("GET /teams/{id}/members")
	c.get(members).want(404)
	r := c.do("PUT", members, nil).want(405)
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "POST") || !strings.Contains(allow, "DELETE") || strings.Contains(allow, "GET") {
		t.Fatalf("Allow %q, want the served methods only", allow)
	}
	// Adding a member is public and stays; so do the other organization calls.
	users := c.get("/users?email=ann@example.com").want(200).list()
	c.do("POST", members+"?user_id="+users[0]["id"].(string), nil).want(200)
	c.get("/organizations/" + s.OrganizationID() + "/teams").want(200)
	c.get("/organizations/" + s.OrganizationID()).want(200)
}

// TestWithoutServiceAccountsStillLogsIn: the service_accounts group switches off the management
// calls, not the identity: its keys still log in and /users/me still answers.
func TestWithoutServiceAccountsStillLogsIn(t *testing.T) {
	e := newWithoutEnv(t)
	s, c := e.server(t, groupServiceAccounts, groupSSO)
	if me := c.get("/users/me").want(200).obj(); me["is_service_account"] != true {
		t.Fatalf("/users/me %v", me)
	}
	c.get("/organizations/" + s.OrganizationID() + "/members").want(200)
	rawLogin(t, s, url.Values{"password": {e.key}}).want(200)
}

func TestParseRouteGroups(t *testing.T) {
	got, err := ParseRouteGroups(" sso, service_accounts,,sso ")
	if err != nil || !slices.Equal(got, []string{"sso", "service_accounts"}) {
		t.Fatalf("got %v, %v", got, err)
	}
	if got, err := ParseRouteGroups(""); err != nil || len(got) != 0 {
		t.Fatalf("empty: %v, %v", got, err)
	}
	_, err = ParseRouteGroups("sso,teams")
	if err == nil || !strings.Contains(err.Error(), `"teams"`) || !strings.Contains(err.Error(), strings.Join(RouteGroups(), ", ")) {
		t.Fatalf("unknown group: %v", err)
	}
}

// TestRouteGroupsMatchTheContract: the group names are a contract scripts rely on. They are the
// names of API-CONTRACT.md's table, in its order, and each row names the calls of its group.
func TestRouteGroupsMatchTheContract(t *testing.T) {
	data, err := os.ReadFile("../../API-CONTRACT.md")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"sso", "service_accounts", "assignment_list", "team_crud", "enrollment_key_rotation",
		"role_crud", "permissions", "organization_delete", "user_read", "invitation_read"}
	if !slices.Equal(RouteGroups(), want) {
		t.Fatalf("RouteGroups() = %v, want %v", RouteGroups(), want)
	}
	// The contract writes path parameters by what they name ({org}, {id}); the mock's patterns
	// name them for the handlers ({id}, {sa_id}, ...). Compare with every parameter as {}.
	norm := func(s string) string { return placeholder.ReplaceAllString(s, "{}") }
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| (.+) \\|$")
	var names []string
	// The group table: from its header row to the first line that is not a row.
	_, table, found := strings.Cut(string(data), "| group | calls |\n")
	if !found {
		t.Fatal("API-CONTRACT.md has no table headed | group | calls |")
	}
	if end := strings.Index(table, "\n\n"); end >= 0 {
		table = table[:end]
	}
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		group, cell := m[1], norm(m[2])
		names = append(names, group)
		for _, pattern := range RouteGroupCalls()[group] {
			method, path, _ := strings.Cut(norm(pattern), " ")
			everyCall := strings.Contains(cell, "every call under `"+norm(saPath)+"`") && strings.HasPrefix(path, norm(saPath))
			if !everyCall && (!strings.Contains(cell, path) || !strings.Contains(cell, method)) {
				t.Errorf("group %s: the contract's row %q does not name %s", group, m[2], pattern)
			}
		}
	}
	if !slices.Equal(names, want) {
		t.Fatalf("API-CONTRACT.md's group table names %v, want %v", names, want)
	}
}
