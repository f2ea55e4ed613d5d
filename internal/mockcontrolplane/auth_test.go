package mockcontrolplane

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	s := newTestServer(t, Options{APIKeys: []string{"ZENPROKEY_first", "ZENPROKEY_second"}, TokenTTL: 90 * time.Second})
	if s.APIKey() != "ZENPROKEY_first" {
		t.Fatalf("APIKey() = %q, want the first seeded key", s.APIKey())
	}
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		wantDetail string
	}{
		{"first key", url.Values{"password": {"ZENPROKEY_first"}}, 200, ""},
		{"second key", url.Values{"password": {"ZENPROKEY_second"}, "username": {"ignored"}}, 200, ""},
		{"password grant", url.Values{"grant_type": {"password"}, "password": {"ZENPROKEY_first"}}, 200, ""},
		{"wrong key", url.Values{"password": {"ZENPROKEY_wrong"}}, 401, "invalid API key"},
		{"no password", url.Values{}, 422, "password"},
		{"unknown grant", url.Values{"grant_type": {"implicit"}}, 422, "grant_type"},
		{"client credentials without secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {newID()}}, 422, "client_secret"},
		{"client credentials unknown workspace", url.Values{"grant_type": {"client_credentials"}, "client_id": {newID()}, "client_secret": {"x"}}, 401, "invalid client credentials"},
		{"client credentials malformed id", url.Values{"grant_type": {"client_credentials"}, "client_id": {"nope"}, "client_secret": {"x"}}, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rawLogin(t, s, tt.form).want(tt.wantStatus)
			if tt.wantStatus == 200 {
				m := r.obj()
				if m["token_type"] != "bearer" || m["expires_in"].(float64) != 90 || m["access_token"] == "" {
					t.Fatalf("login answer %v", m)
				}
				return
			}
			if !strings.Contains(r.detail(), tt.wantDetail) {
				t.Fatalf("detail %q, want it to mention %q", r.detail(), tt.wantDetail)
			}
			class, _ := r.errorPair()
			if want := map[int]string{401: "AuthorizationException", 422: "ValueError"}[tt.wantStatus]; class != want {
				t.Fatalf("class %q, want %q", class, want)
			}
			if strings.Contains(string(r.body), "ZENPROKEY_") {
				t.Fatalf("the error echoes the key: %s", r.body)
			}
		})
	}
	t.Run("json body refused", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/auth/login", strings.NewReader(`{"password":"ZENPROKEY_first"}`))
		req.Header.Set("Content-Type", "application/json")
		serve(t, s, req).want(422)
	})
}

func TestBearerTokens(t *testing.T) {
	s := newTestServer(t, Options{TokenTTL: time.Minute})
	c := admin(t, s)
	c.get("/organizations").want(200)
	for name, header := range map[string]string{"missing": "", "wrong scheme": "Basic abc", "unknown": "Bearer nope", "empty": "Bearer "} {
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/organizations", nil)
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			serve(t, s, req).want(401)
		})
	}
	s.AdvanceClock(time.Minute)
	if r := c.get("/organizations").want(401); r.detail() != "token expired" {
		t.Fatalf("detail %q", r.detail())
	}
	// An API key works directly as a bearer token, with the checks of a login.
	direct := &client{t: t, s: s, token: s.APIKey()}
	if me := direct.get("/users/me").want(200).obj(); me["is_service_account"] != true {
		t.Fatalf("/users/me with the key as bearer token %v", me)
	}
	// The fault's token_ttl overrides the configured lifetime.
	s.SetFaults(Faults{TokenTTL: 2 * time.Second})
	if got := rawLogin(t, s, url.Values{"password": {s.APIKey()}}).want(200).obj()["expires_in"]; got != 2.0 {
		t.Fatalf("expires_in = %v, want 2", got)
	}
}

