package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

const (
	testKey  = "ZENPROKEY_conformance0test"
	orgID    = "0b6a3c2e-5d1f-4e7a-9c8b-1a2b3c4d5e6f"
	teamID   = "7e2d1c3b-4a5f-4b6e-8d7c-9f0a1b2c3d4e"
	userID   = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
	saID     = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"
	keyID    = "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b"
	roleID   = "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c"
	wsID     = "5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d"
	invID    = "6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e"
	stamp    = `"2026-11-25T22:15:14.123456Z"`
	notFound = `{"detail": "Not Found"}`
)

// The answers of a control plane that matches the contract, by route (Go ServeMux patterns). The
// objects are one of each kind; a read by another id answers an object's 404.
var (
	userJSON   = `{"id": "` + userID + `", "username": "ann", "email": "ann@example.com", "name": "Ann", "is_active": true, "is_service_account": false}`
	saJSON     = `{"id": "` + saID + `", "organization_id": "` + orgID + `", "name": "ci", "username": "ci", "description": "", "active": true, "last_login": null, "api_key_count": 1, "created": ` + stamp + `, "updated": ` + stamp + `}`
	invJSON    = `{"id": "` + invID + `", "organization_id": "` + orgID + `", "email": "dana@example.com", "role": {"id": "` + roleID + `", "name": "Organization Member"}, "status": "pending", "user_id": null, "created": ` + stamp + `, "expires": ` + stamp + `}`
	teamJSON   = `{"id": "` + teamID + `", "organization_id": "` + orgID + `", "name": "ml", "description": "", "member_count": 2, "created": ` + stamp + `, "updated": ` + stamp + `}`
	orgJSON    = `{"id": "` + orgID + `", "name": "acme", "description": null, "trusted_domains": [], "owner": null, "has_active_subscription": true, "created": ` + stamp + `, "updated": ` + stamp + `}`
	roleJSON   = `{"id": "` + roleID + `", "organization_id": "` + orgID + `", "name": "Organization Admin", "description": "", "level": "organization", "permissions": ["team:read"], "system_managed": true, "created": ` + stamp + `, "updated": ` + stamp + `}`
	wsJSON     = `{"id": "` + wsID + `", "name": "prod", "description": null, "organization": {"id": "` + orgID + `", "name": "acme"}, "desired_state": "available", "status": "available", "state_reason": "", "zenml_service": {"configuration": null, "status": {"server_url": "https://zenml.example.com", "version": "0.90.0"}}, "is_managed": false}`
	keyJSON    = `{"id": "` + keyID + `", "service_account_id": "` + saID + `", "name": "default", "description": "", "active": true, "expires_at": null, "last_login": null, "last_rotated": null, "created": ` + stamp + `}`
	ssoJSON    = `{"enabled": true, "protocol": "oidc", "issuer_url": "https://login.example.com", "client_id": "zenml", "client_secret_set": true, "scopes": ["openid"], "domains": [], "jit_provisioning": false, "default_role_id": null, "enforce_sso": false, "created": ` + stamp + `}`
	assignJSON = `{"role": {"id": "` + roleID + `", "name": "Organization Admin"}, "user": {"id": "` + saID + `", "username": "ci", "email": "ci"}, "workspace_id": null, "project_id": null}`
)

