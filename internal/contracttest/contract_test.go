// Package contracttest holds the client and the mock control plane to each other: both implement
// API-CONTRACT.md without sharing code, and these tests run every client call against the mock and
// check that what one side writes the other reads, field by field.
package contracttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
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

func newFixture(t *testing.T, configure ...func(*mockcontrolplane.Options)) *fixture {
	t.Helper()
	opts := mockcontrolplane.Options{
		Organization:   "contract-org",
		Users:          []string{"ann@example.com", "bob@example.com"},
		ProvisionDelay: -1,
	}
	for _, c := range configure {
		c(&opts)
	}
	mock, err := mockcontrolplane.New(opts)
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

// raw makes one API call by hand, for what the client never sends; it returns the status and body.
func (f *fixture) raw(t *testing.T, method, path, body string) (int, string) {
	t.Helper()
	tok := must(f.c.NewAccessToken(f.ctx, f.mock.APIKey())).get(t)
	req := must(http.NewRequestWithContext(f.ctx, method, f.url+path, strings.NewReader(body))).get(t)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
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
	// A service account is a user: its email is its username, it names its organization.
	me := must(f.c.CurrentUser(f.ctx)).get(t)
	if me.ID == "" || !me.IsServiceAccount || me.Username == "" || me.Email == nil || *me.Email != me.Username ||
		me.OrganizationID == nil || *me.OrganizationID != f.orgID {
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

	users := must(f.c.FindUsersByEmail(f.ctx, "ANN@example.com")).get(t)
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
	// Removing a member takes its organization-level roles only: a team membership and a
	// workspace role stay, and removing them is the caller's business.
	team := must(f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: f.orgID, Name: "stays"})).get(t)
	must(f.c.AddTeamMember(f.ctx, team.ID, client.SubjectUser, users[0].ID)).get(t)
	ws := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "member-ws", OrganizationID: f.orgID})).get(t)
	viewer := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelWorkspace, "Workspace Viewer")).get(t)[0]
	wsRole := client.AssignmentKey{RoleID: viewer.ID, SubjectKind: client.SubjectUser, SubjectID: users[0].ID, WorkspaceID: ws.ID}
	must(f.c.CreateAssignment(f.ctx, wsRole)).get(t)
	noErr(t, f.c.RemoveOrganizationMember(f.ctx, f.orgID, users[0].ID))
	for _, m := range must(f.c.ListOrganizationMembers(f.ctx, f.orgID)).get(t) {
		if m.User != nil && m.User.ID == users[0].ID && len(m.Roles) != 0 {
			t.Errorf("a removed member still holds organization roles: %+v", m.Roles)
		}
	}
	if got := must(f.c.ListTeamMembers(f.ctx, team.ID)).get(t); len(got) != 1 {
		t.Errorf("the team membership stays: %+v", got)
	}
	if got := must(f.c.FindAssignment(f.ctx, wsRole)).get(t); got == nil {
		t.Error("the workspace role stays")
	}
	err = f.c.RemoveOrganizationMember(f.ctx, f.orgID, users[0].ID)
	expect(t, "removing a user who holds no organization role", err, client.IsNotFound)

	// RemoveMemberEverywhere does the rest itself.
	unchecked := must(f.c.RemoveMemberEverywhere(f.ctx, f.orgID, users[0].ID)).get(t)
	if len(unchecked) != 0 {
		t.Errorf("unchecked %v against a mock that serves every list", unchecked)
	}
	if got := must(f.c.ListTeamMembers(f.ctx, team.ID)).get(t); len(got) != 0 {
		t.Errorf("the team membership is gone: %+v", got)
	}
	if got := must(f.c.ListRoleAssignments(f.ctx, viewer.ID, ws.ID, "")).get(t); len(got) != 0 {
		t.Errorf("the workspace role is gone: %+v", got)
	}
}

