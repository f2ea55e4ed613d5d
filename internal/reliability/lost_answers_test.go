package reliability

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// loseAnswers sits in front of the mock and loses the answer to the first POST of each path it is
// told of: the mock does the work, and the client gets a 500 (as a server failing while it writes
// its answer) or a connection reset instead.
type loseAnswers struct {
	next  http.Handler
	reset bool // hang up rather than answer 500

	mu   sync.Mutex
	arm  map[string]bool // "POST /teams" -> the next such call loses its answer
	lost int
}

func (l *loseAnswers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Method + " " + r.URL.Path
	l.mu.Lock()
	lose := l.arm[target]
	delete(l.arm, target)
	if lose {
		l.lost++
	}
	l.mu.Unlock()
	if !lose {
		l.next.ServeHTTP(w, r)
		return
	}
	l.next.ServeHTTP(httptest.NewRecorder(), r) // the work is done; its answer goes nowhere
	if l.reset {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(`{"detail": "Internal Server Error"}`))
}

func (l *loseAnswers) loseNext(method, path string) {
	l.mu.Lock()
	l.arm[method+" "+path] = true
	l.mu.Unlock()
}

// TestLostCreateAnswers creates one object of every kind through the client against a mock that
// honours no Idempotency-Key, losing the answer to each create after the mock did the work: each
// create must come back with the object it made, and the mock must hold each exactly once. The
// objects whose answer carries a secret shown once (an API key's value, a hybrid workspace's
// enrollment key) come back with a new secret that works.
func TestLostCreateAnswers(t *testing.T) {
	for name, reset := range map[string]bool{"500 after the work": false, "connection reset after the work": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			lostCreateAnswers(t, reset)
		})
	}
}

