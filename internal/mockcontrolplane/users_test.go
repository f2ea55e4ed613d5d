package mockcontrolplane

import (
	"testing"
)

func TestUsersListAndRead(t *testing.T) {
	f := newFixture(t)
	c := f.c
	f.newServiceAccount(t, "bot", "Organization Viewer")
	serve(t, f.s, httpRequest("POST", "/_mock/users", `{"email":"bob@example.com","username":"bob"}`)).want(201)
	if l := c.get("/users?email=ANN@Example.com").want(200).list(); len(l) != 1 || l[0]["id"] != f.userID {
		t.Fatalf("email filter %v", l)
	}
	if l := c.get("/users?email=ann@example.co").want(200).list(); len(l) != 0 {
		t.Fatalf("the email filter is exact: %v", l)
	}
	if l := c.get("/users?username=bob").want(200).list(); len(l) != 1 || l[0]["email"] != "bob@example.com" {
		t.Fatalf("username filter %v", l)
	}
	// People only: a service account is read under its organization.
	for _, u := range c.get("/users").want(200).list() {
		if u["is_service_account"] != false {
			t.Fatalf("a service account in GET /users: %v", u)
		}
		if _, ok := u["created"]; ok {
			t.Fatalf("a user object has no created: %v", u)
		}
	}
}

func TestUpdateUser(t *testing.T) {
	f := newFixture(t)
	c := f.c
	path := "/users/" + f.userID
	u := c.do("PATCH", path, obj{"username": "ann", "name": "Ann A.", "is_active": false}).want(200).obj()
	if u["username"] != "ann" || u["name"] != "Ann A." || u["is_active"] != false || u["email"] != "ann@example.com" {
		t.Fatalf("after PATCH %v", u)
	}
	if got := c.get(path).want(200).obj(); got["username"] != "ann" || got["is_active"] != false {
		t.Fatalf("read back %v", got)
	}
	serve(t, f.s, httpRequest("POST", "/_mock/users", `{"email":"bob@example.com","username":"bob"}`)).want(201)
	c.do("PATCH", path, obj{"username": "BOB"}).want(409)
	c.do("PATCH", path, obj{"username": "a b"}).want(422)
	c.do("PATCH", path, obj{"username": ""}).want(422)
	c.do("PATCH", path, obj{"is_active": "no"}).want(422)
	c.do("PATCH", "/users/"+newID(), obj{"name": "x"}).want(404)
	f.scopedClient(t, "viewer", "Organization Viewer").do("PATCH", path, obj{"name": "x"}).want(403)
	_, otherKey, _ := f.s.AddOrganization("other")
	loginAs(t, f.s, otherKey).do("PATCH", path, obj{"name": "x"}).want(404)
}
