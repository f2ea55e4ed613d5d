package mockcontrolplane

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// checks asks POST /rbac/check_permissions as the fixture's hybrid server and returns the answer.
func (f *fixture) checks(t testing.TB, server *client, userID, action string, resources ...string) map[string]bool {
	t.Helper()
	if resources == nil {
		resources = []string{}
	}
	r := server.do("POST", "/rbac/check_permissions?user_id="+userID+"&action="+action, resources, serverHeaders(f.hybridID)...).want(200)
	var out map[string]bool
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatalf("check_permissions answered %s", r.body)
	}
	return out
}

// allRBACActions is every action of ZenML's server (rbac/models.py), and one it may add later.
var allRBACActions = []string{actionCreate, actionRead, actionUpdate, actionDelete, actionReadSecretValue, actionPrune,
	actionClient, actionPromote, actionBackupRestore, actionShare, "some_future_action"}

// TestRoleActions: what each built-in workspace and project role lets one do, the table of
// API-CONTRACT.md, asked through check_permissions as a server asks.
func TestRoleActions(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	project, otherProject := newID(), newID()
	inProject := project + ":pipeline/" + newID()
	inOtherProject := otherProject + ":pipeline/" + newID()
	global := "stack/" + newID()
	secret := "secret/" + newID()
	ownProject := "project/" + project

	all := strings.Join(allRBACActions, " ")
	developer := "create read update delete read_secret_value prune client promote"
	contributor := "create read update client"
	tests := []struct {
		role, scope string // scope: "workspace" or "project"
		want        map[string]string
	}{
		{"Workspace Admin", "workspace", map[string]string{inProject: all, inOtherProject: all, global: all, secret: all, ownProject: all}},
		{"Workspace Developer", "workspace", map[string]string{inProject: developer, global: developer, secret: developer, ownProject: developer}},
		{"Workspace Contributor", "workspace", map[string]string{inProject: contributor, global: contributor, secret: contributor, ownProject: contributor}},
		{"Workspace Viewer", "workspace", map[string]string{inProject: "read", global: "read", secret: "read", ownProject: "read"}},
		{"Stack Admin", "workspace", map[string]string{inProject: "", global: all, "stack_component/" + newID(): all, "flavor": all,
			"service_connector/" + newID(): all, secret: "read read_secret_value", ownProject: ""}},
		{"Project Admin", "project", map[string]string{inProject: all, inOtherProject: "", global: "", ownProject: all}},
		{"Project Developer", "project", map[string]string{inProject: developer, inOtherProject: "", global: "", secret: "", ownProject: "read"}},
		{"Project Contributor", "project", map[string]string{inProject: contributor, inOtherProject: "", global: "", ownProject: "read"}},
		{"Project Viewer", "project", map[string]string{inProject: "read", inOtherProject: "", global: "", ownProject: "read", "project": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			user := f.addPerson(t, strings.ReplaceAll(strings.ToLower(tt.role), " ", "-")+"@example.com")
			scopeProject := ""
			if tt.scope == "project" {
				scopeProject = project
			}
			f.assign(t, tt.role, "user_id="+user, f.hybridID, scopeProject)
			for resource, granted := range tt.want {
				for _, action := range allRBACActions {
					want := slices.Contains(strings.Fields(granted), action)
					if got := f.checks(t, server, user, action, resource)[resource]; got != want {
						t.Errorf("%s, %s on %s: %v, want %v", tt.role, action, resource, got, want)
					}
				}
			}
		})
	}

	// Organization Admin and Manager may do everything in every workspace of the organization;
	// the other organization roles nothing.
	for role, want := range map[string]bool{"Organization Manager": true, "Organization Viewer": false, "Billing Admin": false} {
		user := f.addPerson(t, strings.ReplaceAll(strings.ToLower(role), " ", "-")+"@example.com")
		f.assign(t, role, "user_id="+user, "", "")
		for _, action := range allRBACActions {
			if got := f.checks(t, server, user, action, inProject)[inProject]; got != want {
				t.Errorf("%s, %s: %v, want %v", role, action, got, want)
			}
		}
	}
	// A role held through a team counts as one held directly; a role on another workspace does not.
	member := f.addPerson(t, "member@example.com")
	f.c.do("POST", "/teams/"+f.teamID+"/members?user_id="+member, nil).want(200)
	f.assign(t, "Workspace Viewer", "team_id="+f.teamID, f.hybridID, "")
	elsewhere := f.addPerson(t, "elsewhere@example.com")
	f.assign(t, "Workspace Admin", "user_id="+elsewhere, f.managedID, "")
	got := f.checks(t, server, member, "read", global)[global]
	if !got || f.checks(t, server, member, "update", global)[global] || f.checks(t, server, elsewhere, "read", global)[global] {
		t.Error("a team's role counts for its members, a role on another workspace does not")
	}
}