func lostCreateAnswers(t *testing.T, reset bool) {
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{Users: []string{"ann@example.com"},
		Faults: mockcontrolplane.Faults{IgnoreIdempotency: true}})
	if err != nil {
		t.Fatal(err)
	}
	lose := &loseAnswers{next: mock, reset: reset, arm: map[string]bool{}}
	srv := httptest.NewServer(lose)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey(), RetryWaitMin: time.Millisecond,
		RetryWaitMax: 10 * time.Millisecond, ConsistencyWindow: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	org := mock.OrganizationID()
	before := e2e.CountState(ptr(mock.Snapshot()))
	roleID := func(name string) string {
		roles, err := c.ListRoles(ctx, org, "", name)
		if err != nil || len(roles) != 1 {
			t.Fatalf("role %q: %v, %v", name, roles, err)
		}
		return roles[0].ID
	}
	member, viewer := roleID("Organization Member"), roleID("Workspace Viewer")
	users, err := c.FindUsersByEmail(ctx, "ann@example.com")
	if err != nil || len(users) != 1 {
		t.Fatalf("user: %v, %v", users, err)
	}

	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s, its answer lost: %v", what, err)
		}
	}
	lose.loseNext("POST", "/organizations")
	o, err := c.CreateOrganization(ctx, client.OrganizationCreate{Name: "lost-org", TrustedDomains: []string{"lost.example.com"}})
	must("organization", err)
	lose.loseNext("POST", "/workspaces")
	ws, err := c.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "lost-ws", OrganizationID: org, Description: "d"})
	must("hybrid workspace", err)
	lose.loseNext("POST", "/teams")
	team, err := c.CreateTeam(ctx, client.TeamCreate{OrganizationID: org, Name: "lost team", Description: "d"})
	must("team", err)
	lose.loseNext("POST", "/roles")
	role, err := c.CreateRole(ctx, client.RoleCreate{OrganizationID: org, Name: "lost role", Level: client.LevelWorkspace,
		Permissions: []string{"workspace:read"}})
	must("custom role", err)
	lose.loseNext("POST", "/organizations/"+org+"/invitations")
	inv, err := c.CreateInvitation(ctx, org, client.InvitationCreate{Email: "lost@example.org", RoleID: member})
	must("invitation", err)
	lose.loseNext("POST", "/organizations/"+org+"/service_accounts")
	sa, err := c.CreateServiceAccount(ctx, org, client.ServiceAccountCreate{Name: "bot", Username: "lost-bot", RoleID: member})
	must("service account", err)
	lose.loseNext("POST", "/organizations/"+org+"/service_accounts/"+sa.ID+"/api_keys")
	key, err := c.CreateAPIKey(ctx, org, sa.ID, client.APIKeyCreate{Name: "lost-key", Description: "d"})
	must("API key", err)
	lose.loseNext("POST", "/teams/"+team.ID+"/members")
	_, err = c.AddTeamMember(ctx, team.ID, client.SubjectServiceAccount, sa.ID)
	must("team membership", err)
	lose.loseNext("POST", "/teams/"+team.ID+"/members")
	_, err = c.AddTeamMember(ctx, team.ID, client.SubjectInvitation, inv.ID)
	must("team membership of an invitation", err)
	lose.loseNext("POST", "/roles/"+viewer+"/assignments")
	a, err := c.CreateAssignment(ctx, client.AssignmentKey{RoleID: viewer, SubjectKind: client.SubjectServiceAccount, SubjectID: sa.ID, WorkspaceID: ws.ID})
	must("role assignment", err)
	lose.loseNext("POST", "/roles/"+role.ID+"/assignments")
	_, err = c.CreateAssignment(ctx, client.AssignmentKey{RoleID: role.ID, SubjectKind: client.SubjectUser, SubjectID: users[0].ID, WorkspaceID: ws.ID})
	must("role assignment of a custom role", err)

	if lose.lost != 11 {
		t.Fatalf("%d answers lost, want 11", lose.lost)
	}
	for what, id := range map[string]string{"organization": o.ID, "workspace": ws.ID, "team": team.ID, "role": role.ID,
		"invitation": inv.ID, "service account": sa.ID, "API key": key.ID} {
		if id == "" {
			t.Errorf("the %s came back without an id", what)
		}
	}
	if a.Role.ID != viewer || a.User == nil || a.User.ID != sa.ID {
		t.Errorf("assignment %+v", a)
	}
	// Each object exactly once: the lost creates were adopted, not repeated into duplicates.
	want := e2e.Counts{"organizations": 1, "workspaces": 1, "teams": 1, "custom_roles": 1, "invitations": 1,
		"service_accounts": 1, "api_keys": 1, "team_memberships": 2,
		// the two assignments, the service account's initial role, and the caller's admin role in the new organization
		"assignments": 4}
	if problems := e2e.CountState(ptr(mock.Snapshot())).Diff(before, want); len(problems) > 0 {
		t.Fatalf("the mock does not hold each object once:\n%s", strings.Join(problems, "\n"))
	}
	// The secrets shown once were replaced, and the new ones work.
	if !strings.HasPrefix(key.Key, "ZENPROKEY_") {
		t.Fatalf("API key value %q", key.Key)
	}
	keyClient, err := client.New(client.Config{APIURL: srv.URL, APIKey: key.Key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keyClient.CurrentUser(ctx); err != nil {
		t.Errorf("the API key's new value does not log in: %v", err)
	}
	if ws.EnrollmentKey == "" {
		t.Fatal("the hybrid workspace came back without an enrollment key")
	}
	if _, err := c.WorkspaceServerLogin(ctx, client.WorkspaceServer{WorkspaceID: ws.ID, Version: "0.98.0"}, ws.EnrollmentKey); err != nil {
		t.Errorf("the workspace's new enrollment key does not log in: %v", err)
	}
	if n := mock.Stats().Faults["idempotency_ignored"]; n < 11 {
		t.Errorf("the mock ignored %d idempotency keys; every create should have carried one", n)
	}
}

// TestConflictNamesTheExistingObject: a create that meets a taken name is refused with the id of
// the object in the way, for the import ID; nothing is adopted.
func TestConflictNamesTheExistingObject(t *testing.T) {
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := c.CreateTeam(ctx, client.TeamCreate{OrganizationID: mock.OrganizationID(), Name: "taken"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateTeam(ctx, client.TeamCreate{OrganizationID: mock.OrganizationID(), Name: "taken"})
	var exists *client.ExistsError
	if !errors.As(err, &exists) || exists.ExistingID != first.ID || !client.IsConflict(err) {
		t.Fatalf("err = %v (%T), want an ExistsError naming %s", err, err, first.ID)
	}
	if n := len(mock.Snapshot().Teams); n != 1 {
		t.Errorf("%d teams", n)
	}
}

func ptr[T any](v T) *T { return &v }