func conformantAnswers() map[string]string {
	return map[string]string{
		"GET /organizations":                                      "[" + orgJSON + "]",
		"GET /organizations/{org}":                                orgJSON, // by id or by name
		"GET /organizations/{org}/members":                        `[{"type": "user", "user": ` + userJSON + `, "roles": []}, {"type": "service_account", "service_account": ` + saJSON + `, "roles": [{"id": "` + roleID + `", "name": "Organization Admin"}]}, {"type": "team", "team": {"id": "` + teamID + `", "name": "ml"}, "roles": []}, {"type": "invitation", "invitation": ` + invJSON + `, "roles": []}]`,
		"GET /users/me":                                           `{"id": "` + saID + `", "username": "ci", "email": "ci", "name": "ci", "is_active": true, "is_service_account": true, "organization_id": "` + orgID + `"}`,
		"GET /users":                                              "[" + userJSON + "]",
		"GET /users/{id}":                                         userJSON,
		"GET /workspaces":                                         "[" + wsJSON + "]", // is_managed=true is answered below
		"GET /workspaces/{id}":                                    wsJSON,
		"GET /organizations/{org}/invitations":                    "[" + invJSON + "]",
		"GET /organizations/{org}/teams":                          `[{"id": "` + teamID + `", "name": "ml"}]`,
		"GET /teams/{id}":                                         teamJSON,
		"GET /teams/{id}/members":                                 `[{"user": ` + userJSON + `}, {"invitation": ` + invJSON + `}]`,
		"GET /organizations/{org}/roles":                          "[" + roleJSON + "]",
		"GET /roles/{id}":                                         roleJSON,
		"GET /permissions":                                        `[{"name": "team:read", "level": "organization", "description": "View teams."}]`,
		"GET /roles/{id}/assignments":                             "[" + assignJSON + "]",
		"GET /organizations/{org}/sso":                            ssoJSON,
		"GET /organizations/{org}/service_accounts":               "[" + saJSON + "]",
		"GET /organizations/{org}/service_accounts/{id}":          saJSON,
		"GET /organizations/{org}/service_accounts/{id}/api_keys": "[" + keyJSON + "]",
		"GET /organizations/{org}/service_accounts/{id}/api_keys/{keyid}": keyJSON,
	}
}

// fakeControlPlane serves answers (a pattern's answer may start with a status: "405 {...}"), logs
// in testKey, and records every request.
type fakeControlPlane struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

// knownIDs are the ids the fake has objects for (and the organization's name).
var knownIDs = map[string]bool{orgID: true, "acme": true, teamID: true, userID: true, saID: true, keyID: true, roleID: true, wsID: true}

func newFake(t *testing.T, answers map[string]string) *fakeControlPlane {
	t.Helper()
	f := &fakeControlPlane{}
	mux := http.NewServeMux()
	for pattern, answer := range answers {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			for _, name := range []string{"org", "id", "keyid"} {
				if v := r.PathValue(name); v != "" && !knownIDs[v] {
					writeAnswer(w, `404 {"detail": ["KeyError", "'object not found'"]}`)
					return
				}
			}
			if r.URL.Path == "/workspaces" && r.URL.Query().Get("is_managed") == "true" {
				writeAnswer(w, "["+strings.Replace(wsJSON, `"is_managed": false`, `"is_managed": true`, 1)+"]")
				return
			}
			writeAnswer(w, answer)
		})
	}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path)
		f.mu.Unlock()
		if r.Method == http.MethodPost && r.URL.Path == "/auth/login" {
			_ = r.ParseForm()
			if r.PostForm.Get("password") != testKey {
				writeAnswer(w, `401 {"detail": ["AuthorizationException", "API key is invalid"]}`)
				return
			}
			writeAnswer(w, `{"access_token": "tok", "token_type": "bearer", "expires_in": 3600}`)
			return
		}
		if r.Header.Get("Authorization") != "Bearer tok" {
			writeAnswer(w, `401 {"detail": "Not authenticated"}`)
			return
		}
		if _, pattern := mux.Handler(r); pattern == "" {
			writeAnswer(w, "404 "+notFound) // what FastAPI answers for a route it does not have
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

var statusPrefix = regexp.MustCompile(`^(\d{3}) `)

func writeAnswer(w http.ResponseWriter, answer string) {
	status := http.StatusOK
	if m := statusPrefix.FindStringSubmatch(answer); m != nil {
		status = map[string]int{"401": 401, "404": 404, "405": 405, "500": 500, "403": 403}[m[1]]
		answer = answer[len(m[0]):]
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(answer))
}

// conform runs the command against f and returns its exit status, its output and each call's
// line parsed into verdict and detail.
func conform(t *testing.T, f *fakeControlPlane, env map[string]string) (int, string, map[string][2]string) {
	t.Helper()
	if env == nil {
		env = map[string]string{envAPIURL: f.URL, envAPIKey: testKey, envOrganizationID: orgID}
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, func(k string) string { return env[k] }, &stdout, &stderr)
	lines := map[string][2]string{}
	for _, line := range strings.Split(stdout.String(), "\n") {
		cols := regexp.MustCompile(`\s{2,}`).Split(line, 4)
		if len(cols) >= 3 && strings.HasPrefix(cols[0], "GET ") {
			detail := ""
			if len(cols) == 4 {
				detail = cols[3]
			}
			lines[cols[0]] = [2]string{cols[1], detail}
		}
	}
	return code, stdout.String() + stderr.String(), lines
}

// TestConformant: a control plane that matches the contract passes, every call of the table is
// reported, and the command makes no request but the login and GETs.
func TestConformant(t *testing.T) {
	f := newFake(t, conformantAnswers())
	code, out, lines := conform(t, f, nil)
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, out)
	}
	if len(lines) != len(calls) {
		t.Errorf("%d call lines, want one per call of the table (%d):\n%s", len(lines), len(calls), out)
	}
	for call, got := range lines {
		if got[0] != served || !strings.HasPrefix(got[1], "fields match") {
			t.Errorf("%s: %q %q, want served with fields checked", call, got[0], got[1])
		}
	}
	if !strings.Contains(out, "24 calls: 24 served, 0 not served, 0 differ, 0 could not be checked.") {
		t.Errorf("no summary line:\n%s", out)
	}
	for _, req := range f.requests {
		if req != "POST /auth/login" && !strings.HasPrefix(req, "GET ") {
			t.Errorf("the command made %s: it may only log in and GET", req)
		}
	}
	if n := strings.Count(strings.Join(f.requests, "\n"), "POST /auth/login"); n != 1 {
		t.Errorf("%d logins, want 1", n)
	}
}

