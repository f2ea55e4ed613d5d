package mockcontrolplane

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestBuiltinRoles(t *testing.T) {
	f := newFixture(t)
	c := f.c
	want := map[string][]string{
		"organization": {"Organization Admin", "Organization Manager", "Organization Viewer", "Billing Admin", "Organization Member"},
		"workspace":    {"Workspace Admin", "Workspace Developer", "Workspace Contributor", "Workspace Viewer", "Stack Admin"},
		"project":      {"Project Admin", "Project Developer", "Project Contributor", "Project Viewer"},
	}
	for level, names := range want {
		var got []string
		for _, r := range c.get("/organizations/" + f.org + "/roles?level=" + level).want(200).list() {
			if r["system_managed"] != true || r["level"] != level || len(r["permissions"].([]any)) == 0 {
				t.Fatalf("built-in role %v", r)
			}
			got = append(got, r["name"].(string))
		}
		if !slices.Equal(got, names) {
			t.Fatalf("%s roles %v, want %v", level, got, names)
		}
	}
	if l := c.get("/organizations/" + f.org + "/roles?name=Stack%20Admin").want(200).list(); len(l) != 1 {
		t.Fatalf("name filter %v", l)
	}
	c.get("/organizations/" + f.org + "/roles?level=team").want(422)
	admin := f.roleIDs["Organization Admin"]
	c.do("PATCH", "/roles/"+admin, obj{"description": "x"}).want(403)
	c.do("DELETE", "/roles/"+admin, nil).want(403)

	// Every organization has its own copies.
	otherOrg, _, _ := f.s.AddOrganization("second")
	var ids []string
	for _, r := range f.s.Snapshot().Roles {
		if r.Name == "Organization Admin" {
			ids = append(ids, r.OrganizationID)
		}
	}
	if len(ids) != 2 || !slices.Contains(ids, otherOrg) {
		t.Fatalf("Organization Admin copies per organization: %v", ids)
	}
}

func TestPermissions(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	for _, level := range []string{"organization", "workspace", "project"} {
		l := c.get("/permissions?limit=1000&level=" + level).want(200).list()
		if len(l) < 15 || len(l) > 25 {
			t.Fatalf("%d %s permissions, want 15-25", len(l), level)
		}
		for _, p := range l {
			if p["level"] != level || p["description"] == "" || !strings.Contains(p["name"].(string), ":") {
				t.Fatalf("permission %v", p)
			}
		}
	}
	if l := c.get("/permissions").want(200).list(); len(l) != 20 {
		t.Fatalf("the default page holds %d, want 20", len(l))
	}
	c.get("/permissions?level=cluster").want(422)
}

func TestCustomRoles(t *testing.T) {
	f := newFixture(t)
	c := f.c
	body := obj{"organization_id": f.org, "name": "Deployer", "description": "d", "level": "workspace", "permissions": []string{"stack:read", "secret:read"}}
	role := c.do("POST", "/roles", body).want(200).obj()
	id := role["id"].(string)
	if role["system_managed"] != false || fmt.Sprint(role["permissions"]) != "[stack:read secret:read]" {
		t.Fatalf("created %v", role)
	}
	c.do("POST", "/roles", body).want(409)
	c.do("POST", "/roles", obj{"organization_id": f.org, "name": "Workspace Admin", "level": "workspace"}).want(409)

	tests := []struct {
		name  string
		body  obj
		field string
	}{
		{"unknown permission", obj{"organization_id": f.org, "name": "x", "level": "workspace", "permissions": []string{"stack:fly"}}, "stack:fly"},
		{"permission of another level", obj{"organization_id": f.org, "name": "x", "level": "project", "permissions": []string{"stack:read"}}, "stack:read"},
		{"duplicate permission", obj{"organization_id": f.org, "name": "x", "level": "project", "permissions": []string{"run:read", "run:read"}}, "run:read"},
		{"bad level", obj{"organization_id": f.org, "name": "x", "level": "team"}, "level"},
		{"missing level", obj{"organization_id": f.org, "name": "x"}, "level"},
		{"bad name", obj{"organization_id": f.org, "name": " x", "level": "project"}, "name"},
		{"permissions of wrong type", obj{"organization_id": f.org, "name": "x", "level": "project", "permissions": "run:read"}, "permissions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := c.do("POST", "/roles", tt.body).want(422); !strings.Contains(r.detail(), tt.field) {
				t.Fatalf("detail %q does not name %q", r.detail(), tt.field)
			}
		})
	}

	c.do("PATCH", "/roles/"+id, obj{"level": "project"}).want(422)
	c.do("PATCH", "/roles/"+id, obj{"permissions": []string{"pipeline:run"}}).want(422)
	c.do("PATCH", "/roles/"+id, obj{"name": "Stack Admin"}).want(409)
	got := c.do("PATCH", "/roles/"+id, obj{"name": "Deployer 2", "permissions": []string{}}).want(200).obj()
	if got["name"] != "Deployer 2" || fmt.Sprint(got["permissions"]) != "[]" || got["description"] != "d" {
		t.Fatalf("after PATCH %v", got)
	}
	c.do("POST", "/roles/"+id+"/assignments?user_id="+f.userID+"&workspace_id="+f.hybridID, nil).want(200)
	c.do("DELETE", "/roles/"+id, nil).want(200).null()
	c.get("/roles/" + id).want(404)
	if n := len(f.s.Snapshot().Assignments); n != 2 { // seeded admin key, seeded user, nothing of the deleted role
		t.Fatalf("%d assignments left, want 2", n)
	}
}

