package mockcontrolplane

import (
	"fmt"
	"strings"
	"testing"
)

func TestOrganizationCRUD(t *testing.T) {
	s := newTestServer(t, Options{Organization: "seeded"})
	c := admin(t, s)
	seeded := c.get("/organizations/" + s.OrganizationID()).want(200).obj()
	if seeded["name"] != "seeded" || seeded["owner"] != nil || seeded["has_active_subscription"] != false {
		t.Fatalf("seeded organization %v", seeded)
	}
	c.get("/organizations/seeded").want(200) // by name

	created := c.do("POST", "/organizations", obj{"name": "Second Org", "description": "d", "trusted_domains": []string{"example.com"}}).want(200).obj()
	id := created["id"].(string)
	if created["name"] != "Second Org" {
		t.Fatalf("a create answers 200 with the object: %v", created)
	}
	if l := c.get("/organizations").want(200).list(); len(l) != 2 {
		t.Fatalf("the creator must be admin of the new organization: %v", l)
	}
	c.do("POST", "/organizations", obj{"name": "Second Org"}).want(409)

	// Trusted domains: absent keeps, a list replaces, [] clears.
	got := c.do("PATCH", "/organizations/"+id, obj{"description": "new"}).want(200).obj()
	if fmt.Sprint(got["trusted_domains"]) != "[example.com]" || got["description"] != "new" {
		t.Fatalf("after PATCH without trusted_domains: %v", got)
	}
	got = c.do("PATCH", "/organizations/"+id, obj{"trusted_domains": []string{"a.example.com", "b.example.org"}}).want(200).obj()
	if fmt.Sprint(got["trusted_domains"]) != "[a.example.com b.example.org]" {
		t.Fatalf("replace: %v", got["trusted_domains"])
	}
	got = c.do("PATCH", "/organizations/"+id, obj{"trusted_domains": []string{}}).want(200).obj()
	if fmt.Sprint(got["trusted_domains"]) != "[]" {
		t.Fatalf("clear: %v", got["trusted_domains"])
	}
	c.do("PATCH", "/organizations/"+id, obj{"name": "seeded"}).want(409)

	// Delete: 409 while a workspace lives, then everything goes.
	wsID := c.do("POST", "/workspaces", obj{"name": "w1", "organization_id": id, "is_managed": true}).want(200).id()
	if class, _ := c.do("DELETE", "/organizations/"+id, nil).want(409).errorPair(); class != "EntityExistsError" {
		t.Fatalf("409 class %q", class)
	}
	c.do("DELETE", "/workspaces/"+wsID, nil).want(200).null()
	c.do("DELETE", "/organizations/"+id, nil).want(200).null()
	if class, msg := c.get("/organizations/" + id).want(404).errorPair(); class != "KeyError" || msg != "'organization not found'" {
		t.Fatalf("404 of an object: %q %q, want KeyError and a message in single quotes", class, msg)
	}
	c.do("DELETE", "/organizations/"+id, nil).want(404)
	c.get("/organizations/not-a-uuid-or-name").want(404)
	c.do("PATCH", "/organizations/not-a-uuid", obj{}).want(404)
}

func TestOrganizationValidation(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	tests := []struct {
		name  string
		body  any
		field string
	}{
		{"missing name", obj{}, "name"},
		{"empty name", obj{"name": ""}, "name"},
		{"leading space", obj{"name": " x"}, "name"},
		{"too long", obj{"name": strings.Repeat("a", 65)}, "name"},
		{"bad char", obj{"name": "a/b"}, "name"},
		{"long description", obj{"name": "ok", "description": strings.Repeat("d", 1001)}, "description"},
		{"uppercase domain", obj{"name": "ok", "trusted_domains": []string{"Example.com"}}, "trusted_domains"},
		{"domain without dot", obj{"name": "ok", "trusted_domains": []string{"localhost"}}, "trusted_domains"},
		{"duplicate domain", obj{"name": "ok", "trusted_domains": []string{"a.io", "a.io"}}, "trusted_domains"},
		{"name of wrong type", obj{"name": 5}, "name"},
		{"domains of wrong type", obj{"name": "ok", "trusted_domains": "a.io"}, "trusted_domains"},
		{"malformed JSON", `{"name": `, "JSON"},
		{"not an object", `["name"]`, "object"},
		{"two objects", `{"name":"a"}{"name":"b"}`, "single"},
		{"empty body", ``, "object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/organizations", tt.body).want(422)
			if !strings.Contains(r.detail(), tt.field) {
				t.Fatalf("detail %q does not name %q", r.detail(), tt.field)
			}
		})
	}
	c.do("POST", "/organizations", obj{"name": "Ok_name.1-2 x", "unknown": true}).want(200)
}

