// Package contracttest holds the client and the mock control plane to each other: both implement
// API-CONTRACT.md without sharing code, and these tests run every client call against the mock and
// check that what one side writes the other reads, field by field.
package contracttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

type fixture struct {
	mock  *mockcontrolplane.Server
	url   string
	c     *client.Client
	orgID string
	ctx   context.Context
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{
		Organization:   "contract-org",
		Users:          []string{"ann@example.com", "bob@example.com"},
		ProvisionDelay: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey(), RetryWaitMin: time.Millisecond, RetryWaitMax: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return &fixture{mock: mock, url: srv.URL, c: c, orgID: mock.OrganizationID(), ctx: ctx}
}

// must(call()).get(t) fails the test when call returned an error, else gives its value.
func must[T any](v T, err error) result[T] { return result[T]{v, err} }

type result[T any] struct {
	v   T
	err error
}

func (r result[T]) get(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func expect(t *testing.T, what string, err error, is func(error) bool) {
	t.Helper()
	if !is(err) {
		t.Fatalf("%s: got %v", what, err)
	}
}

func TestOrganizationsAndUsers(t *testing.T) {
	f := newFixture(t)
	me := must(f.c.CurrentUser(f.ctx)).get(t)
	if me.ID == "" || !me.IsServiceAccount || me.Username == "" || me.Email != nil {
		t.Errorf("current user %+v", me)
	}
	orgs := must(f.c.ListOrganizations(f.ctx)).get(t)
	if len(orgs) != 1 || orgs[0].ID != f.orgID || orgs[0].Name != "contract-org" || orgs[0].Created == "" || orgs[0].TrustedDomains == nil {
		t.Errorf("organizations %+v", orgs)
	}
	byName := must(f.c.GetOrganization(f.ctx, "contract-org")).get(t)
	if byName.ID != f.orgID {
		t.Errorf("by name: %+v", byName)
	}

	created := must(f.c.CreateOrganization(f.ctx, client.OrganizationCreate{Name: "second org", Description: "d", TrustedDomains: []string{"b.example.com", "a.example.com"}})).get(t)
	if created.Name != "second org" || created.Description != "d" || len(created.TrustedDomains) != 2 || created.Updated == "" {
		t.Errorf("created %+v", created)
	}
	name, empty := "renamed", []string{}
	updated := must(f.c.UpdateOrganization(f.ctx, created.ID, client.OrganizationUpdate{Name: &name, TrustedDomains: &empty})).get(t)
	if updated.Name != "renamed" || len(updated.TrustedDomains) != 0 || updated.Description != "d" {
		t.Errorf("patch: a nil field keeps, an empty list clears: %+v", updated)
	}
	_, err := f.c.CreateOrganization(f.ctx, client.OrganizationCreate{Name: "renamed"})
	expect(t, "duplicate name", err, client.IsConflict)
	_, err = f.c.CreateOrganization(f.ctx, client.OrganizationCreate{Name: "x", TrustedDomains: []string{"https://x"}})
	expect(t, "bad domain", err, client.IsValidation)
	noErr(t, f.c.DeleteOrganization(f.ctx, created.ID))
	_, err = f.c.GetOrganization(f.ctx, created.ID)
	expect(t, "deleted organization", err, client.IsNotFound)

	users := must(f.c.FindUsers(f.ctx, "ANN@example.com", "")).get(t)
	if len(users) != 1 || users[0].Email == nil || *users[0].Email != "ann@example.com" || !users[0].IsActive || users[0].IsServiceAccount {
		t.Errorf("users by email (case-insensitive) %+v", users)
	}
	members := must(f.c.ListOrganizationMembers(f.ctx, f.orgID)).get(t)
	kinds := map[string]int{}
	for _, m := range members {
		kinds[m.Type]++
		if m.Type == "user" && (m.User == nil || len(m.Roles) == 0 || m.Roles[0].Name == "") {
			t.Errorf("member %+v", m)
		}
	}
	if kinds["user"] != 2 || kinds["service_account"] != 1 {
		t.Errorf("member kinds %v", kinds)
	}
	noErr(t, f.c.RemoveOrganizationMember(f.ctx, f.orgID, users[0].ID))
	if left := must(f.c.FindUsers(f.ctx, "ann@example.com", "")).get(t); len(left) != 0 {
		t.Errorf("a removed member is no longer visible: %+v", left)
	}
}

func TestWorkspaceLifecycle(t *testing.T) {
	f := newFixture(t)
	ws := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "contract-ws", DisplayName: "Contract", OrganizationID: f.orgID,
		ZenMLService: client.ZenMLService{Configuration: client.ZenMLServiceConfiguration{Version: "0.90.0"}}})).get(t)
	if ws.EnrollmentKey == "" || ws.IsManaged || ws.Status != client.WorkspaceStatusNotInitialized || ws.Organization.ID != f.orgID ||
		ws.Organization.Name != "contract-org" || ws.DesiredState != client.WorkspaceStatusAvailable || ws.ZenMLService.Configuration.Version != "0.90.0" {
		t.Fatalf("hybrid create %+v", ws)
	}
	got := must(f.c.GetWorkspace(f.ctx, ws.ID)).get(t)
	if got.EnrollmentKey != "" || got.DisplayName != "Contract" {
		t.Errorf("a read never carries the enrollment key: %+v", got)
	}

	// A workspace server enrolls: login with the key, then reports its URL and version.
	tok := must(f.c.WorkspaceServerLogin(f.ctx, ws.ID, ws.EnrollmentKey)).get(t)
	server, err := client.New(client.Config{APIURL: f.url, AccessToken: tok.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	reported := must(server.ReportWorkspaceStatus(f.ctx, client.WorkspaceStatusReport{ServerURL: "https://zenml.example.com", Version: "0.91.0"})).get(t)
	if reported.Status != client.WorkspaceStatusAvailable || reported.ZenMLService.Status == nil || reported.ZenMLService.Status.ServerURL != "https://zenml.example.com" {
		t.Errorf("after the report %+v", reported)
	}
	_, err = server.ListTeams(f.ctx, f.orgID)
	expect(t, "a workspace server's token may not list teams", err, client.IsForbidden)

	newKey := must(f.c.RotateEnrollmentKey(f.ctx, ws.ID)).get(t)
	_, err = f.c.WorkspaceServerLogin(f.ctx, ws.ID, ws.EnrollmentKey)
	expect(t, "old key after rotation", err, client.IsUnauthorized)
	must(f.c.WorkspaceServerLogin(f.ctx, ws.ID, newKey)).get(t)

	deactivated := client.WorkspaceStatusDeactivated
	if w := must(f.c.UpdateWorkspace(f.ctx, ws.ID, client.WorkspaceUpdate{DesiredState: &deactivated})).get(t); w.Status != deactivated {
		t.Errorf("deactivate %+v", w)
	}
	managed := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "contract-managed", OrganizationID: f.orgID, IsManaged: true})).get(t)
	if managed.EnrollmentKey != "" || !managed.IsManaged {
		t.Errorf("managed create %+v", managed)
	}
	_, err = f.c.RotateEnrollmentKey(f.ctx, managed.ID)
	expect(t, "managed workspaces have no key", err, client.IsValidation)

	list := must(f.c.ListWorkspaces(f.ctx, client.WorkspaceFilter{OrganizationID: f.orgID, Status: deactivated})).get(t)
	if len(list) != 1 || list[0].ID != ws.ID {
		t.Errorf("filter by status %+v", list)
	}
	list = must(f.c.ListWorkspaces(f.ctx, client.WorkspaceFilter{Name: "contract-managed"})).get(t)
	if len(list) != 1 || list[0].ID != managed.ID {
		t.Errorf("filter by name %+v", list)
	}
	_, err = f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "contract-ws", OrganizationID: f.orgID})
	expect(t, "duplicate workspace name", err, client.IsConflict)
	_, err = f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "Bad_Name", OrganizationID: f.orgID})
	expect(t, "bad workspace name", err, client.IsValidation)

	noErr(t, f.c.DeleteWorkspace(f.ctx, ws.ID))
	_, err = f.c.GetWorkspace(f.ctx, ws.ID)
	expect(t, "deleted workspace", err, client.IsNotFound)
}

