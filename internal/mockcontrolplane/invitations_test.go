package mockcontrolplane

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestInvitationAcceptanceMovesAssignmentsAndMemberships(t *testing.T) {
	f := newFixture(t)
	c := f.c
	invPath := "/organizations/" + f.org + "/invitations"
	inv := c.do("POST", invPath, obj{"email": "Bob@Example.com", "role_id": f.roleIDs["Organization Viewer"]}).want(200).obj()
	invID := inv["id"].(string)
	viewer := obj{"id": f.roleIDs["Organization Viewer"], "name": "Organization Viewer"}
	if inv["status"] != "pending" || inv["user_id"] != nil || fmt.Sprint(inv["role"]) != fmt.Sprint(viewer) ||
		fmt.Sprint(inv["roles"]) != fmt.Sprint([]any{viewer}) {
		t.Fatalf("created %v", inv)
	}
	wsRole := f.roleIDs["Workspace Developer"]
	c.do("POST", "/roles/"+wsRole+"/assignments?invitation_id="+invID+"&workspace_id="+f.hybridID, nil).want(200)
	c.do("POST", "/teams/"+f.teamID+"/members?invitation_id="+invID, nil).want(200)
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
	id := c.do("POST", invPath, obj{"email": "late@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
	keep := c.do("POST", invPath, obj{"email": "keep@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200).id()
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
	c.do("DELETE", invPath+"/"+id, nil).want(200).null()
	c.do("DELETE", invPath+"/"+keep, nil).want(200).null()
	c.get(invPath + "/" + id).want(404)
	c.get(invPath + "/not-a-uuid").want(404)
	// A new invitation for the same email works once the old one expired.
	c.do("POST", invPath, obj{"email": "late@example.com", "role_id": f.roleIDs["Organization Member"]}).want(200)
}

// TestInvitationWithSeveralRoles: role_ids on create; the answer carries role (the first) and
// roles (all); acceptance gives the user every role.
func TestInvitationWithSeveralRoles(t *testing.T) {
	f := newFixture(t)
	c := f.c
	invPath := "/organizations/" + f.org + "/invitations"
	viewer, billing := f.roleIDs["Organization Viewer"], f.roleIDs["Billing Admin"]
	inv := c.do("POST", invPath, obj{"email": "carol@example.com", "role_ids": []string{billing, viewer}}).want(200).obj()
	if inv["role"].(map[string]any)["id"] != billing {
		t.Fatalf("role is not the first of role_ids: %v", inv)
	}
	var got []string
	for _, r := range inv["roles"].([]any) {
		got = append(got, r.(map[string]any)["name"].(string))
	}
	if fmt.Sprint(got) != "[Billing Admin Organization Viewer]" {
		t.Fatalf("roles %v", got)
	}
	for name, tc := range map[string]struct {
		body  obj
		field string
	}{
		"both":            {obj{"email": "x@example.com", "role_id": viewer, "role_ids": []string{billing}}, "role_ids"},
		"empty list":      {obj{"email": "x@example.com", "role_ids": []string{}}, "role_ids"},
		"twice":           {obj{"email": "x@example.com", "role_ids": []string{viewer, viewer}}, "twice"},
		"workspace role":  {obj{"email": "x@example.com", "role_ids": []string{viewer, f.roleIDs["Workspace Admin"]}}, "role_ids"},
		"malformed":       {obj{"email": "x@example.com", "role_ids": []string{"r"}}, "role_ids"},
		"not a list":      {obj{"email": "x@example.com", "role_ids": viewer}, "role_ids"},
		"neither":         {obj{"email": "x@example.com"}, "role_id"},
		"null role_id":    {obj{"email": "x@example.com", "role_id": nil}, "role_id"},
		"unknown role_id": {obj{"email": "x@example.com", "role_id": newID()}, "role_id"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, msg := c.do("POST", invPath, tc.body).want(422).errorPair(); !strings.Contains(msg, tc.field) {
				t.Fatalf("detail %q does not name %q", msg, tc.field)
			}
		})
	}
	// The members list shows the pending invitation with both roles.
	if m := memberSummary(t, c.get("/organizations/"+f.org+"/members").want(200).list()); m[inv["id"].(string)] != "invitation:Billing Admin,Organization Viewer" {
		t.Fatalf("members %v", m)
	}
	// A role of a pending invitation cannot be deleted, whichever place it has.
	custom := c.do("POST", "/roles", obj{"organization_id": f.org, "name": "Auditor", "level": "organization"}).want(200).id()
	second := c.do("POST", invPath, obj{"email": "dave@example.com", "role_ids": []string{viewer, custom}}).want(200).id()
	c.do("DELETE", "/roles/"+custom, nil).want(409)

	userID, err := f.s.AcceptInvitation(inv["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []string{billing, viewer} {
		held := false
		for _, a := range c.get("/roles/" + role + "/assignments").want(200).list() {
			if u, _ := a["user"].(map[string]any); u != nil && u["id"] == userID {
				held = true
			}
		}
		if !held {
			t.Fatalf("the accepted user does not hold role %s", role)
		}
	}
	c.do("DELETE", invPath+"/"+second, nil).want(200).null()
	c.do("DELETE", "/roles/"+custom, nil).want(200).null()
}

// TestInvitationListFilters: email matches exactly, whatever the case; only_pending leaves out
// accepted and expired invitations.
func TestInvitationListFilters(t *testing.T) {
	f := newFixture(t)
	c := f.c
	invPath := "/organizations/" + f.org + "/invitations"
	role := f.roleIDs["Organization Member"]
	a := c.do("POST", invPath, obj{"email": "Eve@Example.com", "role_id": role}).want(200).id()
	c.do("POST", invPath, obj{"email": "eve@example.co", "role_id": role}).want(200)
	c.do("POST", invPath, obj{"email": "steve@example.com", "role_id": role}).want(200)
	if l := c.get(invPath + "?email=eve@EXAMPLE.com").want(200).list(); len(l) != 1 || l[0]["id"] != a {
		t.Fatalf("email filter %v", l)
	}
	if _, err := f.s.AcceptInvitation(a); err != nil {
		t.Fatal(err)
	}
	if l := c.get(invPath + "?email=eve@example.com").want(200).list(); len(l) != 1 || l[0]["status"] != "accepted" {
		t.Fatalf("accepted invitation by email %v", l)
	}
	if l := c.get(invPath + "?email=eve@example.com&only_pending=true").want(200).list(); len(l) != 0 {
		t.Fatalf("only_pending lists an accepted invitation: %v", l)
	}
	if l := c.get(invPath + "?only_pending=true").want(200).list(); len(l) != 2 {
		t.Fatalf("only_pending %v", l)
	}
	if l := c.get(invPath).want(200).list(); len(l) != 3 {
		t.Fatalf("all %v", l)
	}
}