// TestCustomRoleActions: a custom role grants through its permissions (API-CONTRACT.md, the
// catalogue's resources and actions as ZenML's).
func TestCustomRoleActions(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	project := newID()
	newRole := func(name, level string, permissions ...string) string {
		id := f.c.do("POST", "/roles", obj{"organization_id": f.org, "name": name, "level": level, "permissions": permissions}).want(200).id()
		f.roleIDs[name] = id
		return id
	}
	newRole("Pipeline Operator", "workspace", "workspace:read", "project:read", "stack:read", "component:read", "service_connector:use")
	newRole("Runner", "project", "pipeline:read", "pipeline:run", "model:update", "run:delete", "project:update")
	newRole("Sharer", "workspace", "workspace:share")
	operator, runner, sharer := f.addPerson(t, "op@example.com"), f.addPerson(t, "run@example.com"), f.addPerson(t, "share@example.com")
	f.assign(t, "Pipeline Operator", "user_id="+operator, f.hybridID, "")
	f.assign(t, "Runner", "user_id="+runner, f.hybridID, project)
	f.assign(t, "Sharer", "user_id="+sharer, f.hybridID, "")
	pipeline := project + ":pipeline/" + newID()
	for _, tc := range []struct {
		user, action, resource string
		want                   bool
	}{
		{operator, "read", "stack/" + newID(), true},
		{operator, "read", "stack_component", true},
		{operator, "read", "flavor/" + newID(), true},
		{operator, "client", "service_connector/" + newID(), true},
		{operator, "read", "service_connector/" + newID(), false},
		{operator, "update", "stack/" + newID(), false},
		{operator, "read", "project/" + project, true},
		{operator, "read", pipeline, false}, // workspace-level permissions name no project resources
		{operator, "read", "secret/" + newID(), false},
		{runner, "read", pipeline, true},
		{runner, "read", project + ":pipeline_snapshot/" + newID(), true},
		{runner, "create", project + ":pipeline_run", true}, // pipeline:run
		{runner, "create", project + ":pipeline", false},
		{runner, "promote", project + ":model_version/" + newID(), true}, // model:update
		{runner, "update", project + ":model/" + newID(), true},
		{runner, "delete", project + ":pipeline_run/" + newID(), true},
		{runner, "prune", project + ":step_run", true},
		{runner, "update", "project/" + project, true}, // a custom project role may change its project
		{runner, "read", newID() + ":pipeline/" + newID(), false},
		{sharer, "share", pipeline, true},
		{sharer, "share", "secret/" + newID(), true},
		{sharer, "read", pipeline, false},
	} {
		if got := f.checks(t, server, tc.user, tc.action, tc.resource)[tc.resource]; got != tc.want {
			t.Errorf("user %s, %s on %s: %v, want %v", tc.user, tc.action, tc.resource, got, tc.want)
		}
	}
	// A custom role holding no permission still makes its holder reach the workspace.
	newRole("Nothing", "workspace")
	nobody := f.addPerson(t, "nobody@example.com")
	f.assign(t, "Nothing", "user_id="+nobody, f.hybridID, "")
	f.asUser(t, nobody).get("/users/authorize_server?server_id=" + f.hybridID).want(200)
}

