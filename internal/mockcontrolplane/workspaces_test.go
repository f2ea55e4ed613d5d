package mockcontrolplane

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestManagedWorkspaceLifecycle(t *testing.T) {
	s := newTestServer(t, Options{ProvisionDelay: 2 * time.Second})
	c := admin(t, s)
	org := s.OrganizationID()
	w := c.do("POST", "/workspaces", obj{"name": "prod", "organization_id": org, "description": "d", "is_managed": true,
		"zenml_service": obj{"configuration": obj{"version": "0.84.1"}}}).want(200).obj()
	id := w["id"].(string)
	if w["status"] != "pending" || w["is_managed"] != true || w["display_name"] != "prod" || w["desired_state"] != "available" {
		t.Fatalf("created %v", w)
	}
	if _, ok := w["enrollment_key"]; ok {
		t.Fatal("a managed workspace has no enrollment key")
	}
	if w["zenml_service"].(map[string]any)["configuration"].(map[string]any)["version"] != "0.84.1" {
		t.Fatalf("version not kept: %v", w["zenml_service"])
	}
	s.AdvanceClock(2 * time.Second)
	if st := c.get("/workspaces/" + id).want(200).obj()["status"]; st != "available" {
		t.Fatalf("status after the provisioning delay = %v", st)
	}
	if l := c.get("/workspaces?status=available&organization_id=" + org).want(200).list(); len(l) != 1 {
		t.Fatalf("status filter: %v", l)
	}
	// Deactivate at once; re-activate goes pending -> available again.
	if st := c.do("PATCH", "/workspaces/"+id, obj{"desired_state": "deactivated"}).want(200).obj()["status"]; st != "deactivated" {
		t.Fatalf("status = %v", st)
	}
	if st := c.do("PATCH", "/workspaces/"+id, obj{"desired_state": "available", "display_name": "Prod"}).want(200).obj()["status"]; st != "pending" {
		t.Fatalf("status = %v", st)
	}
	s.AdvanceClock(2 * time.Second)
	got := c.get("/workspaces/" + id).want(200).obj()
	if got["status"] != "available" || got["display_name"] != "Prod" {
		t.Fatalf("after re-activation %v", got)
	}
	// Failure carries a reason; desired_state available retries.
	if err := s.FailWorkspace(id, "out of capacity"); err != nil {
		t.Fatal(err)
	}
	got = c.get("/workspaces/" + id).want(200).obj()
	if got["status"] != "failed" || got["state_reason"] != "out of capacity" {
		t.Fatalf("failed workspace %v", got)
	}
	c.do("POST", "/workspaces/"+id+"/enrollment_key", nil).want(422)
	c.do("PATCH", "/workspaces/"+id, obj{"name": "renamed"}).want(422)
	c.do("PATCH", "/workspaces/"+id, obj{"desired_state": "paused"}).want(422)
	c.do("DELETE", "/workspaces/"+id, nil).want(200).null()
	c.get("/workspaces/" + id).want(404)
	c.do("POST", "/workspaces", obj{"name": "prod", "organization_id": org, "is_managed": true}).want(200) // the name is free again
}