func TestTeamsInvitationsAndMembers(t *testing.T) {
	f := newFixture(t)
	ann := must(f.c.FindUsers(f.ctx, "ann@example.com", "")).get(t)[0]
	roles := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)
	if len(roles) != 1 || !roles[0].SystemManaged || roles[0].Level != client.LevelOrganization {
		t.Fatalf("built-in role lookup %+v", roles)
	}

	inv := must(f.c.CreateInvitation(f.ctx, f.orgID, client.InvitationCreate{Email: "new@example.com", RoleID: roles[0].ID})).get(t)
	if inv.Status != client.InvitationPending || inv.Role.ID != roles[0].ID || inv.Role.Name != "Organization Member" || inv.UserID != nil || inv.OrganizationID != f.orgID {
		t.Errorf("invitation %+v", inv)
	}
	if got := must(f.c.GetInvitation(f.ctx, f.orgID, inv.ID)).get(t); got.Email != "new@example.com" {
		t.Errorf("get invitation %+v", got)
	}
	if pending := must(f.c.ListInvitations(f.ctx, f.orgID, "new@example.com", true)).get(t); len(pending) != 1 {
		t.Errorf("pending invitations %+v", pending)
	}
	_, err := f.c.CreateInvitation(f.ctx, f.orgID, client.InvitationCreate{Email: "new@example.com", RoleID: roles[0].ID})
	expect(t, "a second pending invitation", err, client.IsConflict)

	team := must(f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: f.orgID, Name: "Platform", Description: "d"})).get(t)
	if team.OrganizationID != f.orgID || team.MemberCount != 0 || team.Created == "" {
		t.Errorf("team %+v", team)
	}
	must(f.c.AddTeamMember(f.ctx, team.ID, client.SubjectUser, ann.ID)).get(t)
	must(f.c.AddTeamMember(f.ctx, team.ID, client.SubjectInvitation, inv.ID)).get(t)
	_, err = f.c.AddTeamMember(f.ctx, team.ID, client.SubjectUser, ann.ID)
	expect(t, "duplicate membership", err, client.IsConflict)
	members := must(f.c.CachedTeamMembers(f.ctx, team.ID)).get(t)
	if len(members) != 2 || members[0].User == nil || members[0].User.ID != ann.ID || members[1].Invitation == nil || members[1].Invitation.ID != inv.ID {
		t.Errorf("members %+v", members)
	}
	if got := must(f.c.GetTeam(f.ctx, team.ID)).get(t); got.MemberCount != 2 {
		t.Errorf("member_count %d", got.MemberCount)
	}

	// Acceptance moves the invitation's membership to the new user.
	userID, err := f.mock.AcceptInvitation(inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	accepted := must(f.c.GetInvitation(f.ctx, f.orgID, inv.ID)).get(t)
	if accepted.Status != client.InvitationAccepted || accepted.UserID == nil || *accepted.UserID != userID {
		t.Errorf("accepted %+v", accepted)
	}
	members = must(f.c.ListTeamMembers(f.ctx, team.ID)).get(t)
	if len(members) != 2 || members[1].User == nil || members[1].User.ID != userID {
		t.Errorf("membership after acceptance %+v", members)
	}

	noErr(t, f.c.RemoveTeamMember(f.ctx, team.ID, client.SubjectUser, ann.ID))
	err = f.c.RemoveTeamMember(f.ctx, team.ID, client.SubjectUser, ann.ID)
	expect(t, "removing a non-member", err, client.IsNotFound)
	newName := "Platform team"
	if got := must(f.c.UpdateTeam(f.ctx, team.ID, client.TeamUpdate{Name: &newName})).get(t); got.Name != newName || got.Description != "d" {
		t.Errorf("team patch %+v", got)
	}
	if teams := must(f.c.ListTeams(f.ctx, f.orgID)).get(t); len(teams) != 1 {
		t.Errorf("teams %+v", teams)
	}
	noErr(t, f.c.DeleteTeam(f.ctx, team.ID))
	_, err = f.c.GetTeam(f.ctx, team.ID)
	expect(t, "deleted team", err, client.IsNotFound)
}