func TestWorkspaceLifecycle(t *testing.T) {
	f := newFixture(t)
	// The public enrollment sends the name and the organization, nothing else.
	minimal := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "contract-minimal", OrganizationID: f.orgID})).get(t)
	if minimal.EnrollmentKey == "" || minimal.IsManaged || minimal.Status != client.WorkspaceStatusNotInitialized {
		t.Fatalf("minimal hybrid create %+v", minimal)
	}
	ws := must(f.c.CreateWorkspace(f.ctx, client.WorkspaceCreate{Name: "contract-ws", DisplayName: "Contract", OrganizationID: f.orgID,
		ZenMLService: &client.ZenMLService{Configuration: &client.ZenMLServiceConfiguration{Version: "0.90.0"}}})).get(t)
	if ws.EnrollmentKey == "" || ws.IsManaged || ws.Status != client.WorkspaceStatusNotInitialized || ws.Organization.ID != f.orgID ||
		ws.Organization.Name != "contract-org" || ws.DesiredState != client.WorkspaceStatusAvailable || ws.ZenMLService.ConfiguredVersion() != "0.90.0" {
		t.Fatalf("hybrid create %+v", ws)
	}
	if ws.EnrollmentKey == minimal.EnrollmentKey || strings.HasPrefix(ws.EnrollmentKey, "ZEN") {
		t.Errorf("enrollment keys are opaque and distinct: %q, %q", ws.EnrollmentKey, minimal.EnrollmentKey)
	}
	got := must(f.c.GetWorkspace(f.ctx, ws.ID)).get(t)
	if got.EnrollmentKey != "" || got.DisplayName != "Contract" {
		t.Errorf("a read never carries the enrollment key: %+v", got)
	}

	// A workspace server enrolls: login with the key, then reports its URL and version in its
	// headers, with no body.
	server := client.WorkspaceServer{WorkspaceID: ws.ID, Version: "0.91.0", URL: "https://zenml.example.com"}
	tok := must(f.c.WorkspaceServerLogin(f.ctx, server, ws.EnrollmentKey)).get(t)
	serverClient, err := client.New(client.Config{APIURL: f.url, AccessToken: tok.AccessToken})
	if err != nil {
		t.Fatal(err)
	}
	reported := must(serverClient.ReportWorkspaceStatus(f.ctx, server)).get(t)
	if reported.Status != client.WorkspaceStatusAvailable || reported.ZenMLService.Status == nil ||
		reported.ZenMLService.Status.ServerURL != "https://zenml.example.com" || reported.ZenMLService.Status.Version != "0.91.0" {
		t.Errorf("after the report %+v", reported)
	}
	_, err = serverClient.ListTeams(f.ctx, f.orgID)
	expect(t, "a workspace server's token may not list teams", err, client.IsForbidden)

	newKey := must(f.c.RotateEnrollmentKey(f.ctx, ws.ID)).get(t)
	_, err = f.c.WorkspaceServerLogin(f.ctx, server, ws.EnrollmentKey)
	expect(t, "old key after rotation", err, client.IsUnauthorized)
	must(f.c.WorkspaceServerLogin(f.ctx, server, newKey)).get(t)

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

	list := must(f.c.ListWorkspaces(f.ctx, client.WorkspacesHybrid, client.WorkspaceFilter{OrganizationID: f.orgID, Status: deactivated})).get(t)
	if len(list) != 1 || list[0].ID != ws.ID {
		t.Errorf("filter by status %+v", list)
	}
	list = must(f.c.ListWorkspaces(f.ctx, client.WorkspacesAll, client.WorkspaceFilter{Name: "contract-managed"})).get(t)
	if len(list) != 1 || list[0].ID != managed.ID || !list[0].IsManaged {
		t.Errorf("filter by name %+v", list)
	}
	// is_managed: each kind apart, and both.
	for _, c := range []struct {
		kind string
		want int
	}{{client.WorkspacesHybrid, 2}, {client.WorkspacesManaged, 1}, {client.WorkspacesAll, 3}} {
		if got := must(f.c.ListWorkspaces(f.ctx, c.kind, client.WorkspaceFilter{OrganizationID: f.orgID})).get(t); len(got) != c.want {
			t.Errorf("%s workspaces: %d, want %d", c.kind, len(got), c.want)
		}
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
	ann := must(f.c.FindUsersByEmail(f.ctx, "ann@example.com")).get(t)[0]
	roles := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)
	if len(roles) != 1 || !roles[0].SystemManaged || roles[0].Level != client.LevelOrganization {
		t.Fatalf("built-in role lookup %+v", roles)
	}

	inv := must(f.c.CreateInvitation(f.ctx, f.orgID, client.InvitationCreate{Email: "new@example.com", RoleID: roles[0].ID})).get(t)
	if inv.Status != client.InvitationPending || inv.Role.ID != roles[0].ID || inv.Role.Name != "Organization Member" || inv.UserID != nil || inv.OrganizationID != f.orgID {
		t.Errorf("invitation %+v", inv)
	}
	if got := must(f.c.GetInvitation(f.ctx, f.orgID, inv.ID, "new@example.com")).get(t); got.Email != "new@example.com" {
		t.Errorf("get invitation %+v", got)
	}
	if got := must(f.c.GetInvitation(f.ctx, f.orgID, inv.ID, "")).get(t); got.ID != inv.ID {
		t.Errorf("get invitation without its email %+v", got)
	}
	_, err := f.c.GetInvitation(f.ctx, f.orgID, inv.ID, "other@example.com")
	expect(t, "an invitation under another email", err, client.IsNotFound)
	if pending := must(f.c.ListInvitations(f.ctx, f.orgID, "new@example.com", true)).get(t); len(pending) != 1 {
		t.Errorf("pending invitations %+v", pending)
	}
	_, err = f.c.CreateInvitation(f.ctx, f.orgID, client.InvitationCreate{Email: "new@example.com", RoleID: roles[0].ID})
	expect(t, "a second pending invitation", err, client.IsConflict)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && (strings.Contains(apiErr.Detail, "[") || strings.Contains(apiErr.Detail, "EntityExistsError")) {
		t.Errorf("the detail of ZenML's pair form is read as a sentence: %q", apiErr.Detail)
	}

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
	accepted := must(f.c.GetInvitation(f.ctx, f.orgID, inv.ID, "new@example.com")).get(t)
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
	member := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)[0]
	sa := must(f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "bot", Username: "bot", RoleID: member.ID})).get(t)
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