func TestAPIKeyLifecycleAtLogin(t *testing.T) {
	f := newFixture(t)
	c := f.c
	saID := f.newServiceAccount(t, "ci", "Organization Viewer")
	keysPath := f.saPath(saID) + "/api_keys"
	created := c.do("POST", keysPath, obj{"name": "main", "description": "d"}).want(200).obj()
	key, keyID := created["key"].(string), created["id"].(string)
	if !strings.HasPrefix(key, "ZENPROKEY_") || created["last_login"] != nil || created["expires_at"] != nil {
		t.Fatalf("created key %v", created)
	}
	if sa := c.get(f.saPath(saID)).want(200).obj(); sa["last_login"] != nil || sa["api_key_count"] != 1.0 {
		t.Fatalf("service account before a login %v", sa)
	}
	for _, k := range c.get(keysPath).want(200).list() {
		if _, ok := k["key"]; ok {
			t.Fatalf("list returns a key value: %v", k)
		}
	}
	loginAs(t, f.s, key)
	if c.get(keysPath + "/" + keyID).want(200).obj()["last_login"] == nil || c.get(f.saPath(saID)).want(200).obj()["last_login"] == nil {
		t.Fatal("last_login (of the key and of the service account) not updated by a login")
	}

	// Rotation with a retain period: both keys work until the period is over.
	rotated := c.do("POST", keysPath+"/"+keyID+"/rotate", obj{"retain_period_minutes": 30}).want(200).obj()
	newKey := rotated["key"].(string)
	if newKey == key || rotated["last_rotated"] == nil {
		t.Fatalf("rotate answer %v", rotated)
	}
	if !f.s.APIKeyWorks(key) || !f.s.APIKeyWorks(newKey) {
		t.Fatal("both keys must work during the retain period")
	}
	f.s.AdvanceClock(31 * time.Minute)
	if f.s.APIKeyWorks(key) {
		t.Fatal("the old key works after the retain period")
	}
	if r := rawLogin(t, f.s, url.Values{"password": {key}}).want(401); !strings.Contains(r.detail(), "rotated") {
		t.Fatalf("detail %q", r.detail())
	}
	loginAs(t, f.s, newKey)

	// Rotation without a retain period stops the old key at once; an empty body means 0.
	again := c.do("POST", keysPath+"/"+keyID+"/rotate", nil).want(200).obj()["key"].(string)
	if f.s.APIKeyWorks(newKey) || !f.s.APIKeyWorks(again) {
		t.Fatal("rotation with retain 0 must stop the old key at once")
	}
	c.do("POST", keysPath+"/"+keyID+"/rotate", obj{"retain_period_minutes": 10081}).want(422)
	c.do("POST", keysPath+"/"+keyID+"/rotate", obj{"retain_period_minutes": -1}).want(422)

	// Inactive key, inactive service account, expired key.
	c.do("PATCH", keysPath+"/"+keyID, obj{"active": false}).want(200)
	if r := rawLogin(t, f.s, url.Values{"password": {again}}).want(401); r.detail() != "API key is inactive" {
		t.Fatalf("detail %q", r.detail())
	}
	if r := (&client{t: t, s: f.s, token: again}).get("/users/me").want(401); r.detail() != "API key is inactive" {
		t.Fatalf("an inactive key as bearer token: %q", r.detail())
	}
	c.do("PATCH", keysPath+"/"+keyID, obj{"active": true, "description": "back"}).want(200)
	tok := loginAs(t, f.s, again)
	c.do("PATCH", f.saPath(saID), obj{"active": false}).want(200)
	if r := rawLogin(t, f.s, url.Values{"password": {again}}).want(401); r.detail() != "service account is inactive" {
		t.Fatalf("detail %q", r.detail())
	}
	tok.get("/users/me").want(401) // tokens of an inactive account stop working too
	c.do("PATCH", f.saPath(saID), obj{"active": true}).want(200)

	// Expiry: expires_in_minutes on create, expires_at in the answer.
	short := c.do("POST", keysPath, obj{"name": "short", "expires_in_minutes": 60}).want(200).obj()
	createdAt, _ := time.Parse(time.RFC3339Nano, short["created"].(string))
	if expiresAt, err := time.Parse(time.RFC3339Nano, fmt.Sprint(short["expires_at"])); err != nil || expiresAt.Sub(createdAt) != time.Hour {
		t.Fatalf("expires_at %v, want 60 minutes after created %v", short["expires_at"], short["created"])
	}
	loginAs(t, f.s, short["key"].(string))
	f.s.AdvanceClock(59 * time.Minute)
	loginAs(t, f.s, short["key"].(string))
	f.s.AdvanceClock(time.Minute)
	if r := rawLogin(t, f.s, url.Values{"password": {short["key"].(string)}}).want(401); r.detail() != "API key expired" {
		t.Fatalf("detail %q", r.detail())
	}
}