func TestRolesAndAssignments(t *testing.T) {
	f := newFixture(t)
	builtins := must(f.c.ListRoles(f.ctx, f.orgID, "", "")).get(t)
	var names []string
	for _, r := range builtins {
		names = append(names, r.Name)
	}
	for _, want := range []string{"Organization Admin", "Organization Manager", "Organization Viewer", "Billing Admin", "Organization Member",
		"Workspace Admin", "Workspace Developer", "Workspace Contributor", "Workspace Viewer", "Stack Admin",
		"Project Admin", "Project Developer", "Project Contributor", "Project Viewer"} {
		if !slices.Contains(names, want) {
			t.Errorf("built-in role %q missing from %v", want, names)
		}
	}
	perms := must(f.c.ListPermissions(f.ctx, client.LevelWorkspace)).get(t)
	if len(perms) == 0 || perms[0].Level != client.LevelWorkspace || perms[0].Description == "" {
		t.Fatalf("permissions %+v", perms)
	}
	role := must(f.c.CreateRole(f.ctx, client.RoleCreate{OrganizationID: f.orgID, Name: "Operator", Level: client.LevelWorkspace, Permissions: []string{perms[0].Name}})).get(t)
	if role.SystemManaged || role.Level != client.LevelWorkspace || len(role.Permissions) != 1 {
		t.Errorf("custom role %+v", role)
	}
	_, err := f.c.CreateRole(f.ctx, client.RoleCreate{OrganizationID: f.orgID, Name: "Bad", Level: client.LevelWorkspace, Permissions: []string{"no:such"}})
	expect(t, "unknown permission", err, client.IsValidation)
	desc := "updated"
	if got := must(f.c.UpdateRole(f.ctx, role.ID, client.RoleUpdate{Description: &desc})).get(t); got.Description != desc || len(got.Permissions) != 1 {
		t.Errorf("role patch %+v", got)
	}
	adminRole := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Admin")).get(t)[0]
	_, err = f.c.UpdateRole(f.ctx, adminRole.ID, client.RoleUpdate{Description: &desc})
	expect(t, "built-in roles are immutable", err, client.IsForbidden)

	ws := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "roles-ws", OrganizationID: f.orgID})).get(t)
	team := must(f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: f.orgID, Name: "T"})).get(t)
	sa := must(f.c.CreateServiceAccount(f.ctx, client.ServiceAccountCreate{OrganizationID: f.orgID, Name: "bot", Active: true})).get(t)
	projectRole := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelProject, "Project Viewer")).get(t)[0]
	const project = "00000000-0000-4000-8000-000000000001"

	keys := []client.AssignmentKey{
		{RoleID: role.ID, SubjectKind: client.SubjectTeam, SubjectID: team.ID, WorkspaceID: ws.ID},
		{RoleID: projectRole.ID, SubjectKind: client.SubjectServiceAccount, SubjectID: sa.ID, WorkspaceID: ws.ID, ProjectID: project},
		{RoleID: adminRole.ID, SubjectKind: client.SubjectTeam, SubjectID: team.ID},
	}
	for _, k := range keys {
		a := must(f.c.CreateAssignment(f.ctx, k)).get(t)
		if !k.Matches(a) || a.Role.Level == "" {
			t.Errorf("created %+v does not match %+v", a, k)
		}
		found := must(f.c.FindAssignment(f.ctx, k)).get(t)
		if found == nil {
			t.Errorf("FindAssignment(%+v) = nil", k)
		}
	}
	_, err = f.c.CreateAssignment(f.ctx, keys[0])
	expect(t, "duplicate assignment", err, client.IsConflict)
	_, err = f.c.CreateAssignment(f.ctx, client.AssignmentKey{RoleID: role.ID, SubjectKind: client.SubjectTeam, SubjectID: team.ID})
	expect(t, "a workspace role without a workspace", err, client.IsValidation)
	_, err = f.c.CreateAssignment(f.ctx, client.AssignmentKey{RoleID: projectRole.ID, SubjectKind: client.SubjectTeam, SubjectID: team.ID, WorkspaceID: ws.ID})
	expect(t, "a project role without a project", err, client.IsValidation)

	inWorkspace := must(f.c.ListRoleAssignments(f.ctx, role.ID, ws.ID, "")).get(t)
	if len(inWorkspace) != 1 {
		t.Errorf("assignments in the workspace %+v", inWorkspace)
	}
	noErr(t, f.c.DeleteAssignment(f.ctx, keys[0]))
	if gone := must(f.c.FindAssignment(f.ctx, keys[0])).get(t); gone != nil {
		t.Errorf("a deleted assignment is still found: %+v", gone)
	}
	err = f.c.DeleteAssignment(f.ctx, keys[0])
	expect(t, "deleting a missing assignment", err, client.IsNotFound)
	noErr(t, f.c.DeleteRole(f.ctx, role.ID))
	_, err = f.c.GetRole(f.ctx, role.ID)
	expect(t, "deleted role", err, client.IsNotFound)
}