// TestDifferences: each way a control plane can differ is reported on its call's line only.
func TestDifferences(t *testing.T) {
	cases := []struct {
		name    string
		change  func(map[string]string)
		call    string
		verdict string
		detail  string
		// also are other calls the change affects (they read the same object).
		also []string
	}{
		{
			name: "a needed field missing",
			change: func(a map[string]string) {
				a["GET /teams/{id}"] = strings.Replace(teamJSON, `"member_count": 2, `, "", 1)
			},
			call: "GET /teams/{id}", verdict: differs, detail: "member_count is missing",
		},
		{
			name: "a field of another type",
			change: func(a map[string]string) {
				a["GET /users/{id}"] = strings.Replace(userJSON, `"is_active": true`, `"is_active": "yes"`, 1)
			},
			call: "GET /users/{id}", verdict: differs, detail: "is_active is a string, want a boolean",
		},
		{
			name: "a list entry of another type",
			change: func(a map[string]string) {
				a["GET /permissions"] = `[{"name": "team:read", "level": 1, "description": ""}]`
			},
			call: "GET /permissions", verdict: differs, detail: "[].level is an integer, want a string",
		},
		{
			name: "extra fields are fine",
			change: func(a map[string]string) {
				a["GET /teams/{id}"] = strings.Replace(teamJSON, `{`, `{"labels": {"env": "prod"}, "new_field": [1, 2], `, 1)
			},
			call: "GET /teams/{id}", verdict: served, detail: "fields match",
		},
		{
			name:   "a route the control plane does not have",
			change: func(a map[string]string) { delete(a, "GET /organizations/{org}/sso") },
			call:   "GET /organizations/{org}/sso", verdict: notServed, detail: `HTTP 404 "Not Found": the route does not exist`,
		},
		{
			name:   "a method the route does not take",
			change: func(a map[string]string) { a["GET /roles/{id}/assignments"] = `405 {"detail": "Method Not Allowed"}` },
			call:   "GET /roles/{id}/assignments", verdict: notServed, detail: `HTTP 405 "Method Not Allowed": the route does not exist`,
		},
		{
			name: "SSO not configured",
			change: func(a map[string]string) {
				a["GET /organizations/{org}/sso"] = `404 {"detail": ["KeyError", "'SSO configuration not found'"]}`
			},
			call: "GET /organizations/{org}/sso", verdict: served, detail: "fields not checked (not configured)",
		},
		{
			name:   "no object to read by id: a made-up id answers an object's 404",
			change: func(a map[string]string) { a["GET /organizations/{org}/teams"] = "[]" },
			call:   "GET /teams/{id}", verdict: served, detail: "fields not checked (no object)",
		},
		{
			name: "a listed object that its read by id does not find",
			change: func(a map[string]string) {
				a["GET /organizations/{org}/teams"] = `[{"id": "` + invID + `", "name": "ghost"}]`
			},
			call: "GET /teams/{id}", verdict: differs, detail: "HTTP 404 for an object an earlier call found (object not found)",
			also: []string{"GET /teams/{id}/members"},
		},
		{
			name: "a workspace filter that is ignored",
			change: func(a map[string]string) {
				a["GET /workspaces"] = "[" + strings.Replace(wsJSON, `"is_managed": false`, `"is_managed": true`, 1) + "]"
			},
			call: "GET /workspaces?is_managed=false", verdict: differs, detail: "lists a workspace with is_managed=true: the filter is ignored",
		},
		{
			name: "a refused call",
			change: func(a map[string]string) {
				a["GET /permissions"] = `403 {"detail": ["IllegalOperationError", "not allowed"]}`
			},
			call: "GET /permissions", verdict: failed, detail: "HTTP 403: not allowed",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			answers := conformantAnswers()
			tc.change(answers)
			code, out, lines := conform(t, newFake(t, answers), nil)
			got := lines[tc.call]
			if got[0] != tc.verdict || got[1] != tc.detail {
				t.Fatalf("%s: %q %q, want %q %q:\n%s", tc.call, got[0], got[1], tc.verdict, tc.detail, out)
			}
			wantCode := 1
			if tc.verdict == served {
				wantCode = 0
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d:\n%s", code, wantCode, out)
			}
			// Every other call is unaffected, but those that read the object another line made up.
			for call, other := range lines {
				if call != tc.call && !slices.Contains(tc.also, call) && other[0] != served {
					t.Errorf("%s: %q %q, want served (only %s changed)", call, other[0], other[1], tc.call)
				}
			}
		})
	}
}