// TestServiceAccountAssignmentsGoAsUsers: a service account's role goes on the wire as user_id,
// shows as a user in the list, and a team takes it as a user.
func TestServiceAccountAssignmentsGoAsUsers(t *testing.T) {
	f := newFixture(t)
	member := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)[0]
	sa := must(f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "Deployer", Username: "deployer", RoleID: member.ID})).get(t)
	// The initial role is an ordinary assignment of the service account's user id.
	initial := client.AssignmentKey{RoleID: member.ID, SubjectKind: client.SubjectServiceAccount, SubjectID: sa.ID}
	a := must(f.c.FindAssignment(f.ctx, initial)).get(t)
	if a == nil || a.User == nil || a.User.ID != sa.ID || a.User.Email == nil || *a.User.Email != "deployer" {
		t.Fatalf("the initial role %+v", a)
	}
	asUser := initial
	asUser.SubjectKind = client.SubjectUser
	if must(f.c.FindAssignment(f.ctx, asUser)).get(t) == nil {
		t.Error("the same assignment, looked up as a user's")
	}
	admin := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Admin")).get(t)[0]
	k := client.AssignmentKey{RoleID: admin.ID, SubjectKind: client.SubjectServiceAccount, SubjectID: sa.ID}
	must(f.c.CreateAssignment(f.ctx, k)).get(t)
	_, err := f.c.CreateAssignment(f.ctx, k)
	expect(t, "the same role twice", err, client.IsConflict)
	noErr(t, f.c.DeleteAssignment(f.ctx, k))

	team := must(f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: f.orgID, Name: "bots"})).get(t)
	must(f.c.AddTeamMember(f.ctx, team.ID, client.SubjectServiceAccount, sa.ID)).get(t)
	if got := must(f.c.ListTeamMembers(f.ctx, team.ID)).get(t); len(got) != 1 || got[0].User == nil || got[0].User.ID != sa.ID {
		t.Errorf("team members %+v", got)
	}
	if found := must(f.c.FindMemberByUsername(f.ctx, f.orgID, "DEPLOYER")).get(t); found == nil || found.ID != sa.ID {
		t.Errorf("by username among the members: %+v", found)
	}

	// Deleting the service account takes its assignments and memberships with it.
	noErr(t, f.c.DeleteServiceAccount(f.ctx, f.orgID, sa.ID))
	if must(f.c.FindAssignment(f.ctx, initial)).get(t) != nil {
		t.Error("the initial role outlived the service account")
	}
	if got := must(f.c.ListTeamMembers(f.ctx, team.ID)).get(t); len(got) != 0 {
		t.Errorf("team members after delete %+v", got)
	}
}