func TestAssignmentScopes(t *testing.T) {
	f := newFixture(t)
	c := f.c
	saID := f.newServiceAccount(t, "bot", "Organization Member")
	inv := c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "new@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	project := newID()
	orgRole, wsRole, projRole := f.roleIDs["Organization Viewer"], f.roleIDs["Workspace Developer"], f.roleIDs["Project Viewer"]
	ws := "&workspace_id=" + f.hybridID
	tests := []struct {
		name, role, query string
		status            int
	}{
		{"org role to user", orgRole, "user_id=" + f.userID, 200},
		{"org role to team", orgRole, "team_id=" + f.teamID, 200},
		{"org role to invitation", orgRole, "invitation_id=" + inv, 200},
		{"org role to service account", orgRole, "user_id=" + saID, 200},
		{"service_account_id", orgRole, "service_account_id=" + saID, 422},
		{"org role with workspace", orgRole, "user_id=" + f.userID + ws, 422},
		{"ws role to user", wsRole, "user_id=" + f.userID + ws, 200},
		{"ws role to team", wsRole, "team_id=" + f.teamID + ws, 200},
		{"ws role without workspace", wsRole, "user_id=" + f.userID, 422},
		{"ws role with project", wsRole, "user_id=" + f.userID + ws + "&project_id=" + project, 422},
		{"project role", projRole, "user_id=" + f.userID + ws + "&project_id=" + project, 200},
		{"project role without project", projRole, "user_id=" + f.userID + ws, 422},
		{"project role without workspace", projRole, "user_id=" + f.userID + "&project_id=" + project, 422},
		{"duplicate", orgRole, "user_id=" + f.userID, 409},
		{"no subject", orgRole, "", 422},
		{"two subjects", orgRole, "user_id=" + f.userID + "&team_id=" + f.teamID, 422},
		{"malformed subject", orgRole, "user_id=nope", 422},
		{"malformed workspace", wsRole, "user_id=" + f.userID + "&workspace_id=nope", 422},
		{"unknown user", orgRole, "user_id=" + newID(), 422},
		{"unknown team", orgRole, "team_id=" + newID(), 422},
		{"unknown workspace", wsRole, "user_id=" + f.userID + "&workspace_id=" + newID(), 422},
		{"unknown role", newID(), "user_id=" + f.userID, 404},
		{"malformed role", "nope", "user_id=" + f.userID, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/roles/"+tt.role+"/assignments?"+tt.query, nil).want(tt.status)
			if tt.status != 200 {
				return
			}
			a := r.obj()
			subjects := 0
			for _, k := range []string{"user", "team", "invitation"} {
				if a[k] != nil {
					subjects++
				}
			}
			if subjects != 1 || a["role"].(map[string]any)["id"] != tt.role {
				t.Fatalf("assignment %v", a)
			}
		})
	}
	// Lists: all scopes without workspace_id, one workspace (and project) with it.
	if l := c.get("/roles/" + projRole + "/assignments").want(200).list(); len(l) != 1 || l[0]["project_id"] != project {
		t.Fatalf("all assignments %v", l)
	}
	if l := c.get("/roles/" + wsRole + "/assignments?workspace_id=" + f.managedID).want(200).list(); len(l) != 0 {
		t.Fatalf("other workspace %v", l)
	}
	if l := c.get("/roles/" + projRole + "/assignments?workspace_id=" + f.hybridID + "&project_id=" + newID()).want(200).list(); len(l) != 0 {
		t.Fatalf("other project %v", l)
	}
	c.get("/roles/" + projRole + "/assignments?project_id=" + project).want(422)
	if l := c.get("/roles/" + orgRole + "/assignments").want(200).list(); len(l) != 4 {
		t.Fatalf("organization role assignments %v", l)
	}
	// The calls take no body: an empty one and {} both work.
	c.do("DELETE", "/roles/"+orgRole+"/assignments?team_id="+f.teamID, "{}").want(200).null()
	c.do("POST", "/roles/"+orgRole+"/assignments?team_id="+f.teamID, "").want(200)
	c.do("DELETE", "/roles/"+orgRole+"/assignments?team_id="+f.teamID, "").want(200).null()
	c.do("POST", "/roles/"+orgRole+"/assignments?team_id="+f.teamID, "{}").want(200)
	c.do("DELETE", "/roles/"+wsRole+"/assignments?user_id="+f.userID+ws, nil).want(200)
	c.do("DELETE", "/roles/"+wsRole+"/assignments?user_id="+f.userID+ws, nil).want(404)
	c.do("DELETE", "/roles/"+wsRole+"/assignments?user_id="+f.userID, nil).want(422)
	// Deleting a workspace takes its assignments along.
	c.do("DELETE", "/workspaces/"+f.hybridID, nil).want(200)
	if l := c.get("/roles/" + wsRole + "/assignments").want(200).list(); len(l) != 0 {
		t.Fatalf("assignments of a deleted workspace %v", l)
	}
}
