package mockcontrolplane

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestServiceAccounts(t *testing.T) {
	f := newFixture(t)
	c := f.c
	viewer := f.roleIDs["Organization Viewer"]
	sa := c.do("POST", f.saPath(), obj{"name": "CI bot", "username": "ci-bot", "description": "CI", "role_id": viewer}).want(200).obj()
	id := sa["id"].(string)
	want := obj{"id": id, "organization_id": f.org, "name": "CI bot", "username": "ci-bot", "description": "CI",
		"active": true, "last_login": nil, "api_key_count": 0.0, "created": sa["created"], "updated": sa["updated"]}
	if fmt.Sprint(sa) != fmt.Sprint(want) {
		t.Fatalf("created %v\nwant    %v", sa, want)
	}
	// The initial role is an organization-level assignment of the service account as a user.
	holders := c.get("/roles/" + viewer + "/assignments").want(200).list()
	if len(holders) != 1 || fmt.Sprint(holders[0]["user"]) != fmt.Sprint(obj{"id": id, "username": "ci-bot", "email": "ci-bot"}) {
		t.Fatalf("assignments of the initial role %v", holders)
	}

	if class, _ := c.do("POST", f.saPath(), obj{"name": "Other", "username": "ci-bot", "role_id": viewer}).want(409).errorPair(); class != "EntityExistsError" {
		t.Fatalf("duplicate username: class %q", class)
	}
	c.do("POST", f.saPath(), obj{"name": "CI bot", "username": "ci-bot-2", "role_id": viewer}).want(200) // names may repeat
	for name, tc := range map[string]struct {
		body  obj
		field string
	}{
		"missing name":         {obj{"username": "u", "role_id": viewer}, "name"},
		"name with spaces out": {obj{"name": " x", "username": "u", "role_id": viewer}, "name"},
		"name too long":        {obj{"name": strings.Repeat("n", 101), "username": "u", "role_id": viewer}, "name"},
		"missing username":     {obj{"name": "n", "role_id": viewer}, "username"},
		"space in username":    {obj{"name": "n", "username": "ci bot", "role_id": viewer}, "username"},
		"username too long":    {obj{"name": "n", "username": strings.Repeat("a", 51), "role_id": viewer}, "username"},
		"leading dot":          {obj{"name": "n", "username": ".bot", "role_id": viewer}, "username"},
		"missing role":         {obj{"name": "n", "username": "u"}, "role_id"},
		"malformed role":       {obj{"name": "n", "username": "u", "role_id": "x"}, "role_id"},
		"workspace role":       {obj{"name": "n", "username": "u", "role_id": f.roleIDs["Workspace Admin"]}, "role_id"},
		"unknown role":         {obj{"name": "n", "username": "u", "role_id": newID()}, "role_id"},
		"long description":     {obj{"name": "n", "username": "u", "role_id": viewer, "description": strings.Repeat("d", 1001)}, "description"},
		"active of wrong type": {obj{"name": "n", "username": "u", "role_id": viewer, "active": "no"}, "active"},
	} {
		t.Run(name, func(t *testing.T) {
			r := c.do("POST", f.saPath(), tc.body).want(422)
			if class, msg := r.errorPair(); class != "ValueError" || !strings.Contains(msg, tc.field) {
				t.Fatalf("%q %q does not name %q", class, msg, tc.field)
			}
		})
	}
	// A role of another organization is not one of this organization's.
	other, _, _ := f.s.AddOrganization("other")
	for _, r := range f.s.Snapshot().Roles {
		if r.OrganizationID == other && r.Name == "Organization Viewer" {
			c.do("POST", f.saPath(), obj{"name": "n", "username": "u", "role_id": r.ID}).want(422)
		}
	}
	inactive := c.do("POST", f.saPath(), obj{"name": "off", "username": "off", "role_id": viewer, "active": false}).want(200).obj()
	if inactive["active"] != false {
		t.Fatalf("active false not kept: %v", inactive)
	}
	if l := c.get(f.saPath() + "?name=CI%20bot").want(200).list(); len(l) != 2 {
		t.Fatalf("name filter %v", l)
	}
	if l := c.get(f.saPath() + "?username=ci-bot").want(200).list(); len(l) != 1 || l[0]["id"] != id {
		t.Fatalf("username filter %v", l)
	}

	// PATCH changes name, username, description and active.
	c.do("PATCH", f.saPath(id), obj{"username": "off"}).want(409)
	c.do("PATCH", f.saPath(id), obj{"username": "bad name"}).want(422)
	c.do("PATCH", f.saPath(id), obj{"name": ""}).want(422)
	got := c.do("PATCH", f.saPath(id), obj{"name": "CI robot", "username": "ci.bot", "description": "new"}).want(200).obj()
	if got["name"] != "CI robot" || got["username"] != "ci.bot" || got["description"] != "new" || got["active"] != true {
		t.Fatalf("after PATCH %v", got)
	}
	c.do("PATCH", f.saPath(id), obj{"username": "ci.bot"}).want(200) // its own username is no conflict
	c.get(f.saPath(newID())).want(404)
	c.get(f.saPath("not-a-uuid")).want(404)

	keys := f.saPath(id) + "/api_keys"
	k := c.do("POST", keys, obj{"name": "k1"}).want(200).obj()
	c.do("POST", keys, obj{"name": "k1"}).want(409)
	c.do("POST", keys, obj{"name": "k 2"}).want(422)
	c.get(keys + "/" + newID()).want(404)
	c.get(f.saPath(f.s.Snapshot().ServiceAccounts[0].ID) + "/api_keys/" + k["id"].(string)).want(404) // another account's key
	c.do("PATCH", keys+"/"+k["id"].(string), obj{"description": strings.Repeat("d", 1001)}).want(422)
	if n := c.get(f.saPath(id)).want(200).obj()["api_key_count"]; n != 1.0 {
		t.Fatalf("api_key_count %v", n)
	}
	key := k["key"].(string)
	bot := loginAs(t, f.s, key)
	bot.get("/organizations/" + f.org).want(200)
	if me := bot.get("/users/me").want(200).obj(); me["username"] != "ci.bot" || me["email"] != "ci.bot" {
		t.Fatalf("/users/me after the username changed %v", me)
	}

	// Deleting the account deletes its keys, assignments and team memberships.
	c.do("POST", "/teams/"+f.teamID+"/members?user_id="+id, nil).want(200)
	c.do("DELETE", f.saPath(id), nil).want(200).null()
	c.get(f.saPath(id)).want(404)
	bot.get("/organizations/" + f.org).want(401)
	if f.s.APIKeyWorks(key) {
		t.Fatal("a key of a deleted account still works")
	}
	st := f.s.Snapshot()
	for _, a := range st.Assignments {
		if a.SubjectID == id {
			t.Fatalf("assignment left: %+v", a)
		}
	}
	for _, k := range st.APIKeys {
		if k.ServiceAccountID == id {
			t.Fatalf("API key left: %+v", k)
		}
	}
	for _, m := range st.TeamMemberships {
		if m.UserID == id {
			t.Fatalf("team membership left: %+v", m)
		}
	}
}