// TestSettings: a missing or malformed setting, or a refused key, stops the command before any
// check, with a message that names the setting.
func TestSettings(t *testing.T) {
	f := newFake(t, conformantAnswers())
	for _, tc := range []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"nothing set", map[string]string{}, []string{"set ZENML_PRO_API_URL, ZENML_PRO_API_KEY, ZENML_PRO_ORGANIZATION_ID", "a service account's API key"}},
		{"no key", map[string]string{envAPIURL: f.URL, envOrganizationID: orgID}, []string{"set ZENML_PRO_API_KEY (ZENML_PRO_API_KEY: a service account's API key)"}},
		{"no organization", map[string]string{envAPIURL: f.URL, envAPIKey: testKey}, []string{"set ZENML_PRO_ORGANIZATION_ID"}},
		{"an organization name", map[string]string{envAPIURL: f.URL, envAPIKey: testKey, envOrganizationID: "acme"}, []string{`ZENML_PRO_ORGANIZATION_ID="acme" is not an organization id`}},
		{"a bad URL", map[string]string{envAPIURL: "cloudapi.zenml.io", envAPIKey: testKey, envOrganizationID: orgID}, []string{"ZENML_PRO_API_URL", "must be an absolute http or https URL"}},
		{"a refused key", map[string]string{envAPIURL: f.URL, envAPIKey: "ZENPROKEY_wrong", envOrganizationID: orgID}, []string{"could not log in", "API key is invalid"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, lines := conform(t, f, tc.env)
			if code != 2 || len(lines) != 0 {
				t.Errorf("exit %d with %d call lines, want 2 and none:\n%s", code, len(lines), out)
			}
			for _, want := range tc.want {
				if !strings.Contains(out, want) {
					t.Errorf("the output does not say %q:\n%s", want, out)
				}
			}
			if strings.Contains(out, "ZENPROKEY_wrong") {
				t.Errorf("the output shows the API key:\n%s", out)
			}
		})
	}
}

// TestOutputIsStable: two runs against the same control plane print the same bytes, with the
// columns aligned.
func TestOutputIsStable(t *testing.T) {
	f := newFake(t, conformantAnswers())
	_, first, _ := conform(t, f, nil)
	_, second, _ := conform(t, f, nil)
	if first != second {
		t.Errorf("two runs differ:\n%s\n---\n%s", first, second)
	}
	var verdictColumn int
	for _, line := range strings.Split(first, "\n") {
		if !strings.HasPrefix(line, "GET ") && !strings.HasPrefix(line, "CALL") {
			continue
		}
		col := strings.Index(line, "  served")
		if strings.HasPrefix(line, "CALL") {
			col = strings.Index(line, "  VERDICT")
		}
		if verdictColumn == 0 {
			verdictColumn = col
		}
		if col != verdictColumn {
			t.Errorf("the verdict of %q is not aligned with the others", line)
		}
	}
	var decoded any
	if json.Unmarshal([]byte(first), &decoded) == nil {
		t.Error("the report is meant for people, not JSON")
	}
}