func TestOrganizationIsolation(t *testing.T) {
	f := newFixture(t)
	saID := f.newServiceAccount(t, "bot", "Organization Viewer")
	otherOrg, otherKey, err := f.s.AddOrganization("other")
	if err != nil {
		t.Fatal(err)
	}
	other := loginAs(t, f.s, otherKey)
	// Every object of the first organization is a 404 for the second one's admin, never a 403.
	for _, path := range []string{
		"/organizations/" + f.org, "/organizations/acme", "/organizations/" + f.org + "/members",
		"/organizations/" + f.org + "/teams", "/organizations/" + f.org + "/roles",
		"/organizations/" + f.org + "/invitations", "/organizations/" + f.org + "/sso",
		"/organizations/" + f.org + "/service_accounts", f.saPath(saID), f.saPath(saID) + "/api_keys",
		"/organizations/" + otherOrg + "/service_accounts/" + saID, "/teams/" + f.teamID, "/teams/" + f.teamID + "/members",
		"/workspaces/" + f.hybridID, "/roles/" + f.roleIDs["Organization Admin"], "/users/" + f.userID,
		"/roles/" + f.roleIDs["Organization Admin"] + "/assignments",
	} {
		other.get(path).want(404)
	}
	other.do("PATCH", "/teams/"+f.teamID, obj{"name": "x"}).want(404)
	other.do("DELETE", "/workspaces/"+f.hybridID, nil).want(404)
	other.do("POST", "/teams", obj{"organization_id": f.org, "name": "x"}).want(404)
	other.do("POST", "/roles/"+f.roleIDs["Workspace Admin"]+"/assignments?user_id="+f.userID+"&workspace_id="+f.hybridID, nil).want(404)
	other.do("PATCH", "/organizations/"+otherOrg+"/service_accounts/"+saID, obj{"active": false}).want(404)
	for _, q := range []string{"", "?is_managed=false"} {
		if l := other.get("/workspaces" + q).want(200).list(); len(l) != 0 {
			t.Fatalf("workspaces of another organization are listed: %v", l)
		}
	}
	if l := other.get("/users?email=ann@example.com").want(200).list(); len(l) != 0 {
		t.Fatalf("users of another organization are listed: %v", l)
	}
	if l := other.get("/organizations").want(200).list(); len(l) != 1 || l[0]["id"] != otherOrg {
		t.Fatalf("organizations: %v", l)
	}
	// Workspace names are global.
	other.do("POST", "/workspaces", obj{"name": "hybrid-ws", "organization_id": otherOrg, "is_managed": true}).want(409)
	other.do("POST", "/workspaces?enroll=true", obj{"name": "managed-ws", "organization_id": otherOrg}).want(409)
}

// memberSummary maps each member entry's subject id to "<type>:<role names>".
func memberSummary(t *testing.T, members []map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range members {
		kind := m["type"].(string)
		sub, ok := m[kind].(map[string]any)
		if !ok {
			t.Fatalf("member entry without its %q object: %v", kind, m)
		}
		var names []string
		for _, r := range m["roles"].([]any) {
			names = append(names, r.(map[string]any)["name"].(string))
		}
		out[sub["id"].(string)] = kind + ":" + strings.Join(names, ",")
	}
	return out
}