// TestOldServiceAccountRoutesAreGone: the routes of an earlier contract (/service_accounts/...)
// answer as routes the API does not have.
func TestOldServiceAccountRoutesAreGone(t *testing.T) {
	f := newFixture(t)
	id := f.newServiceAccount(t, "bot", "Organization Viewer")
	for _, r := range []*result{
		f.c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": "x"}),
		f.c.get("/service_accounts/" + id),
		f.c.get("/service_accounts/" + id + "/api_keys"),
	} {
		if r.want(404).stringDetail() != "Not Found" {
			t.Fatalf("%s: %s", r.req, r.body)
		}
	}
}

func TestAPIKeyExpiry(t *testing.T) {
	f := newFixture(t)
	c := f.c
	keys := f.saPath(f.newServiceAccount(t, "bot", "Organization Viewer")) + "/api_keys"
	for name, body := range map[string]obj{
		"zero minutes":       {"name": "k", "expires_in_minutes": 0},
		"negative minutes":   {"name": "k", "expires_in_minutes": -5},
		"fraction":           {"name": "k", "expires_in_minutes": 1.5},
		"a string":           {"name": "k", "expires_in_minutes": "60"},
		"beyond 100 years":   {"name": "k", "expires_in_minutes": maxExpiresInMinutes + 1},
		"the old expires_at": {"name": "k", "expires_at": f.s.now().Add(time.Hour).Format(time.RFC3339)},
	} {
		t.Run(name, func(t *testing.T) {
			if _, msg := c.do("POST", keys, body).want(422).errorPair(); !strings.Contains(msg, "expires_in_minutes") {
				t.Fatalf("detail %q does not name expires_in_minutes", msg)
			}
		})
	}
	if k := c.do("POST", keys, obj{"name": "forever", "expires_at": nil, "expires_in_minutes": nil}).want(200).obj(); k["expires_at"] != nil {
		t.Fatalf("no expiry asked, expires_at %v", k["expires_at"])
	}
	k := c.do("POST", keys, obj{"name": "minute", "expires_in_minutes": 1}).want(200).obj()
	if !f.s.APIKeyWorks(k["key"].(string)) {
		t.Fatal("a fresh key does not work")
	}
	f.s.AdvanceClock(time.Minute)
	if f.s.APIKeyWorks(k["key"].(string)) {
		t.Fatal("a key with expires_in_minutes 1 works a minute later")
	}
	c = admin(t, f.s)
	if got := c.get(keys + "/" + k["id"].(string)).want(200).obj()["expires_at"]; got != k["expires_at"] {
		t.Fatalf("expires_at read back %v, created %v", got, k["expires_at"])
	}
}