// TestBuiltinRolePermissionsMatchTheirGrants: a built-in role's permission list (GET /roles) and
// what it lets one do on a server agree: read through the catalogue's mapping, each permission it
// holds is allowed in full, and each it does not hold is refused at least in part.
func TestBuiltinRolePermissionsMatchTheirGrants(t *testing.T) {
	for _, b := range builtinRoles {
		if b.level == levelOrganization {
			continue
		}
		role := &Role{Name: b.name, Level: b.level, Permissions: builtinPermissions(b), SystemManaged: true}
		g := roleGrant(role)
		custom := customRoleGrant(role)
		project := ""
		if b.level == levelProject {
			project = newID()
			g.project, custom.project = project, project
		}
		for _, p := range permissionCatalogue {
			if p.Level != b.level {
				continue
			}
			one := customRoleGrant(&Role{Permissions: []string{p.Name}})
			one.project = project
			var pairs [][2]string
			for typ, actions := range one.typed {
				for a := range actions {
					pairs = append(pairs, [2]string{typ, a})
				}
			}
			for a := range one.actions { // on every resource type: try three of them
				for _, typ := range []string{"stack", "secret", "pipeline"} {
					pairs = append(pairs, [2]string{typ, a})
				}
			}
			if len(pairs) == 0 {
				continue // workspace:read, :update, :delete are about the control plane
			}
			held, allowed := slices.Contains(role.Permissions, p.Name), 0
			for _, pair := range pairs {
				r := rbacResource{typ: pair[0], id: newID()}
				if project != "" {
					r.project = project
					if pair[0] == "project" {
						r = rbacResource{typ: "project", id: project}
					}
				}
				if g.allows(r, pair[1]) {
					allowed++
				}
				if held != custom.allows(r, pair[1]) {
					t.Errorf("%s as a custom role disagrees on %s %s", b.name, pair[1], pair[0])
				}
			}
			if held && allowed != len(pairs) || !held && allowed == len(pairs) {
				t.Errorf("%s: holds %s = %v, but its grant allows %d of %v", b.name, p.Name, held, allowed, pairs)
			}
		}
	}
}

// TestCheckPermissionsAnswers: the answer has exactly the resources asked, as written; bad
// requests are refused, naming what is wrong; a user the mock does not know may do nothing.
func TestCheckPermissionsAnswers(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	admin := f.addPerson(t, "admin@example.com")
	f.assign(t, "Workspace Admin", "user_id="+admin, f.hybridID, "")
	project := newID()
	asked := []string{"stack", strings.ToUpper(project) + ":pipeline/" + strings.ToUpper(newID()), "stack", "flavor/" + newID()}
	got := f.checks(t, server, admin, "read", asked...)
	if len(got) != 3 || !got[asked[0]] || !got[asked[1]] || !got[asked[3]] {
		t.Fatalf("answer %v, want exactly the three distinct resources asked, as written", got)
	}
	if got := f.checks(t, server, admin, "read"); len(got) != 0 {
		t.Fatalf("no resources: %v", got)
	}
	if got := f.checks(t, server, newID(), "read", "stack"); got["stack"] {
		t.Fatal("an unknown user may do something")
	}
	path := "/rbac/check_permissions?user_id=" + admin + "&action=read"
	for _, tc := range []struct {
		path, body, want string
	}{
		{"/rbac/check_permissions?action=read", `["stack"]`, "user_id is required"},
		{"/rbac/check_permissions?user_id=nope&action=read", `["stack"]`, "user_id must be a UUID"},
		{"/rbac/check_permissions?user_id=" + admin, `["stack"]`, "action"},
		{"/rbac/check_permissions?user_id=" + admin + "&action=Read!", `["stack"]`, "action"},
		{path, `{"resources":["stack"]}`, "JSON list"},
		{path, `["stack",1]`, "JSON list"},
		{path, `["stack/nope"]`, `"stack/nope"`},
		{path, `["nope:stack"]`, `"nope:stack"`},
		{path, `["Stack"]`, `"Stack"`},
		{path, `[] []`, "single JSON list"},
	} {
		if _, msg := server.do("POST", tc.path, tc.body).want(422).errorPair(); !strings.Contains(msg, tc.want) {
			t.Errorf("POST %s %s: %q, want it to mention %q", tc.path, tc.body, msg, tc.want)
		}
	}
}

