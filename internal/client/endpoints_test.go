package client

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestEndpoints pins every typed method to its method, escaped path, query and body, as
// API-CONTRACT.md defines them.
func TestEndpoints(t *testing.T) {
	var list atomic.Bool
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodDelete:
			writeJSON(w, http.StatusOK, nil) // the public scripts expect 200 on delete
		case list.Load():
			writeJSON(w, http.StatusOK, []any{})
		case r.Method == http.MethodPost:
			writeJSON(w, http.StatusOK, map[string]any{"id": "x-1", "enrollment_key": "new-enrollment-key"})
		default:
			writeJSON(w, http.StatusOK, map[string]any{"id": "x-1", "enrollment_key": "new-enrollment-key"})
		}
	})
	c := newTestClient(t, f)
	ctx := testCtx(t)
	deactivated, desc, inactive := "deactivated", "new", false
	noDomains := []string{}
	perms := []string{"workspace:read"}
	const page = "limit=200&offset=0"

	type call func(context.Context, *Client) error
	ignore := func(_ any, err error) error { return err }
	tests := []struct {
		name   string
		call   call
		method string
		path   string // escaped, as on the wire
		query  string // url.Values.Encode() of the query
		body   string // exact JSON ("" = no body)
		list   bool
	}{
		{"CurrentUser", func(ctx context.Context, c *Client) error { return ignore(c.CurrentUser(ctx)) },
			"GET", "/users/me", "", "", false},
		{"FindUsersByEmail", func(ctx context.Context, c *Client) error { return ignore(c.FindUsersByEmail(ctx, "ada@example.com")) },
			"GET", "/users", "email=ada%40example.com&" + page, "", true},
		{"GetUser", func(ctx context.Context, c *Client) error { return ignore(c.GetUser(ctx, "u-1")) },
			"GET", "/users/u-1", "", "", false},
		{"ListOrganizations", func(ctx context.Context, c *Client) error { return ignore(c.ListOrganizations(ctx)) },
			"GET", "/organizations", page, "", true},
		{"GetOrganization", func(ctx context.Context, c *Client) error { return ignore(c.GetOrganization(ctx, "acme")) },
			"GET", "/organizations/acme", "", "", false},
		{"CreateOrganization", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateOrganization(ctx, OrganizationCreate{Name: "acme"}))
		}, "POST", "/organizations", "", `{"name":"acme","description":"","trusted_domains":[]}`, false},
		{"UpdateOrganization clears domains", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateOrganization(ctx, "o-1", OrganizationUpdate{TrustedDomains: &noDomains}))
		}, "PATCH", "/organizations/o-1", "", `{"trusted_domains":[]}`, false},
		{"DeleteOrganization", func(ctx context.Context, c *Client) error { return c.DeleteOrganization(ctx, "o-1") },
			"DELETE", "/organizations/o-1", "", "", false},
		{"ListOrganizationMembers", func(ctx context.Context, c *Client) error { return ignore(c.ListOrganizationMembers(ctx, "o-1")) },
			"GET", "/organizations/o-1/members", page, "", true},
		{"RemoveOrganizationMember", func(ctx context.Context, c *Client) error { return c.RemoveOrganizationMember(ctx, "o-1", "u-1") },
			"DELETE", "/organizations/o-1/members", "user_id=u-1", "", false},

		{"ListWorkspaces hybrid", func(ctx context.Context, c *Client) error {
			return ignore(c.ListWorkspaces(ctx, WorkspacesHybrid, WorkspaceFilter{}))
		}, "GET", "/workspaces", "is_managed=false&" + page, "", true},
		{"ListWorkspaces managed", func(ctx context.Context, c *Client) error {
			return ignore(c.ListWorkspaces(ctx, WorkspacesManaged, WorkspaceFilter{OrganizationID: "o-1"}))
		}, "GET", "/workspaces", "is_managed=true&" + page + "&organization_id=o-1", "", true},
		{"GetWorkspace", func(ctx context.Context, c *Client) error { return ignore(c.GetWorkspace(ctx, "w-1")) },
			"GET", "/workspaces/w-1", "", "", false},
		{"CreateWorkspace hybrid", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateWorkspace(ctx, WorkspaceCreate{Name: "prod", OrganizationID: "o-1"}))
		}, "POST", "/workspaces", "enroll=true", `{"name":"prod","organization_id":"o-1"}`, false},
		{"CreateWorkspace hybrid with optional fields", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateWorkspace(ctx, WorkspaceCreate{Name: "prod", OrganizationID: "o-1", Description: "d",
				ZenMLService: &ZenMLService{Configuration: &ZenMLServiceConfiguration{Version: "0.98.0"}}}))
		}, "POST", "/workspaces", "enroll=true",
			`{"name":"prod","organization_id":"o-1","description":"d","zenml_service":{"configuration":{"version":"0.98.0"}}}`, false},
		{"CreateWorkspace managed", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateWorkspace(ctx, WorkspaceCreate{Name: "prod", OrganizationID: "o-1", IsManaged: true,
				ZenMLService: &ZenMLService{Configuration: &ZenMLServiceConfiguration{Version: "0.80.0"}}}))
		}, "POST", "/workspaces", "",
			`{"name":"prod","organization_id":"o-1","is_managed":true,"zenml_service":{"configuration":{"version":"0.80.0"}}}`, false},
		{"UpdateWorkspace", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateWorkspace(ctx, "w-1", WorkspaceUpdate{DesiredState: &deactivated}))
		}, "PATCH", "/workspaces/w-1", "", `{"desired_state":"deactivated"}`, false},
		{"DeleteWorkspace", func(ctx context.Context, c *Client) error { return c.DeleteWorkspace(ctx, "w-1") },
			"DELETE", "/workspaces/w-1", "", "", false},
		{"RotateEnrollmentKey", func(ctx context.Context, c *Client) error {
			key, err := c.RotateEnrollmentKey(ctx, "w-1")
			if err == nil && key != "new-enrollment-key" {
				t.Errorf("RotateEnrollmentKey = %q", key)
			}
			return err
		}, "POST", "/workspaces/w-1/enrollment_key", "", "", false},
		{"ReportWorkspaceStatus", func(ctx context.Context, c *Client) error {
			return ignore(c.ReportWorkspaceStatus(ctx, WorkspaceServer{WorkspaceID: "w-1", Version: "0.98.0", URL: "https://zen.example.com"}))
		}, "PATCH", "/workspace_status", "", "", false},

		{"ListInvitations", func(ctx context.Context, c *Client) error { return ignore(c.ListInvitations(ctx, "o-1", "", false)) },
			"GET", "/organizations/o-1/invitations", page, "", true},
		{"GetInvitation lists by email", func(ctx context.Context, c *Client) error {
			_, err := c.GetInvitation(ctx, "o-1", "i-1", "a@example.com")
			if !IsNotFound(err) {
				return err // the fake lists none: not found
			}
			return nil
		}, "GET", "/organizations/o-1/invitations", "email=a%40example.com&" + page, "", true},
		{"CreateInvitation", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateInvitation(ctx, "o-1", InvitationCreate{Email: "a@example.com", RoleID: "r-1"}))
		}, "POST", "/organizations/o-1/invitations", "", `{"email":"a@example.com","role_id":"r-1"}`, false},
		{"DeleteInvitation", func(ctx context.Context, c *Client) error { return c.DeleteInvitation(ctx, "o-1", "i-1") },
			"DELETE", "/organizations/o-1/invitations/i-1", "", "", false},

		{"ListTeams", func(ctx context.Context, c *Client) error { return ignore(c.ListTeams(ctx, "o-1")) },
			"GET", "/organizations/o-1/teams", page, "", true},
		{"GetTeam", func(ctx context.Context, c *Client) error { return ignore(c.GetTeam(ctx, "t-1")) },
			"GET", "/teams/t-1", "", "", false},
		{"CreateTeam", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateTeam(ctx, TeamCreate{OrganizationID: "o-1", Name: "ops"}))
		}, "POST", "/teams", "", `{"organization_id":"o-1","name":"ops","description":""}`, false},
		{"UpdateTeam", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateTeam(ctx, "t-1", TeamUpdate{Description: &desc}))
		}, "PATCH", "/teams/t-1", "", `{"description":"new"}`, false},
		{"DeleteTeam", func(ctx context.Context, c *Client) error { return c.DeleteTeam(ctx, "t-1") },
			"DELETE", "/teams/t-1", "", "", false},
		{"ListTeamMembers", func(ctx context.Context, c *Client) error { return ignore(c.ListTeamMembers(ctx, "t-1")) },
			"GET", "/teams/t-1/members", page, "", true},
		{"AddTeamMember invitation", func(ctx context.Context, c *Client) error {
			return ignore(c.AddTeamMember(ctx, "t-1", SubjectInvitation, "i-1"))
		}, "POST", "/teams/t-1/members", "invitation_id=i-1", "", false},
		{"AddTeamMember service account", func(ctx context.Context, c *Client) error {
			return ignore(c.AddTeamMember(ctx, "t-1", SubjectServiceAccount, "sa-1"))
		}, "POST", "/teams/t-1/members", "user_id=sa-1", "", false},
		{"RemoveTeamMember", func(ctx context.Context, c *Client) error { return c.RemoveTeamMember(ctx, "t-1", SubjectUser, "u-1") },
			"DELETE", "/teams/t-1/members", "user_id=u-1", "", false},

		{"ListRoles", func(ctx context.Context, c *Client) error { return ignore(c.ListRoles(ctx, "o-1", "", "Stack Admin")) },
			"GET", "/organizations/o-1/roles", "limit=200&name=Stack+Admin&offset=0", "", true},
		{"GetRole", func(ctx context.Context, c *Client) error { return ignore(c.GetRole(ctx, "r-1")) },
			"GET", "/roles/r-1", "", "", false},
		{"CreateRole", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateRole(ctx, RoleCreate{OrganizationID: "o-1", Name: "Auditor", Level: LevelWorkspace, Permissions: perms}))
		}, "POST", "/roles", "", `{"organization_id":"o-1","name":"Auditor","description":"","level":"workspace","permissions":["workspace:read"]}`, false},
		{"UpdateRole", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateRole(ctx, "r-1", RoleUpdate{Permissions: &perms}))
		}, "PATCH", "/roles/r-1", "", `{"permissions":["workspace:read"]}`, false},
		{"DeleteRole", func(ctx context.Context, c *Client) error { return c.DeleteRole(ctx, "r-1") },
			"DELETE", "/roles/r-1", "", "", false},
		{"ListPermissions", func(ctx context.Context, c *Client) error { return ignore(c.ListPermissions(ctx, LevelProject)) },
			"GET", "/permissions", "level=project&" + page, "", true},
		{"ListRoleAssignments", func(ctx context.Context, c *Client) error {
			return ignore(c.ListRoleAssignments(ctx, "r-1", "w-1", "p-1"))
		},
			"GET", "/roles/r-1/assignments", page + "&project_id=p-1&workspace_id=w-1", "", true},
		{"CreateAssignment project level", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateAssignment(ctx, AssignmentKey{RoleID: "r-1", SubjectKind: SubjectServiceAccount, SubjectID: "sa-1", WorkspaceID: "w-1", ProjectID: "p-1"}))
		}, "POST", "/roles/r-1/assignments", "project_id=p-1&user_id=sa-1&workspace_id=w-1", "", false},
		{"DeleteAssignment organization level", func(ctx context.Context, c *Client) error {
			return c.DeleteAssignment(ctx, AssignmentKey{RoleID: "r-1", SubjectKind: SubjectTeam, SubjectID: "t-1"})
		}, "DELETE", "/roles/r-1/assignments", "team_id=t-1", "", false},

		{"GetSSO", func(ctx context.Context, c *Client) error { return ignore(c.GetSSO(ctx, "o-1")) },
			"GET", "/organizations/o-1/sso", "", "", false},
		{"PutSSO keeps the secret", func(ctx context.Context, c *Client) error {
			return ignore(c.PutSSO(ctx, "o-1", SSOUpdate{Enabled: true, Protocol: "oidc", IssuerURL: "https://idp.example.com", ClientID: "cid"}))
		}, "PUT", "/organizations/o-1/sso", "",
			`{"enabled":true,"protocol":"oidc","issuer_url":"https://idp.example.com","client_id":"cid","scopes":[],"domains":[],"jit_provisioning":false,"default_role_id":null,"enforce_sso":false}`, false},
		{"DeleteSSO", func(ctx context.Context, c *Client) error { return c.DeleteSSO(ctx, "o-1") },
			"DELETE", "/organizations/o-1/sso", "", "", false},

		{"ListServiceAccounts", func(ctx context.Context, c *Client) error { return ignore(c.ListServiceAccounts(ctx, "o-1")) },
			"GET", "/organizations/o-1/service_accounts", page, "", true},
		{"GetServiceAccount", func(ctx context.Context, c *Client) error { return ignore(c.GetServiceAccount(ctx, "o-1", "sa-1")) },
			"GET", "/organizations/o-1/service_accounts/sa-1", "", "", false},
		{"CreateServiceAccount", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateServiceAccount(ctx, "o-1", ServiceAccountCreate{Name: "CI bot", Username: "ci", RoleID: "r-1"}))
		}, "POST", "/organizations/o-1/service_accounts", "", `{"name":"CI bot","username":"ci","description":"","role_id":"r-1"}`, false},
		{"UpdateServiceAccount", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateServiceAccount(ctx, "o-1", "sa-1", ServiceAccountUpdate{Active: &inactive}))
		}, "PATCH", "/organizations/o-1/service_accounts/sa-1", "", `{"active":false}`, false},
		{"DeleteServiceAccount", func(ctx context.Context, c *Client) error { return c.DeleteServiceAccount(ctx, "o-1", "sa-1") },
			"DELETE", "/organizations/o-1/service_accounts/sa-1", "", "", false},
		{"ListAPIKeys", func(ctx context.Context, c *Client) error { return ignore(c.ListAPIKeys(ctx, "o-1", "sa-1")) },
			"GET", "/organizations/o-1/service_accounts/sa-1/api_keys", page, "", true},
		{"GetAPIKey", func(ctx context.Context, c *Client) error { return ignore(c.GetAPIKey(ctx, "o-1", "sa-1", "k-1")) },
			"GET", "/organizations/o-1/service_accounts/sa-1/api_keys/k-1", "", "", false},
		{"CreateAPIKey", func(ctx context.Context, c *Client) error {
			return ignore(c.CreateAPIKey(ctx, "o-1", "sa-1", APIKeyCreate{Name: "ci"}))
		}, "POST", "/organizations/o-1/service_accounts/sa-1/api_keys", "", `{"name":"ci","description":""}`, false},
		{"CreateAPIKey with expiry", func(ctx context.Context, c *Client) error {
			in := time.Now().Add(90*time.Minute + 30*time.Second)
			return ignore(c.CreateAPIKey(ctx, "o-1", "sa-1", APIKeyCreate{Name: "ci", ExpiresAt: &in}))
		}, "POST", "/organizations/o-1/service_accounts/sa-1/api_keys", "", `{"name":"ci","description":"","expires_in_minutes":91}`, false},
		{"UpdateAPIKey", func(ctx context.Context, c *Client) error {
			return ignore(c.UpdateAPIKey(ctx, "o-1", "sa-1", "k-1", APIKeyUpdate{Active: &inactive}))
		}, "PATCH", "/organizations/o-1/service_accounts/sa-1/api_keys/k-1", "", `{"active":false}`, false},
		{"RotateAPIKey", func(ctx context.Context, c *Client) error {
			return ignore(c.RotateAPIKey(ctx, "o-1", "sa-1", "k-1", 60))
		},
			"POST", "/organizations/o-1/service_accounts/sa-1/api_keys/k-1/rotate", "", `{"retain_period_minutes":60}`, false},
		{"DeleteAPIKey", func(ctx context.Context, c *Client) error { return c.DeleteAPIKey(ctx, "o-1", "sa-1", "k-1") },
			"DELETE", "/organizations/o-1/service_accounts/sa-1/api_keys/k-1", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list.Store(tt.list)
			before := len(f.apiRequests())
			if err := tt.call(ctx, c); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.apiRequests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.RawPath != tt.path {
				t.Errorf("request = %s %s, want %s %s", r.Method, r.RawPath, tt.method, tt.path)
			}
			if got := r.Query.Encode(); got != tt.query {
				t.Errorf("query = %q, want %q", got, tt.query)
			}
			if r.Body != tt.body {
				t.Errorf("body = %s, want %s", r.Body, tt.body)
			}
			wantType := ""
			if tt.body != "" {
				wantType = "application/json"
			}
			if got := r.Header.Get("Content-Type"); got != wantType {
				t.Errorf("Content-Type = %q, want %q", got, wantType)
			}
			if hasKey := r.idemKey() != ""; hasKey != (tt.method == http.MethodPost) {
				t.Errorf("Idempotency-Key %q on %s", r.idemKey(), tt.method)
			}
		})
	}
}