func TestSSO(t *testing.T) {
	f := newFixture(t)
	_, err := f.c.GetSSO(f.ctx, f.orgID)
	expect(t, "SSO never configured", err, client.IsNotFound)
	member := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)[0]
	secret := "s3cret-value"
	in := client.SSOUpdate{Enabled: true, Protocol: "oidc", IssuerURL: "https://login.example.com", ClientID: "cid", ClientSecret: &secret,
		Scopes: []string{"openid", "email"}, Domains: []string{"example.com"}, JITProvisioning: true, DefaultRoleID: &member.ID}
	got := must(f.c.PutSSO(f.ctx, f.orgID, in)).get(t)
	if !got.ClientSecretSet || got.IssuerURL != in.IssuerURL || got.DefaultRoleID == nil || *got.DefaultRoleID != member.ID || len(got.Scopes) != 2 {
		t.Errorf("sso %+v", got)
	}
	sum := sha256.Sum256([]byte(secret))
	if f.mock.SSOClientSecretSHA256(f.orgID) != hex.EncodeToString(sum[:]) {
		t.Error("the mock did not receive the secret")
	}
	in.ClientSecret, in.Domains = nil, []string{"example.org"}
	got = must(f.c.PutSSO(f.ctx, f.orgID, in)).get(t)
	if !got.ClientSecretSet || got.Domains[0] != "example.org" || f.mock.SSOClientSecretSHA256(f.orgID) != hex.EncodeToString(sum[:]) {
		t.Errorf("a PUT without a secret keeps it: %+v", got)
	}
	in.IssuerURL = "http://login.example.com"
	_, err = f.c.PutSSO(f.ctx, f.orgID, in)
	expect(t, "an http issuer", err, client.IsValidation)
	noErr(t, f.c.DeleteSSO(f.ctx, f.orgID))
	_, err = f.c.GetSSO(f.ctx, f.orgID)
	expect(t, "SSO deleted", err, client.IsNotFound)
}