// TestAllowedResourceIDs: full access through a role, else the ids shared with the user.
func TestAllowedResourceIDs(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	h := serverHeaders(f.hybridID)
	project := newID()
	admin, viewer, projectDev := f.addPerson(t, "admin@example.com"), f.addPerson(t, "viewer@example.com"), f.addPerson(t, "dev@example.com")
	f.assign(t, "Workspace Admin", "user_id="+admin, f.hybridID, "")
	f.assign(t, "Workspace Viewer", "user_id="+viewer, f.hybridID, "")
	f.assign(t, "Project Developer", "user_id="+projectDev, f.hybridID, project)
	ids := func(user, resource, action string) (bool, []string) {
		r := server.do("GET", "/rbac/allowed_resource_ids?user_id="+user+"&resource="+resource+"&action="+action, nil, h...).want(200)
		var out struct {
			FullAccess *bool     `json:"full_access"`
			IDs        *[]string `json:"ids"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil || out.FullAccess == nil || out.IDs == nil {
			t.Fatalf("answer %s: want {full_access, ids}", r.body)
		}
		return *out.FullAccess, *out.IDs
	}
	if full, _ := ids(admin, "stack", "delete"); !full {
		t.Error("Workspace Admin: full access to delete stacks")
	}
	if full, got := ids(viewer, "stack", "update"); full || len(got) != 0 {
		t.Errorf("Workspace Viewer updating stacks: %v %v", full, got)
	}
	if full, _ := ids(projectDev, project+":pipeline", "update"); !full {
		t.Error("Project Developer: full access to its project's pipelines")
	}
	if full, _ := ids(projectDev, newID()+":pipeline", "read"); full {
		t.Error("Project Developer: access to another project's pipelines")
	}
	if full, got := ids(projectDev, "project", "read"); full || !slices.Equal(got, []string{project}) {
		t.Errorf("Project Developer listing projects: %v %v, want its own project only", full, got)
	}
	// Shares: the viewer may update two stacks shared with it, and nothing else.
	a, b := newID(), newID()
	for _, stack := range []string{b, a} {
		server.do("POST", "/rbac/resource_members", obj{"user_id": viewer, "sharing_user_id": admin, "resource": "stack/" + stack, "actions": []string{"read", "update"}}, h...).want(200)
	}
	want := []string{a, b}
	slices.Sort(want)
	if full, got := ids(viewer, "stack", "update"); full || !slices.Equal(got, want) {
		t.Errorf("shared stacks: %v %v, want %v", full, got, want)
	}
	if _, got := ids(viewer, "stack", "delete"); len(got) != 0 {
		t.Errorf("shared for read and update, not delete: %v", got)
	}
	server.do("GET", "/rbac/allowed_resource_ids?user_id="+viewer+"&resource=stack/"+a+"&action=read", nil, h...).want(422)
	server.do("GET", "/rbac/allowed_resource_ids?user_id="+viewer+"&action=read", nil, h...).want(422)
}

// TestUserTeamIDs: the teams of the workspace's organization the user belongs to.
func TestUserTeamIDs(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	second := f.c.do("POST", "/teams", obj{"organization_id": f.org, "name": "second"}).want(200).id()
	f.c.do("POST", "/teams", obj{"organization_id": f.org, "name": "third"}).want(200)
	for _, team := range []string{second, f.teamID} {
		f.c.do("POST", "/teams/"+team+"/members?user_id="+f.userID, nil).want(200)
	}
	var got []string
	_ = json.Unmarshal(server.get("/rbac/user_team_ids?user_id="+f.userID).want(200).body, &got)
	if !slices.Equal(got, []string{f.teamID, second}) {
		t.Fatalf("team ids %v, want %v", got, []string{f.teamID, second})
	}
	if r := server.get("/rbac/user_team_ids?user_id=" + newID()).want(200); string(r.body) != "[]" {
		t.Fatalf("an unknown user's teams: %s", r.body)
	}
	server.get("/rbac/user_team_ids").want(422)
}

// TestShares: POST /rbac/resource_members records a share that check_permissions honours, for a
// user or a team; only a user who may share a resource shares it; an empty list, deleting the
// resource, or deleting the workspace takes shares away; shares persist with the state.
func TestShares(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	h := serverHeaders(f.hybridID)
	project := newID()
	pipeline := project + ":pipeline/" + newID()
	admin, viewer, member := f.addPerson(t, "admin@example.com"), f.addPerson(t, "viewer@example.com"), f.addPerson(t, "member@example.com")
	f.assign(t, "Workspace Admin", "user_id="+admin, f.hybridID, "")
	f.assign(t, "Workspace Viewer", "user_id="+viewer, f.hybridID, "")
	f.c.do("POST", "/teams/"+f.teamID+"/members?user_id="+member, nil).want(200)
	share := func(body obj) *result { return server.do("POST", "/rbac/resource_members", body, h...) }

	if f.checks(t, server, viewer, "update", pipeline)[pipeline] {
		t.Fatal("a viewer updates before any share")
	}
	got := share(obj{"user_id": viewer, "team_id": nil, "sharing_user_id": admin, "resource": pipeline, "actions": []string{"update", "read", "update"}}).want(200).obj()
	if got["resource"] != pipeline || got["user_id"] != viewer || got["team_id"] != nil || fmt.Sprint(got["actions"]) != "[read update]" {
		t.Fatalf("share answer %v", got)
	}
	if !f.checks(t, server, viewer, "update", pipeline)[pipeline] || f.checks(t, server, viewer, "delete", pipeline)[pipeline] {
		t.Fatal("the share grants update, and only what it lists")
	}
	other := project + ":pipeline/" + newID()
	if f.checks(t, server, viewer, "update", other)[other] {
		t.Fatal("a share grants on that one resource only")
	}
	share(obj{"team_id": f.teamID, "sharing_user_id": admin, "resource": pipeline, "actions": []string{"delete"}}).want(200)
	if !f.checks(t, server, member, "delete", pipeline)[pipeline] {
		t.Fatal("a team's share counts for its members")
	}
	// The sharing user must be allowed to share.
	if _, msg := share(obj{"user_id": member, "sharing_user_id": viewer, "resource": pipeline, "actions": []string{"read"}}).want(403).errorPair(); !strings.Contains(msg, "may not share") {
		t.Fatalf("a viewer shares: %q", msg)
	}
	state := f.s.Snapshot()
	if len(state.ResourceShares) != 2 || state.ResourceShares[0].Resource != pipeline {
		t.Fatalf("shares in the state %+v", state.ResourceShares)
	}
	restored := storeFromState(state).toState(f.s.now(), 0)
	if fmt.Sprint(restored.ResourceShares) != fmt.Sprint(state.ResourceShares) {
		t.Fatal("shares do not survive a save and load")
	}
	// An empty list takes the share back; deleting the resource drops every share of it.
	share(obj{"user_id": viewer, "sharing_user_id": admin, "resource": pipeline, "actions": []string{}}).want(200)
	if f.checks(t, server, viewer, "update", pipeline)[pipeline] {
		t.Fatal("an empty list did not take the share back")
	}
	upper := strings.ToUpper(project) + ":pipeline/" + strings.ToUpper(strings.TrimPrefix(pipeline, project+":pipeline/"))
	server.do("DELETE", "/rbac/resources?resources="+other+"&resources="+upper, nil, h...).want(200).null()
	if f.checks(t, server, member, "delete", pipeline)[pipeline] || len(f.s.Snapshot().ResourceShares) != 0 {
		t.Fatal("DELETE /rbac/resources kept a share")
	}
	share(obj{"user_id": viewer, "sharing_user_id": admin, "resource": pipeline, "actions": []string{"read"}}).want(200)
	f.c.do("DELETE", "/workspaces/"+f.hybridID, nil).want(200)
	if n := len(f.s.Snapshot().ResourceShares); n != 0 {
		t.Fatalf("%d shares outlive their workspace", n)
	}
}

// TestShareValidation: what POST /rbac/resource_members and DELETE /rbac/resources refuse.
func TestShareValidation(t *testing.T) {
	f := newFixture(t)
	server := f.asServer(t)
	h := serverHeaders(f.hybridID)
	admin := f.addPerson(t, "admin@example.com")
	f.assign(t, "Workspace Admin", "user_id="+admin, f.hybridID, "")
	stack := "stack/" + newID()
	other, _, err := f.s.AddOrganization("other")
	if err != nil {
		t.Fatal(err)
	}
	stranger := f.addPerson(t, "stranger@example.com")
	f.c.do("DELETE", "/organizations/"+f.org+"/members?user_id="+stranger, nil).want(200)
	_ = other
	for _, tc := range []struct {
		body obj
		want string
	}{
		{obj{"user_id": f.userID, "team_id": f.teamID, "sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "exactly one"},
		{obj{"sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "one of user_id and team_id"},
		{obj{"user_id": "nope", "sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "user_id must be a UUID"},
		{obj{"user_id": f.userID, "resource": stack, "actions": []string{"read"}}, "sharing_user_id"},
		{obj{"user_id": f.userID, "sharing_user_id": admin, "actions": []string{"read"}}, "resource is required"},
		{obj{"user_id": f.userID, "sharing_user_id": admin, "resource": "stack", "actions": []string{"read"}}, "one resource"},
		{obj{"user_id": f.userID, "sharing_user_id": admin, "resource": "stack/x", "actions": []string{"read"}}, `"stack/x"`},
		{obj{"user_id": f.userID, "sharing_user_id": admin, "resource": stack}, "actions is required"},
		{obj{"user_id": f.userID, "sharing_user_id": admin, "resource": stack, "actions": []string{"Read"}}, `"Read"`},
		{obj{"user_id": newID(), "sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "not a member"},
		{obj{"user_id": stranger, "sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "not a member"},
		{obj{"team_id": newID(), "sharing_user_id": admin, "resource": stack, "actions": []string{"read"}}, "team_id"},
	} {
		if _, msg := server.do("POST", "/rbac/resource_members", tc.body, h...).want(422).errorPair(); !strings.Contains(msg, tc.want) {
			t.Errorf("%v: %q, want it to mention %q", tc.body, msg, tc.want)
		}
	}
	server.do("DELETE", "/rbac/resources", nil, h...).want(422)
	server.do("DELETE", "/rbac/resources?resources=stack/nope", nil, h...).want(422)
}

// TestRoleTableMatchesTheContract: the role-to-action table of API-CONTRACT.md is the one the
// mock answers by.
func TestRoleTableMatchesTheContract(t *testing.T) {
	data, err := os.ReadFile("../../API-CONTRACT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, found := strings.Cut(string(data), "| action | Admin | Developer | Contributor | Viewer |\n|---|---|---|---|---|\n")
	if !found {
		t.Fatal("API-CONTRACT.md has no role-to-action table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	roles := []string{"Admin", "Developer", "Contributor", "Viewer"}
	seen := map[string]bool{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 5 {
			t.Fatalf("row %q", line)
		}
		actions := regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(cells[0], -1)
		var names []string
		for _, a := range actions {
			names = append(names, a[1])
		}
		if strings.Contains(cells[0], "any other action") {
			names = append(names, "some_future_action")
		}
		for _, action := range names {
			seen[action] = true
			for i, role := range roles {
				want := cells[i+1] == "yes"
				for _, level := range []string{"Workspace ", "Project "} {
					r := rbacResource{project: newID(), typ: "pipeline", id: newID()}
					g := builtinRoleGrants[level+role]
					g.project = r.project
					if got := g.allows(r, action); got != want {
						t.Errorf("%s%s, %s: the mock says %v, the contract %q", level, role, action, got, cells[i+1])
					}
				}
			}
		}
	}
	for _, action := range allRBACActions {
		if !seen[action] {
			t.Errorf("the contract's table has no row for %s", action)
		}
	}
}