// TestListWorkspacesAllAsksForEachKind: the default of is_managed may be either way on a real
// control plane, so a lookup of every workspace asks for hybrid and managed ones in turn, and a
// control plane that ignores the filter does not make it answer any workspace twice.
func TestListWorkspacesAllAsksForEachKind(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("is_managed") {
		case "false":
			writeJSON(w, http.StatusOK, []any{map[string]any{"id": "w-h", "name": "hybrid"}, map[string]any{"id": "w-both", "name": "both"}})
		case "true":
			writeJSON(w, http.StatusOK, []any{map[string]any{"id": "w-m", "name": "managed"}, map[string]any{"id": "w-both", "name": "both"}})
		default:
			t.Errorf("a list without is_managed: %s", r.URL.RawQuery)
		}
	})
	c := newTestClient(t, f)
	list, err := c.ListWorkspaces(testCtx(t), WorkspacesAll, WorkspaceFilter{OrganizationID: "o-1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range list {
		got = append(got, fmt.Sprintf("%s:%v", w.ID, w.IsManaged))
	}
	if want := "w-h:false,w-both:false,w-m:true"; strings.Join(got, ",") != want {
		t.Errorf("workspaces = %v, want %s (hybrid first, each once, managed marked)", got, want)
	}
	if n := len(f.apiRequests()); n != 2 {
		t.Errorf("requests = %d, want 2 (one per kind)", n)
	}
	if _, err := c.ListWorkspaces(testCtx(t), "both", WorkspaceFilter{}); err == nil {
		t.Error("an unknown kind must be refused")
	}
}

// TestExpiresInMinutes: the API takes whole minutes; rounding up means a key never expires before
// the instant asked for, and the API's minimum of 1 holds.
func TestExpiresInMinutes(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		at   time.Duration
		want int64
	}{{time.Hour, 60}, {time.Hour + time.Second, 61}, {59 * time.Second, 1}, {-time.Hour, 1}, {0, 1}} {
		if got := ExpiresInMinutes(now.Add(c.at), now); got != c.want {
			t.Errorf("ExpiresInMinutes(now+%v) = %d, want %d", c.at, got, c.want)
		}
	}
}