// TestInvitationWithSeveralRoles: an invitation may carry several roles (made elsewhere); the
// client reads all of them.
func TestInvitationWithSeveralRoles(t *testing.T) {
	f := newFixture(t)
	member := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)[0]
	viewer := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Viewer")).get(t)[0]
	// The provider never sends role_ids: the dashboard's kind of invitation is made by hand here.
	body := fmt.Sprintf(`{"email":"two@example.com","role_ids":[%q,%q]}`, member.ID, viewer.ID)
	status, answer := f.raw(t, http.MethodPost, "/organizations/"+f.orgID+"/invitations", body)
	if status/100 != 2 {
		t.Fatalf("create with role_ids: %d %s", status, answer)
	}
	list := must(f.c.ListInvitations(f.ctx, f.orgID, "two@example.com", true)).get(t)
	if len(list) != 1 {
		t.Fatalf("invitations %+v", list)
	}
	roles := list[0].AllRoles()
	if len(roles) != 2 || roles[0].ID != member.ID || roles[1].ID != viewer.ID || list[0].Role == nil || list[0].Role.ID != member.ID {
		t.Errorf("roles %+v (role %+v)", roles, list[0].Role)
	}
}

// TestNotServed: calls switched off with --without answer as a route the API lacks; the client
// says so instead of "not found", and other calls go on.
func TestNotServed(t *testing.T) {
	f := newFixture(t, func(o *mockcontrolplane.Options) { o.Without = []string{"sso", "service_accounts"} })
	_, err := f.c.GetSSO(f.ctx, f.orgID)
	if !client.IsNotServed(err) || client.IsNotFound(err) {
		t.Errorf("GET sso without the sso group: %v", err)
	}
	_, err = f.c.ListServiceAccounts(f.ctx, f.orgID)
	expect(t, "listing service accounts without the group", err, client.IsNotServed)
	if _, err := f.c.ListTeams(f.ctx, f.orgID); err != nil {
		t.Errorf("other calls are served: %v", err)
	}
	_, err = f.c.GetTeam(f.ctx, "00000000-0000-4000-8000-000000000099")
	if !client.IsNotFound(err) || client.IsNotServed(err) {
		t.Errorf("a missing object of a served call is not found, not unserved: %v", err)
	}
	status, body := f.raw(t, http.MethodGet, "/no/such/route", "")
	if status != http.StatusNotFound || !strings.Contains(body, `"Not Found"`) {
		t.Errorf("an unknown route: %d %s", status, body)
	}
}

