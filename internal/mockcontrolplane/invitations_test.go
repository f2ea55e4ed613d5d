package mockcontrolplane

import (
	"strings"
	"testing"
	"time"
)

func TestInvitationAcceptanceMovesAssignmentsAndMemberships(t *testing.T) {
	f := newFixture(t)
	c := f.c
	invPath := "/organizations/" + f.org + "/invitations"
	inv := c.do("POST", invPath, obj{"email": "Bob@Example.com", "role_id": f.roleIDs["Organization Viewer"]}).want(201).obj()
	invID := inv["id"].(string)
	if inv["status"] != "pending" || inv["user_id"] != nil || inv["role"].(map[string]any)["name"] != "Organization Viewer" {
		t.Fatalf("created %v", inv)
	}
	wsRole := f.roleIDs["Workspace Developer"]
	c.do("POST", "/roles/"+wsRole+"/assignments?invitation_id="+invID+"&workspace_id="+f.hybridID, nil).want(201)
	c.do("POST", "/teams/"+f.teamID+"/members?invitation_id="+invID, nil).want(201)
	c.do("POST", invPath, obj{"email": "bob@example.com", "role_id": f.roleIDs["Organization Viewer"]}).want(409)

	// The invitee accepts through the mock's endpoint.
	accepted := serve(t, f.s, httpRequest("POST", "/_mock/invitations/"+invID+"/accept", "")).want(200).obj()
	userID := accepted["user"].(map[string]any)["id"].(string)
	if accepted["invitation"].(map[string]any)["status"] != "accepted" {
		t.Fatalf("accept answer %v", accepted)
	}
	got := c.get(invPath + "/" + invID).want(200).obj()
	if got["status"] != "accepted" || got["user_id"] != userID {
		t.Fatalf("invitation after acceptance %v", got)
	}
	assignments := c.get("/roles/" + wsRole + "/assignments?workspace_id=" + f.hybridID).want(200).list()
	if len(assignments) != 1 || assignments[0]["user"] == nil || assignments[0]["user"].(map[string]any)["id"] != userID {
		t.Fatalf("the workspace assignment did not move to the user: %v", assignments)
	}
	viewers := c.get("/roles/" + f.roleIDs["Organization Viewer"] + "/assignments").want(200).list()
	if len(viewers) != 1 || viewers[0]["user"] == nil {
		t.Fatalf("the invitation's role was not assigned: %v", viewers)
	}
	members := c.get("/teams/" + f.teamID + "/members").want(200).list()
	if len(members) != 1 || members[0]["user"] == nil {
		t.Fatalf("the team membership did not move to the user: %v", members)
	}
	if l := c.get("/users?email=bob@example.com").want(200).list(); len(l) != 1 {
		t.Fatalf("the new user is not listed: %v", l)
	}
	c.do("POST", invPath, obj{"email": "bob@example.com", "role_id": f.roleIDs["Organization Viewer"]}).want(409) // now a member
	c.do("DELETE", invPath+"/"+invID, nil).want(409)
	if _, err := f.s.AcceptInvitation(invID); err == nil {
		t.Fatal("a second acceptance succeeded")
	}
	serve(t, f.s, httpRequest("POST", "/_mock/invitations/"+newID()+"/accept", "")).want(404)
}

func TestInvitationRulesAndExpiry(t *testing.T) {
	f := newFixture(t)
	c := f.c
	invPath := "/organizations/" + f.org + "/invitations"
	for name, tc := range map[string]struct {
		body   obj
		status int
	}{
		"bad email":           {obj{"email": "nope", "role_id": f.roleIDs["Organization Viewer"]}, 422},
		"missing role":        {obj{"email": "x@example.com"}, 422},
		"malformed role":      {obj{"email": "x@example.com", "role_id": "r"}, 422},
		"workspace role":      {obj{"email": "x@example.com", "role_id": f.roleIDs["Workspace Admin"]}, 422},
		"unknown role":        {obj{"email": "x@example.com", "role_id": newID()}, 422},
		"email of a member":   {obj{"email": "ANN@example.com", "role_id": f.roleIDs["Organization Viewer"]}, 409},
		"email of wrong type": {obj{"email": []string{}, "role_id": f.roleIDs["Organization Viewer"]}, 422},
	} {
		t.Run(name, func(t *testing.T) { c.do("POST", invPath, tc.body).want(tc.status) })
	}
	id := c.do("POST", invPath, obj{"email": "late@example.com", "role_id": f.roleIDs["Organization Member"]}).want(201).id()
	keep := c.do("POST", invPath, obj{"email": "keep@example.com", "role_id": f.roleIDs["Organization Member"]}).want(201).id()
	c.do("DELETE", "/roles/"+f.roleIDs["Organization Member"], nil).want(403)
	if l := c.get(invPath + "?email=LATE@example.com&only_pending=true").want(200).list(); len(l) != 1 {
		t.Fatalf("filter %v", l)
	}
	c.get(invPath + "?only_pending=perhaps").want(422)
	f.s.AdvanceClock(7 * 24 * time.Hour)
	c = admin(t, f.s) // the old token expired with the clock
	if st := c.get(invPath + "/" + id).want(200).obj()["status"]; st != "expired" {
		t.Fatalf("status after 7 days = %v", st)
	}
	if l := c.get(invPath + "?only_pending=true").want(200).list(); len(l) != 0 {
		t.Fatalf("expired invitations listed as pending: %v", l)
	}
	if _, err := f.s.AcceptInvitation(id); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("accepting an expired invitation: %v", err)
	}
	c.do("POST", "/teams/"+f.teamID+"/members?invitation_id="+id, nil).want(422)
	c.do("DELETE", invPath+"/"+id, nil).want(204)
	c.do("DELETE", invPath+"/"+keep, nil).want(204)
	c.get(invPath + "/" + id).want(404)
	c.get(invPath + "/not-a-uuid").want(404)
	// A new invitation for the same email works once the old one expired.
	c.do("POST", invPath, obj{"email": "late@example.com", "role_id": f.roleIDs["Organization Member"]}).want(201)
}