func TestHybridWorkspaceEnrollment(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	org := s.OrganizationID()
	// Without enroll=true the body must say is_managed: true; with it, is_managed may be absent
	// or false, never true.
	for _, body := range []obj{{"name": "hy", "organization_id": org, "is_managed": false}, {"name": "hy", "organization_id": org}} {
		if _, msg := c.do("POST", "/workspaces", body).want(422).errorPair(); !strings.Contains(msg, "enroll=true") {
			t.Fatalf("detail %q does not name enroll=true", msg)
		}
	}
	c.do("POST", "/workspaces?enroll=true", obj{"name": "hy", "organization_id": org, "is_managed": true}).want(422)
	c.do("POST", "/workspaces?enroll=maybe", obj{"name": "hy", "organization_id": org}).want(422)
	// The enrollment script's body: exactly name and organization_id.
	w := c.do("POST", "/workspaces?enroll=true", `{"name": "hy", "organization_id": "`+org+`"}`).want(200).obj()
	id, key := w["id"].(string), w["enrollment_key"].(string)
	zs := w["zenml_service"].(map[string]any)
	if w["status"] != "not_initialized" || w["is_managed"] != false || zs["status"] != nil || zs["configuration"] != nil ||
		w["display_name"] != "hy" || w["description"] != "" || w["organization"].(map[string]any)["name"] != "default" {
		t.Fatalf("created %v", w)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(key) {
		t.Fatalf("enrollment key %q: want an opaque URL-safe token of 32 random bytes, no prefix", key)
	}
	c.do("POST", "/workspaces?enroll=true", obj{"name": "hy-false", "organization_id": org, "is_managed": false}).want(200)
	if _, ok := c.get("/workspaces/" + id).want(200).obj()["enrollment_key"]; ok {
		t.Fatal("the enrollment key is shown again")
	}

	// The server logs in with client_credentials and reports.
	login := func(secret string) *result {
		return rawLogin(t, s, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	}
	server := &client{t: t, s: s, token: login(key).want(200).obj()["access_token"].(string)}
	server.do("PATCH", "/workspace_status", obj{"server_url": "ftp://x", "version": "0.85.0"}).want(422)
	server.do("PATCH", "/workspace_status", obj{"server_url": "https://ws.example.com"}).want(422)
	server.do("PATCH", "/workspace_status", nil).want(422) // neither headers nor a body
	// A real server reports with no body: URL and version in headers (public: cloud_utils.py).
	headers := []string{"zenml-server-id", id, "zenml-server-url", "https://ws.example.com", "zenml-server-version", "0.85.0"}
	if _, msg := server.do("PATCH", "/workspace_status", nil, headers[2:4]...).want(422).errorPair(); !strings.Contains(msg, "zenml-server-version") {
		t.Fatalf("a report without a version: %q", msg)
	}
	server.do("PATCH", "/workspace_status", nil, "zenml-server-id", newID(), "zenml-server-url", "https://ws.example.com", "zenml-server-version", "0.85.0").want(403)
	server.do("PATCH", "/workspace_status", nil, "zenml-server-id", "nope", "zenml-server-url", "https://ws.example.com", "zenml-server-version", "0.85.0").want(403)
	rep := server.do("PATCH", "/workspace_status", nil, headers...).want(200).obj()
	if rep["status"] != "available" {
		t.Fatalf("after report %v", rep)
	}
	server.do("PATCH", "/workspace_status", "", headers...).want(200)                                                         // an empty body
	server.do("PATCH", "/workspace_status", "{}", headers[2:]...).want(200)                                                   // {} and the headers
	server.do("PATCH", "/workspace_status", obj{"version": "0.85.0"}, "zenml-server-url", "https://ws.example.com").want(200) // mixed
	server.do("PATCH", "/workspace_status", "[]", headers...).want(422)
	server.do("PATCH", "/workspace_status", obj{"server_url": "https://ws.example.com", "version": "0.85.0"}).want(200) // a JSON body alone
	st := c.get("/workspaces/" + id).want(200).obj()["zenml_service"].(map[string]any)["status"].(map[string]any)
	if st["server_url"] != "https://ws.example.com" || st["version"] != "0.85.0" {
		t.Fatalf("reported status %v", st)
	}
	// A body field wins over its header.
	server.do("PATCH", "/workspace_status", obj{"version": "0.86.0"}, headers...).want(200)
	if v := c.get("/workspaces/" + id).want(200).obj()["zenml_service"].(map[string]any)["status"].(map[string]any)["version"]; v != "0.86.0" {
		t.Fatalf("version after a body and a header %v", v)
	}

	// Deactivated: a report keeps it deactivated; re-activation makes it available (it reported before).
	c.do("PATCH", "/workspaces/"+id, obj{"desired_state": "deactivated"}).want(200)
	if got := server.do("PATCH", "/workspace_status", obj{"server_url": "https://ws.example.com", "version": "0.85.1"}).want(200).obj()["status"]; got != "deactivated" {
		t.Fatalf("a report re-activated a deactivated workspace: %v", got)
	}
	if got := c.do("PATCH", "/workspaces/"+id, obj{"desired_state": "available"}).want(200).obj()["status"]; got != "available" {
		t.Fatalf("re-activated hybrid status %v", got)
	}

	// Rotation: the old key stops at once, the new one works.
	newKey := c.do("POST", "/workspaces/"+id+"/enrollment_key", nil).want(200).obj()["enrollment_key"].(string)
	if newKey == key || len(newKey) != 43 {
		t.Fatalf("rotation returned %q", newKey)
	}
	login(key).want(401)
	login(newKey).want(200)

	// The mock's connect works for a hybrid workspace that never reported.
	id2 := c.do("POST", "/workspaces?enroll=true", obj{"name": "hy2", "organization_id": org}).want(200).id()
	if err := s.ConnectWorkspace(id2, "", ""); err != nil {
		t.Fatal(err)
	}
	if got := c.get("/workspaces/" + id2).want(200).obj()["status"]; got != "available" {
		t.Fatalf("after connect %v", got)
	}
	if err := s.ConnectWorkspace(newID(), "", ""); err == nil {
		t.Fatal("connect of an unknown workspace succeeded")
	}

	// Deleting ends the server's access.
	c.do("DELETE", "/workspaces/"+id, nil).want(200).null()
	server.get("/workspaces/" + id).want(401)
	login(newKey).want(401)
}

func TestWorkspaceDeletionDelay(t *testing.T) {
	s := newTestServer(t, Options{DeletionDelay: time.Minute, ProvisionDelay: -1})
	c := admin(t, s)
	id := c.do("POST", "/workspaces", obj{"name": "gone", "organization_id": s.OrganizationID(), "is_managed": true}).want(200).obj()
	if id["status"] != "available" {
		t.Fatalf("a negative provisioning delay means available at once: %v", id["status"])
	}
	wsID := id["id"].(string)
	c.do("DELETE", "/workspaces/"+wsID, nil).want(200)
	if st := c.get("/workspaces/" + wsID).want(200).obj()["status"]; st != "deleted" {
		t.Fatalf("status in the deletion window = %v", st)
	}
	c.do("PATCH", "/workspaces/"+wsID, obj{"description": "x"}).want(404)
	c.do("DELETE", "/workspaces/"+wsID, nil).want(404)
	c.do("POST", "/workspaces", obj{"name": "gone", "organization_id": s.OrganizationID(), "is_managed": true}).want(409)
	s.AdvanceClock(time.Minute)
	c.get("/workspaces/" + wsID).want(404)
	c.do("POST", "/workspaces", obj{"name": "gone", "organization_id": s.OrganizationID(), "is_managed": true}).want(200)

	// A workspace in its deletion window does not block deleting its organization.
	org := c.do("POST", "/organizations", obj{"name": "short-lived"}).want(200).id()
	ws := c.do("POST", "/workspaces?enroll=true", obj{"name": "doomed", "organization_id": org}).want(200).id()
	c.do("DELETE", "/workspaces/"+ws, nil).want(200)
	c.do("DELETE", "/organizations/"+org, nil).want(200)
	c.get("/workspaces/" + ws).want(404)
}

func TestWorkspaceValidation(t *testing.T) {
	s := newTestServer(t, Options{})
	c := admin(t, s)
	org := s.OrganizationID()
	tests := []struct {
		name   string
		body   obj
		status int
		field  string
	}{
		{"missing organization", obj{"name": "a"}, 422, "organization_id"},
		{"malformed organization", obj{"name": "a", "organization_id": "x"}, 422, "organization_id"},
		{"unknown organization", obj{"name": "a", "organization_id": newID()}, 404, "organization"},
		{"missing name", obj{"organization_id": org}, 422, "name"},
		{"uppercase name", obj{"name": "Prod", "organization_id": org}, 422, "name"},
		{"leading digit", obj{"name": "1prod", "organization_id": org}, 422, "name"},
		{"name too long", obj{"name": "a" + strings.Repeat("b", 50), "organization_id": org}, 422, "name"},
		{"display name too long", obj{"name": "a", "organization_id": org, "display_name": strings.Repeat("x", 101)}, 422, "display_name"},
		{"description too long", obj{"name": "a", "organization_id": org, "description": strings.Repeat("x", 1001)}, 422, "description"},
		{"bad version", obj{"name": "a", "organization_id": org, "zenml_service": obj{"configuration": obj{"version": "v 1"}}}, 422, "version"},
		{"is_managed of wrong type", obj{"name": "a", "organization_id": org, "is_managed": "yes"}, 422, "is_managed"},
		{"zenml_service of wrong type", obj{"name": "a", "organization_id": org, "zenml_service": 1}, 422, "zenml_service"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.do("POST", "/workspaces", tt.body).want(tt.status)
			if !strings.Contains(r.detail(), tt.field) {
				t.Fatalf("detail %q does not name %q", r.detail(), tt.field)
			}
		})
	}
	c.do("POST", "/workspaces", obj{"name": "a", "organization_id": org, "is_managed": true}).want(200)
	c.do("POST", "/workspaces", obj{"name": "a", "organization_id": org, "is_managed": true}).want(409)
	c.get("/workspaces?status=sleeping").want(422)
	c.get("/workspaces?organization_id=nope").want(422)
	c.get("/workspaces/not-a-uuid").want(404)
	if l := c.get("/workspaces?workspace_name=a").want(200).list(); len(l) != 1 {
		t.Fatalf("workspace_name filter: %v", l)
	}
}

func TestMockWorkspaceEndpoints(t *testing.T) {
	f := newFixture(t)
	r := serve(t, f.s, httpRequest("POST", "/_mock/workspaces/"+f.hybridID+"/connect", `{"server_url":"https://hy.example.com","version":"0.86.0"}`)).want(200).obj()
	st := r["zenml_service"].(map[string]any)["status"].(map[string]any)
	if r["status"] != "available" || st["server_url"] != "https://hy.example.com" || st["version"] != "0.86.0" {
		t.Fatalf("connect answer %v", r)
	}
	serve(t, f.s, httpRequest("POST", "/_mock/workspaces/"+f.managedID+"/connect", "")).want(422)
	serve(t, f.s, httpRequest("POST", "/_mock/workspaces/"+f.hybridID+"/connect", `{"server_url":"nope"}`)).want(422)
	r = serve(t, f.s, httpRequest("POST", "/_mock/workspaces/"+f.managedID+"/fail", `{"reason":"quota"}`)).want(200).obj()
	if r["status"] != "failed" || r["state_reason"] != "quota" {
		t.Fatalf("fail answer %v", r)
	}
	// Reads by id of the other object kinds.
	role := f.c.get("/roles/" + f.roleIDs["Stack Admin"]).want(200).obj()
	if role["name"] != "Stack Admin" || role["level"] != "workspace" {
		t.Fatalf("role %v", role)
	}
	saID := f.newServiceAccount(t, "reader", "Organization Viewer")
	if sa := f.c.get(f.saPath(saID)).want(200).obj(); sa["name"] != "reader" {
		t.Fatalf("service account %v", sa)
	}
	u := f.c.get("/users/" + f.userID).want(200).obj()
	if fmt.Sprint(u) != fmt.Sprint(obj{"id": f.userID, "username": "ann@example.com", "email": "ann@example.com", "name": "ann",
		"is_active": true, "is_service_account": false}) {
		t.Fatalf("user %v (a user object has no created, and a person no organization_id)", u)
	}
	f.c.get("/users/" + saID).want(404) // a service account is read under its organization
}

// TestWorkspaceListFilters: is_managed is true by default (hybrid workspaces only with
// is_managed=false), url matches the reported server URL, member_only is accepted.
func TestWorkspaceListFilters(t *testing.T) {
	f := newFixture(t)
	c := f.c
	names := func(query string) []string {
		var out []string
		for _, w := range c.get("/workspaces" + query).want(200).list() {
			out = append(out, w["name"].(string))
		}
		return out
	}
	for query, want := range map[string]string{
		"":                                      "[managed-ws]",
		"?is_managed=true":                      "[managed-ws]",
		"?is_managed=false":                     "[hybrid-ws]",
		"?is_managed=false&workspace_name=nope": "[]",
		"?is_managed=false&organization_id=" + f.org:   "[hybrid-ws]",
		"?member_only=true":                            "[managed-ws]",
		"?is_managed=false&member_only=false":          "[hybrid-ws]",
		"?is_managed=false&url=https://hy.example.com": "[]", // not reported yet
	} {
		if got := fmt.Sprint(names(query)); got != want {
			t.Errorf("GET /workspaces%s: %s, want %s", query, got, want)
		}
	}
	if err := f.s.ConnectWorkspace(f.hybridID, "https://hy.example.com", ""); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"?is_managed=false&url=https://hy.example.com":    "[hybrid-ws]",
		"?is_managed=false&url=https://hy.example.com/":   "[hybrid-ws]",
		"?is_managed=false&url=https://other.example.com": "[]",
		"?url=https://hy.example.com":                     "[]", // managed ones only, by default
	} {
		if got := fmt.Sprint(names(query)); got != want {
			t.Errorf("GET /workspaces%s: %s, want %s", query, got, want)
		}
	}
	for _, q := range []string{"?is_managed=perhaps", "?member_only=2x"} {
		if _, msg := c.get("/workspaces" + q).want(422).errorPair(); !strings.Contains(msg, strings.Split(q[1:], "=")[0]) {
			t.Errorf("%s: %q does not name the parameter", q, msg)
		}
	}
}