func TestMembers(t *testing.T) {
	f := newFixture(t)
	c := f.c
	inv := c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "bob@example.com", "role_id": f.roleIDs["Organization Viewer"]}).want(200).id()
	c.do("POST", "/roles/"+f.roleIDs["Organization Admin"]+"/assignments?team_id="+f.teamID, nil).want(200)
	saID := f.newServiceAccount(t, "robot", "Organization Viewer")
	members := memberSummary(t, c.get("/organizations/"+f.org+"/members").want(200).list())
	for id, want := range map[string]string{
		f.userID: "user:Organization Member", f.teamID: "team:Organization Admin", inv: "invitation:Organization Viewer",
		saID: "service_account:Organization Viewer",
	} {
		if members[id] != want {
			t.Fatalf("member %s = %q, want %q (all: %v)", id, members[id], want, members)
		}
	}
	for _, m := range c.get("/organizations/" + f.org + "/members").want(200).list() {
		if v, _ := m["service_account"].(map[string]any); v != nil && v["id"] == saID && (v["username"] != "robot" || v["api_key_count"] != 0.0) {
			t.Fatalf("service account member %v", v)
		}
	}

	// Removing a member drops its organization-level roles only: workspace roles and team
	// memberships stay.
	c.do("POST", "/roles/"+f.roleIDs["Workspace Viewer"]+"/assignments?user_id="+f.userID+"&workspace_id="+f.hybridID, nil).want(200)
	c.do("POST", "/roles/"+f.roleIDs["Organization Viewer"]+"/assignments?user_id="+f.userID, nil).want(200)
	c.do("POST", "/teams/"+f.teamID+"/members?user_id="+f.userID, nil).want(200)
	c.do("DELETE", "/organizations/"+f.org+"/members", nil).want(422)
	c.do("DELETE", "/organizations/"+f.org+"/members?user_id=bad", nil).want(422)
	c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+f.userID, nil).want(200).null()
	if class, _ := c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+f.userID, nil).want(404).errorPair(); class != "KeyError" {
		t.Fatalf("second removal: class %q", class)
	}
	c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+newID(), nil).want(404)
	if n := c.get("/teams/" + f.teamID).want(200).obj()["member_count"]; n != 1.0 {
		t.Fatalf("member_count after removal = %v, want 1 (team memberships stay)", n)
	}
	var left []string
	for _, a := range f.s.Snapshot().Assignments {
		if a.SubjectID == f.userID {
			left = append(left, a.RoleID)
		}
	}
	if len(left) != 1 || left[0] != f.roleIDs["Workspace Viewer"] {
		t.Fatalf("assignments left after member removal: %v, want only the workspace role", left)
	}
	if _, ok := memberSummary(t, c.get("/organizations/"+f.org+"/members").want(200).list())[f.userID]; ok {
		t.Fatal("a removed member is still listed as a member")
	}
	if l := c.get("/users?email=ANN@example.com").want(200).list(); len(l) != 0 {
		t.Fatalf("a removed member is still visible: %v", l)
	}
	// Without an organization-level role the user can be given no new role (invite them again).
	c.do("POST", "/roles/"+f.roleIDs["Organization Viewer"]+"/assignments?user_id="+f.userID, nil).want(422)

	// A service account is removed the same way; its own organization may give it a role back.
	c.do("POST", "/roles/"+f.roleIDs["Workspace Viewer"]+"/assignments?user_id="+saID+"&workspace_id="+f.hybridID, nil).want(200)
	c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+saID, nil).want(200).null()
	if _, ok := memberSummary(t, c.get("/organizations/"+f.org+"/members").want(200).list())[saID]; ok {
		t.Fatal("a removed service account is still listed")
	}
	if l := c.get("/roles/" + f.roleIDs["Workspace Viewer"] + "/assignments?workspace_id=" + f.hybridID).want(200).list(); len(l) != 2 {
		t.Fatalf("workspace assignments after removals: %v, want both kept", l)
	}
	c.do("POST", "/roles/"+f.roleIDs["Organization Member"]+"/assignments?user_id="+saID, nil).want(200)
}