func TestAPIKeyDelete(t *testing.T) {
	f := newFixture(t)
	c := f.c
	keys := f.saPath(f.newServiceAccount(t, "bot", "Organization Viewer")) + "/api_keys"
	k := c.do("POST", keys, obj{"name": "k"}).want(200).obj()
	c.do("DELETE", keys+"/"+k["id"].(string), nil).want(200).null()
	c.do("DELETE", keys+"/"+k["id"].(string), nil).want(404)
	if f.s.APIKeyWorks(k["key"].(string)) {
		t.Fatal("a deleted key works")
	}
}

// TestServiceAccountsAreUsers: a service account is given roles and team memberships by user_id,
// shows as a user there (email = username), and service_account_id is refused, naming user_id.
func TestServiceAccountsAreUsers(t *testing.T) {
	f := newFixture(t)
	c := f.c
	id := f.newServiceAccount(t, "deployer", "Organization Viewer")
	wsRole := f.roleIDs["Workspace Developer"]
	a := c.do("POST", "/roles/"+wsRole+"/assignments?user_id="+id+"&workspace_id="+f.hybridID, nil).want(200).obj()
	if fmt.Sprint(a["user"]) != fmt.Sprint(obj{"id": id, "username": "deployer", "email": "deployer"}) || a["service_account"] != nil {
		t.Fatalf("assignment of a service account %v", a)
	}
	m := c.do("POST", "/teams/"+f.teamID+"/members?user_id="+id, nil).want(200).obj()
	u := m["user"].(map[string]any)
	if u["id"] != id || u["is_service_account"] != true || u["email"] != "deployer" || u["organization_id"] != f.org {
		t.Fatalf("team member entry of a service account %v", m)
	}
	if l := c.get("/teams/" + f.teamID + "/members").want(200).list(); len(l) != 1 || l[0]["user"].(map[string]any)["id"] != id {
		t.Fatalf("team members %v", l)
	}
	for _, sa := range f.s.Snapshot().Assignments {
		if sa.SubjectID == id && sa.SubjectType != subjectUser {
			t.Fatalf("stored with subject type %q", sa.SubjectType)
		}
	}
	for _, target := range []string{
		"/roles/" + wsRole + "/assignments?service_account_id=" + id + "&workspace_id=" + f.hybridID,
		"/teams/" + f.teamID + "/members?service_account_id=" + id,
	} {
		for _, method := range []string{"POST", "DELETE", "GET"} {
			if _, msg := c.do(method, target, nil).want(422).errorPair(); !strings.Contains(msg, "user_id") {
				t.Fatalf("%s %s: %q does not name user_id", method, target, msg)
			}
		}
	}
	c.do("DELETE", "/roles/"+wsRole+"/assignments?user_id="+id+"&workspace_id="+f.hybridID, nil).want(200).null()
	c.do("DELETE", "/teams/"+f.teamID+"/members?user_id="+id, nil).want(200).null()

	// A service account of another organization is not a user of this one.
	otherOrg, otherKey, _ := f.s.AddOrganization("other")
	stranger := loginAs(t, f.s, otherKey).get("/users/me").want(200).obj()["id"].(string)
	c.do("POST", "/roles/"+wsRole+"/assignments?user_id="+stranger+"&workspace_id="+f.hybridID, nil).want(422)
	c.do("POST", "/teams/"+f.teamID+"/members?user_id="+stranger, nil).want(422)
	// ... until it is given a role here: a member of two organizations.
	f.s.mu.Lock()
	addAssignment(f.s.st, &Assignment{OrganizationID: f.org, RoleID: f.roleIDs["Organization Viewer"], SubjectType: subjectUser, SubjectID: stranger, Created: f.s.now()})
	f.s.mu.Unlock()
	c.do("POST", "/teams/"+f.teamID+"/members?user_id="+stranger, nil).want(200)
	var kinds []string
	for _, m := range c.get("/organizations/" + f.org + "/members").want(200).list() {
		if v, _ := m["service_account"].(map[string]any); v != nil && v["id"] == stranger {
			kinds = append(kinds, m["type"].(string), v["organization_id"].(string))
		}
	}
	if !slices.Equal(kinds, []string{"service_account", otherOrg}) {
		t.Fatalf("a service account of another organization holding a role here: %v", kinds)
	}
}