func TestServiceAccountsAndKeys(t *testing.T) {
	f := newFixture(t)
	sa := must(f.c.CreateServiceAccount(f.ctx, client.ServiceAccountCreate{OrganizationID: f.orgID, Name: "ci", Description: "d", Active: true})).get(t)
	if !sa.Active || sa.OrganizationID != f.orgID {
		t.Errorf("service account %+v", sa)
	}
	if list := must(f.c.ListServiceAccounts(f.ctx, f.orgID)).get(t); len(list) != 2 { // the seeded admin and this one
		t.Errorf("service accounts %+v", list)
	}
	expires := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	key := must(f.c.CreateAPIKey(f.ctx, sa.ID, client.APIKeyCreate{Name: "k1", ExpiresAt: &expires})).get(t)
	if key.Key == "" || !key.Active || key.ExpiresAt == nil || key.ServiceAccountID != sa.ID {
		t.Fatalf("key %+v", key)
	}
	if got := must(f.c.GetAPIKey(f.ctx, sa.ID, key.ID)).get(t); got.Key != "" {
		t.Error("a read never carries the key value")
	}
	tok := must(f.c.NewAccessToken(f.ctx, key.Key)).get(t)
	if tok.AccessToken == "" || tok.ExpiresIn <= 0 || tok.TokenType != "bearer" {
		t.Errorf("token %+v", tok)
	}
	rotated := must(f.c.RotateAPIKey(f.ctx, sa.ID, key.ID, 10)).get(t)
	if rotated.Key == "" || rotated.Key == key.Key || rotated.LastRotated == nil {
		t.Errorf("rotated %+v", rotated)
	}
	if !f.mock.APIKeyWorks(key.Key) || !f.mock.APIKeyWorks(rotated.Key) {
		t.Error("both keys work during the retain period")
	}
	f.mock.AdvanceClock(11 * time.Minute)
	if f.mock.APIKeyWorks(key.Key) {
		t.Error("the old key works after the retain period")
	}
	inactive := false
	if got := must(f.c.UpdateAPIKey(f.ctx, sa.ID, key.ID, client.APIKeyUpdate{Active: &inactive})).get(t); got.Active {
		t.Errorf("deactivate %+v", got)
	}
	_, err := f.c.NewAccessToken(f.ctx, rotated.Key)
	expect(t, "an inactive key", err, client.IsUnauthorized)
	if keys := must(f.c.ListAPIKeys(f.ctx, sa.ID)).get(t); len(keys) != 1 || keys[0].Key != "" {
		t.Errorf("keys %+v", keys)
	}
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	_, err = f.c.CreateAPIKey(f.ctx, sa.ID, client.APIKeyCreate{Name: "k2", ExpiresAt: &past})
	expect(t, "an expiry in the past", err, client.IsValidation)
	_, err = f.c.CreateServiceAccount(f.ctx, client.ServiceAccountCreate{OrganizationID: f.orgID, Name: "ci"})
	expect(t, "duplicate service account", err, client.IsConflict)
	noErr(t, f.c.DeleteAPIKey(f.ctx, sa.ID, key.ID))
	noErr(t, f.c.DeleteServiceAccount(f.ctx, sa.ID))
	_, err = f.c.GetServiceAccount(f.ctx, sa.ID)
	expect(t, "deleted service account", err, client.IsNotFound)
}

// TestIsolation: another organization's objects answer 404 to this organization's key.
func TestIsolation(t *testing.T) {
	f := newFixture(t)
	otherOrg, otherKey, err := f.mock.AddOrganization("other-org")
	if err != nil {
		t.Fatal(err)
	}
	other, err := client.New(client.Config{APIURL: f.url, APIKey: otherKey})
	if err != nil {
		t.Fatal(err)
	}
	team := must(other.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: otherOrg, Name: "theirs"})).get(t)
	_, err = f.c.GetTeam(f.ctx, team.ID)
	expect(t, "reading another organization's team", err, client.IsNotFound)
	_, err = f.c.GetOrganization(f.ctx, otherOrg)
	expect(t, "reading another organization", err, client.IsNotFound)
	_, err = f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: otherOrg, Name: "intruder"})
	expect(t, "creating in another organization", err, client.IsNotFound)
	err = f.c.DeleteTeam(f.ctx, team.ID)
	expect(t, "deleting another organization's team", err, client.IsNotFound)
	if got := must(other.GetTeam(f.ctx, team.ID)).get(t); got.Name != "theirs" {
		t.Errorf("the other organization's team changed: %+v", got)
	}
}