func TestWorkspaceServerTokenScope(t *testing.T) {
	f := newFixture(t)
	r := rawLogin(t, f.s, url.Values{"grant_type": {"client_credentials"}, "client_id": {f.hybridID}, "client_secret": {f.enrollKey}}).want(200)
	ws := &client{t: t, s: f.s, token: r.obj()["access_token"].(string)}
	ws.get("/workspaces/" + f.hybridID).want(200)
	ws.get("/workspaces/" + f.managedID).want(403)
	ws.get("/organizations").want(403)
	ws.get("/users/me").want(403)
	f.c.do("PATCH", "/workspace_status", obj{"server_url": "https://x.example.com", "version": "0.85.0"}).want(403)
	rawLogin(t, f.s, url.Values{"grant_type": {"client_credentials"}, "client_id": {f.hybridID}, "client_secret": {"wrong-enrollment-key"}}).want(401)
	rawLogin(t, f.s, url.Values{"grant_type": {"client_credentials"}, "client_id": {f.managedID}, "client_secret": {"x"}}).want(401)
}

// TestUsersMe: a service account answers as a user, as in the public sample: is_service_account,
// its organization_id, its username, email equal to the username, no created.
func TestUsersMe(t *testing.T) {
	f := newFixture(t)
	saID := f.newServiceAccount(t, "deployer", "Organization Viewer")
	c := f.c
	c.do("PATCH", f.saPath(saID), obj{"name": "The Deployer"}).want(200)
	key := c.do("POST", f.saPath(saID)+"/api_keys", obj{"name": "k"}).want(200).obj()["key"].(string)
	me := loginAs(t, f.s, key).get("/users/me").want(200).obj()
	want := obj{"id": saID, "username": "deployer", "email": "deployer", "name": "The Deployer", "is_active": true,
		"is_service_account": true, "organization_id": f.org}
	if fmt.Sprint(me) != fmt.Sprint(want) {
		t.Fatalf("/users/me = %v\nwant       %v", me, want)
	}
}

func TestWriteNeedsAdminOrManager(t *testing.T) {
	f := newFixture(t)
	viewer := f.scopedClient(t, "viewer", "Organization Viewer")
	manager := f.scopedClient(t, "manager", "Organization Manager")
	none := f.scopedClient(t, "nobody", "")

	viewer.get("/organizations/" + f.org + "/teams").want(200)
	viewer.get("/teams/" + f.teamID).want(200)
	viewer.do("POST", "/teams", obj{"organization_id": f.org, "name": "v"}).want(403)
	viewer.do("PATCH", "/teams/"+f.teamID, obj{"name": "v"}).want(403)
	viewer.do("DELETE", "/workspaces/"+f.managedID, nil).want(403)
	viewer.do("PUT", "/organizations/"+f.org+"/sso", obj{}).want(403)
	manager.do("POST", "/teams", obj{"organization_id": f.org, "name": "m"}).want(200)
	// Without any organization role, the organization's objects do not exist for the caller.
	none.get("/organizations/" + f.org).want(404)
	none.get("/teams/" + f.teamID).want(404)
	none.do("POST", "/teams", obj{"organization_id": f.org, "name": "n"}).want(404)
	if l := none.get("/organizations").want(200).list(); len(l) != 0 {
		t.Fatalf("an account without roles sees organizations: %v", l)
	}
}
