package mockcontrolplane

import (
	"strings"
	"testing"
	"time"
)

func TestServiceAccounts(t *testing.T) {
	f := newFixture(t)
	c := f.c
	sa := c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": "ci-bot", "description": "CI"}).want(201).obj()
	id := sa["id"].(string)
	if sa["active"] != true || sa["organization_id"] != f.org {
		t.Fatalf("created %v", sa)
	}
	c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": "ci-bot"}).want(409)
	for name, body := range map[string]obj{
		"missing name":     {"organization_id": f.org},
		"space in name":    {"organization_id": f.org, "name": "ci bot"},
		"name too long":    {"organization_id": f.org, "name": strings.Repeat("a", 51)},
		"leading dot":      {"organization_id": f.org, "name": ".bot"},
		"long description": {"organization_id": f.org, "name": "ok", "description": strings.Repeat("d", 1001)},
		"active of type":   {"organization_id": f.org, "name": "ok", "active": "no"},
	} {
		t.Run(name, func(t *testing.T) { c.do("POST", "/service_accounts", body).want(422) })
	}
	inactive := c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": "off", "active": false}).want(201).obj()
	if inactive["active"] != false {
		t.Fatalf("active false not kept: %v", inactive)
	}
	if l := c.get("/organizations/" + f.org + "/service_accounts?name=ci-bot").want(200).list(); len(l) != 1 {
		t.Fatalf("name filter %v", l)
	}
	c.do("PATCH", "/service_accounts/"+id, obj{"name": "off"}).want(409)
	got := c.do("PATCH", "/service_accounts/"+id, obj{"name": "ci.bot", "description": "new"}).want(200).obj()
	if got["name"] != "ci.bot" || got["description"] != "new" {
		t.Fatalf("after PATCH %v", got)
	}

	keys := "/service_accounts/" + id + "/api_keys"
	k := c.do("POST", keys, obj{"name": "k1"}).want(201).obj()
	c.do("POST", keys, obj{"name": "k1"}).want(409)
	c.do("POST", keys, obj{"name": "k 2"}).want(422)
	c.do("POST", keys, obj{"name": "k2", "expires_at": "tomorrow"}).want(422)
	c.do("POST", keys, obj{"name": "k2", "expires_at": f.s.now().Add(-time.Minute).Format(time.RFC3339)}).want(422)
	c.get(keys + "/" + newID()).want(404)
	c.get("/service_accounts/" + f.s.Snapshot().ServiceAccounts[0].ID + "/api_keys/" + k["id"].(string)).want(404) // another account's key
	c.do("PATCH", keys+"/"+k["id"].(string), obj{"description": strings.Repeat("d", 1001)}).want(422)
	key := k["key"].(string)
	c.do("POST", "/roles/"+f.roleIDs["Organization Viewer"]+"/assignments?service_account_id="+id, nil).want(201)
	bot := loginAs(t, f.s, key)
	bot.get("/organizations/" + f.org).want(200)

	// Deleting the account deletes its keys and assignments.
	c.do("DELETE", "/service_accounts/"+id, nil).want(204)
	c.get("/service_accounts/" + id).want(404)
	bot.get("/organizations/" + f.org).want(401)
	if f.s.APIKeyWorks(key) {
		t.Fatal("a key of a deleted account still works")
	}
	for _, a := range f.s.Snapshot().Assignments {
		if a.SubjectID == id {
			t.Fatalf("assignment left: %+v", a)
		}
	}
	for _, k := range f.s.Snapshot().APIKeys {
		if k.ServiceAccountID == id {
			t.Fatalf("API key left: %+v", k)
		}
	}
}

func TestAPIKeyDelete(t *testing.T) {
	f := newFixture(t)
	c := f.c
	id := c.do("POST", "/service_accounts", obj{"organization_id": f.org, "name": "bot"}).want(201).id()
	keys := "/service_accounts/" + id + "/api_keys"
	k := c.do("POST", keys, obj{"name": "k"}).want(201).obj()
	c.do("DELETE", keys+"/"+k["id"].(string), nil).want(204)
	c.do("DELETE", keys+"/"+k["id"].(string), nil).want(404)
	if f.s.APIKeyWorks(k["key"].(string)) {
		t.Fatal("a deleted key works")
	}
}
