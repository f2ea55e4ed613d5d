package mockcontrolplane

import (
	"strings"
	"testing"
)

func TestTeams(t *testing.T) {
	f := newFixture(t)
	c := f.c
	team := c.get("/teams/" + f.teamID).want(200).obj()
	if team["name"] != "platform" || team["member_count"] != 0.0 || team["organization_id"] != f.org {
		t.Fatalf("team %v", team)
	}
	c.do("POST", "/teams", obj{"organization_id": f.org, "name": "platform"}).want(409)
	other := c.do("POST", "/teams", obj{"organization_id": f.org, "name": "data", "description": "d"}).want(200).id()
	c.do("PATCH", "/teams/"+other, obj{"name": "platform"}).want(409)
	got := c.do("PATCH", "/teams/"+other, obj{"name": "data science"}).want(200).obj()
	if got["name"] != "data science" || got["description"] != "d" {
		t.Fatalf("after PATCH %v", got)
	}
	if l := c.get("/organizations/" + f.org + "/teams").want(200).list(); len(l) != 2 || l[0]["id"] != f.teamID {
		t.Fatalf("list (created order) %v", l)
	}
	c.do("DELETE", "/teams/"+other, nil).want(200).null()
	c.get("/teams/" + other).want(404)
	c.do("DELETE", "/teams/"+other, nil).want(404)

	for name, tc := range map[string]struct {
		body  any
		field string
	}{
		"missing name":      {obj{"organization_id": f.org}, "name"},
		"empty name":        {obj{"organization_id": f.org, "name": ""}, "name"},
		"trailing space":    {obj{"organization_id": f.org, "name": "x "}, "name"},
		"control character": {obj{"organization_id": f.org, "name": "a\tb"}, "name"},
		"too long":          {obj{"organization_id": f.org, "name": strings.Repeat("é", 101)}, "name"},
		"long description":  {obj{"organization_id": f.org, "name": "x", "description": strings.Repeat("d", 1001)}, "description"},
		"organization type": {obj{"organization_id": 7, "name": "x"}, "organization_id"},
	} {
		t.Run(name, func(t *testing.T) {
			if r := c.do("POST", "/teams", tc.body).want(422); !strings.Contains(r.detail(), tc.field) {
				t.Fatalf("detail %q does not name %q", r.detail(), tc.field)
			}
		})
	}
	c.do("POST", "/teams", obj{"organization_id": f.org, "name": strings.Repeat("é", 100)}).want(200)
}

func TestTeamMembers(t *testing.T) {
	f := newFixture(t)
	c := f.c
	members := "/teams/" + f.teamID + "/members"
	entry := c.do("POST", members+"?user_id="+f.userID, nil).want(200).obj()
	user := entry["user"].(map[string]any)
	if user["email"] != "ann@example.com" || user["is_service_account"] != false {
		t.Fatalf("member entry %v", entry)
	}
	if _, ok := user["created"]; ok {
		t.Fatalf("a user object has no created: %v", user)
	}
	if _, ok := user["organization_id"]; ok {
		t.Fatalf("a person's user object has no organization_id: %v", user)
	}
	c.do("POST", members+"?user_id="+f.userID, nil).want(409)
	inv := c.do("POST", "/organizations/"+f.org+"/invitations", obj{"email": "bob@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	c.do("POST", members+"?invitation_id="+inv, "{}").want(200) // no body is needed; {} is accepted

	stranger, _, err := f.s.AddOrganization("elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	outsider, _ := f.s.AddUser("out@example.com", stranger)
	tests := []struct {
		name, query string
		status      int
	}{
		{"no subject", "", 422},
		{"both subjects", "?user_id=" + f.userID + "&invitation_id=" + inv, 422},
		{"malformed user", "?user_id=xyz", 422},
		{"unknown user", "?user_id=" + newID(), 422},
		{"user of another organization", "?user_id=" + outsider, 422},
		{"unknown invitation", "?invitation_id=" + newID(), 422},
		{"service_account_id", "?service_account_id=" + newID(), 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { c.do("POST", members+tt.query, nil).want(tt.status) })
	}
	list := c.get(members).want(200).list()
	if len(list) != 2 || list[0]["user"] == nil || list[1]["invitation"] == nil {
		t.Fatalf("members %v", list)
	}
	if n := c.get("/teams/" + f.teamID).want(200).obj()["member_count"]; n != 2.0 {
		t.Fatalf("member_count %v", n)
	}
	c.do("DELETE", members+"?user_id="+f.userID, "").want(200).null()
	c.do("DELETE", members+"?user_id="+f.userID, "{}").want(404)
	c.do("POST", members+"?user_id="+f.userID, "").want(200)
	c.do("DELETE", members+"?user_id="+f.userID, "{}").want(200).null()
	c.do("DELETE", members, nil).want(422)
	c.do("DELETE", "/teams/"+f.teamID, nil).want(200)
	if n := len(f.s.Snapshot().TeamMemberships); n != 0 {
		t.Fatalf("memberships left after deleting the team: %d", n)
	}
}