// TestPageSizeFallback: a control plane that refuses the client's page size gets the public
// client's, and lists still arrive whole.
func TestPageSizeFallback(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < 45; i++ {
		must(f.c.CreateTeam(f.ctx, client.TeamCreate{OrganizationID: f.orgID, Name: fmt.Sprintf("team %02d", i)})).get(t)
	}
	faults := f.mock.Faults()
	faults.MaxLimit = client.PublicPageSize
	f.mock.SetFaults(faults)
	f.mock.ResetStats()
	c := must(client.New(client.Config{APIURL: f.url, APIKey: f.mock.APIKey()})).get(t)
	teams := must(c.ListTeams(f.ctx, f.orgID)).get(t)
	if len(teams) != 45 {
		t.Fatalf("teams = %d, want 45", len(teams))
	}
	codes := f.mock.Stats().Requests["GET /organizations/{id}/teams"]
	if codes["422"] != 1 || codes["200"] != 3 {
		t.Errorf("list requests by status %v, want one refusal, then three pages of 20", codes)
	}
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
	member := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelOrganization, "Organization Member")).get(t)[0]
	sa := must(f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "CI bot", Username: "ci", Description: "d", RoleID: member.ID})).get(t)
	if !sa.Active || sa.OrganizationID != f.orgID || sa.Name != "CI bot" || sa.Username != "ci" {
		t.Errorf("service account %+v", sa)
	}
	newName, newUsername := "CI runner", "ci-runner"
	if got := must(f.c.UpdateServiceAccount(f.ctx, f.orgID, sa.ID, client.ServiceAccountUpdate{Name: &newName, Username: &newUsername})).get(t); got.Name != newName || got.Username != newUsername || got.Description != "d" {
		t.Errorf("service account patch %+v", got)
	}
	if list := must(f.c.ListServiceAccounts(f.ctx, f.orgID)).get(t); len(list) != 2 { // the seeded admin and this one
		t.Errorf("service accounts %+v", list)
	}
	expires := time.Now().Add(48 * time.Hour)
	key := must(f.c.CreateAPIKey(f.ctx, f.orgID, sa.ID, client.APIKeyCreate{Name: "k1", ExpiresAt: &expires})).get(t)
	if key.Key == "" || !key.Active || key.ExpiresAt == nil || key.ServiceAccountID != sa.ID {
		t.Fatalf("key %+v", key)
	}
	// The expiry went as whole minutes, rounded up: it lies at, or within a minute after, the instant.
	if at, err := time.Parse(time.RFC3339Nano, *key.ExpiresAt); err != nil || at.Before(expires.Add(-time.Second)) || at.After(expires.Add(time.Minute+5*time.Second)) {
		t.Errorf("expires_at %s for %s (%v)", *key.ExpiresAt, expires.UTC().Format(time.RFC3339), err)
	}
	if got := must(f.c.GetAPIKey(f.ctx, f.orgID, sa.ID, key.ID)).get(t); got.Key != "" {
		t.Error("a read never carries the key value")
	}
	tok := must(f.c.NewAccessToken(f.ctx, key.Key)).get(t)
	if tok.AccessToken == "" || tok.ExpiresIn <= 0 || tok.TokenType != "bearer" {
		t.Errorf("token %+v", tok)
	}
	rotated := must(f.c.RotateAPIKey(f.ctx, f.orgID, sa.ID, key.ID, 10)).get(t)
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
	if got := must(f.c.UpdateAPIKey(f.ctx, f.orgID, sa.ID, key.ID, client.APIKeyUpdate{Active: &inactive})).get(t); got.Active {
		t.Errorf("deactivate %+v", got)
	}
	_, err := f.c.NewAccessToken(f.ctx, rotated.Key)
	expect(t, "an inactive key", err, client.IsUnauthorized)
	if keys := must(f.c.ListAPIKeys(f.ctx, f.orgID, sa.ID)).get(t); len(keys) != 1 || keys[0].Key != "" {
		t.Errorf("keys %+v", keys)
	}
	_, err = f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "other", Username: "ci-runner", RoleID: member.ID})
	expect(t, "duplicate username", err, client.IsConflict)
	_, err = f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "no role", Username: "no-role"})
	expect(t, "no initial role", err, client.IsValidation)
	wsRole := must(f.c.ListRoles(f.ctx, f.orgID, client.LevelWorkspace, "Workspace Viewer")).get(t)[0]
	_, err = f.c.CreateServiceAccount(f.ctx, f.orgID, client.ServiceAccountCreate{Name: "ws", Username: "ws-role", RoleID: wsRole.ID})
	expect(t, "a workspace role as the initial role", err, client.IsValidation)
	noErr(t, f.c.DeleteAPIKey(f.ctx, f.orgID, sa.ID, key.ID))
	noErr(t, f.c.DeleteServiceAccount(f.ctx, f.orgID, sa.ID))
	_, err = f.c.GetServiceAccount(f.ctx, f.orgID, sa.ID)
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
