package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func strPtr(s string) *string { return &s }

// assignmentAPI serves GET /roles/{id}/assignments (slowly, so that concurrent readers overlap),
// POST and DELETE on it, and DELETE /workspaces/{id}. failLists makes that many list calls answer
// 403 first (an answer no retry changes).
type assignmentAPI struct {
	lists     atomic.Int32
	failLists atomic.Int32
	delay     time.Duration
}

func (a *assignmentAPI) handler(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/assignments"):
		a.lists.Add(1)
		time.Sleep(a.delay)
		if a.failLists.Add(-1) >= 0 {
			writeDetail(w, http.StatusForbidden, "not allowed right now")
			return
		}
		role := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/roles/"), "/assignments")
		writeJSON(w, http.StatusOK, []Assignment{
			{Role: RoleRef{ID: role, Name: "Workspace Developer", Level: LevelWorkspace}, User: &SubjectRef{ID: "u-1", Username: "ada"}, WorkspaceID: strPtr("w-1")},
			{Role: RoleRef{ID: role, Name: "Workspace Developer", Level: LevelWorkspace}, User: &SubjectRef{ID: "u-1", Username: "ada"}, WorkspaceID: strPtr("w-2")},
			{Role: RoleRef{ID: role, Name: "Workspace Developer", Level: LevelWorkspace}, Team: &SubjectRef{ID: "t-1", Name: "ops"}, WorkspaceID: strPtr("w-1")},
			{Role: RoleRef{ID: role, Name: "Workspace Developer", Level: LevelWorkspace}, User: &SubjectRef{ID: "sa-1", Username: "ci", Email: strPtr("ci")}, WorkspaceID: strPtr("w-1"), ProjectID: strPtr("p-1")}, // a service account is a user
		})
	case r.Method == http.MethodPost:
		writeJSON(w, http.StatusCreated, map[string]any{"role": map[string]any{"id": "r-1"}, "user": map[string]any{"id": "u-9"}, "workspace_id": "w-1"})
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func TestFindAssignmentConcurrentReadersShareOneList(t *testing.T) {
	api := &assignmentAPI{delay: 100 * time.Millisecond}
	f := newFakeAPI(t, api.handler)
	c := newTestClient(t, f)
	ctx := testCtx(t)

	key := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-2"}
	const readers = 20
	var wg sync.WaitGroup
	results := make(chan *Assignment, readers)
	errs := make(chan error, readers)
	for i := 0; i < readers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a, err := c.FindAssignment(ctx, key)
			results <- a
			errs <- err
		}()
	}
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for a := range results {
		if a == nil || a.User == nil || a.User.ID != "u-1" || deref(a.WorkspaceID) != "w-2" || a.Role.ID != "r-1" {
			t.Fatalf("found %+v", a)
		}
	}
	if n := api.lists.Load(); n != 1 {
		t.Errorf("list requests = %d, want 1 for %d concurrent readers", n, readers)
	}
	lists := f.requestsTo(http.MethodGet, "/roles/r-1/assignments")
	if len(lists) != 1 || lists[0].Query.Get("workspace_id") != "" || lists[0].Query.Get("limit") != "200" {
		t.Errorf("list request = %+v, want every scope, paged", lists)
	}

	// Other keys of the same role: served from the cache.
	lookups := []struct {
		key   AssignmentKey
		found bool
	}{
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-1"}, true},
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectTeam, SubjectID: "t-1", WorkspaceID: "w-1"}, true},
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectServiceAccount, SubjectID: "sa-1", WorkspaceID: "w-1", ProjectID: "p-1"}, true},
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "sa-1", WorkspaceID: "w-1", ProjectID: "p-1"}, true}, // the same, as the wire has it
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectServiceAccount, SubjectID: "sa-1", WorkspaceID: "w-1"}, false},        // other scope
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectTeam, SubjectID: "u-1", WorkspaceID: "w-1"}, false},                   // other kind
		{AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-1"}, false},                                       // org level
	}
	for _, l := range lookups {
		a, err := c.FindAssignment(ctx, l.key)
		if err != nil || (a != nil) != l.found {
			t.Errorf("FindAssignment(%+v) = %+v, %v; want found %v", l.key, a, err, l.found)
		}
	}
	if n := api.lists.Load(); n != 1 {
		t.Errorf("list requests after cached lookups = %d, want 1", n)
	}

	// The answer is a copy: changing it does not change the cache.
	a, _ := c.FindAssignment(ctx, key)
	a.User.ID = "changed"
	a.WorkspaceID = nil
	if again, _ := c.FindAssignment(ctx, key); again == nil {
		t.Error("changing a found assignment changed the cache")
	}

	// Another role: its own list.
	if _, err := c.FindAssignment(ctx, AssignmentKey{RoleID: "r-2", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-1"}); err != nil {
		t.Fatal(err)
	}
	if n := api.lists.Load(); n != 2 {
		t.Errorf("list requests after another role = %d, want 2", n)
	}
}

func TestAssignmentWritesInvalidate(t *testing.T) {
	api := &assignmentAPI{}
	f := newFakeAPI(t, api.handler)
	c := newTestClient(t, f)
	ctx := testCtx(t)
	key := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-9", WorkspaceID: "w-1"}
	other := AssignmentKey{RoleID: "r-2", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-1"}

	steps := []struct {
		name      string
		do        func() error
		wantLists int32 // after the step and a FindAssignment of key
	}{
		{"first read", func() error { return nil }, 1},
		{"cached read", func() error { return nil }, 1},
		{"create", func() error { _, err := c.CreateAssignment(ctx, key); return err }, 2},
		{"write to another role", func() error { _, err := c.CreateAssignment(ctx, other); return err }, 2},
		{"delete", func() error { return c.DeleteAssignment(ctx, key) }, 3},
		{"workspace deleted", func() error { return c.DeleteWorkspace(ctx, "w-1") }, 4},
		{"role deleted", func() error { return c.DeleteRole(ctx, "r-1") }, 5},
		{"member removed", func() error { return c.RemoveOrganizationMember(ctx, "o-1", "u-1") }, 6},
		{"team deleted", func() error { return c.DeleteTeam(ctx, "t-1") }, 7},
		{"service account deleted", func() error { return c.DeleteServiceAccount(ctx, "o-1", "sa-1") }, 8},
		{"invitation deleted", func() error { return c.DeleteInvitation(ctx, "o-1", "i-1") }, 9},
		{"unrelated write", func() error { _, err := c.CreateTeam(ctx, TeamCreate{Name: "x"}); return err }, 9},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if _, err := c.FindAssignment(ctx, key); err != nil {
			t.Fatalf("%s: FindAssignment: %v", s.name, err)
		}
		if n := api.lists.Load(); n != s.wantLists {
			t.Errorf("after %s: list requests = %d, want %d", s.name, n, s.wantLists)
		}
	}
	creates := f.requestsTo(http.MethodPost, "/roles/r-1/assignments")
	if len(creates) != 1 {
		t.Fatalf("creates = %d", len(creates))
	}
	if q := creates[0].Query; len(q) != 2 || q.Get("user_id") != "u-9" || q.Get("workspace_id") != "w-1" {
		t.Errorf("create query = %v", q)
	}
	deletes := f.requestsTo(http.MethodDelete, "/roles/r-1/assignments")
	if len(deletes) != 1 || deletes[0].Query.Get("user_id") != "u-9" || deletes[0].Query.Get("workspace_id") != "w-1" {
		t.Errorf("delete = %+v", deletes)
	}
}

func TestFailedFillNotCached(t *testing.T) {
	api := &assignmentAPI{}
	api.failLists.Store(1)
	f := newFakeAPI(t, api.handler)
	c := newTestClient(t, f)
	ctx := testCtx(t)
	key := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-1"}

	a, err := c.FindAssignment(ctx, key)
	if a != nil || statusOf(err) != http.StatusForbidden {
		t.Fatalf("first FindAssignment = %+v, %v; want the 403", a, err)
	}
	for i := 0; i < 3; i++ {
		a, err = c.FindAssignment(ctx, key)
		if err != nil || a == nil {
			t.Fatalf("FindAssignment after the failure = %+v, %v", a, err)
		}
	}
	if n := api.lists.Load(); n != 2 {
		t.Errorf("list requests = %d, want 2 (the failure, then one good fill)", n)
	}
}

func TestCacheConcurrentReadersOfAFailingFill(t *testing.T) {
	// The fill the readers wait for fails: each waiter tries again, and the first good fill
	// serves the rest.
	api := &assignmentAPI{delay: 200 * time.Millisecond}
	api.failLists.Store(1)
	f := newFakeAPI(t, api.handler)
	c := newTestClient(t, f)
	ctx := testCtx(t)
	key := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: "u-1", WorkspaceID: "w-1"}

	first := make(chan error, 1)
	go func() { _, err := c.FindAssignment(ctx, key); first <- err }()
	for api.lists.Load() == 0 { // until the first reader's fill is in flight
		time.Sleep(time.Millisecond)
	}
	var wg sync.WaitGroup
	var failures atomic.Int32
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if a, err := c.FindAssignment(ctx, key); err != nil || a == nil {
				failures.Add(1)
			}
		}()
	}
	wg.Wait()
	if err := <-first; statusOf(err) != http.StatusForbidden {
		t.Errorf("the first reader: %v, want its 403", err)
	}
	if n := failures.Load(); n != 0 {
		t.Errorf("%d waiting readers failed, want 0", n)
	}
	if n := api.lists.Load(); n != 2 {
		t.Errorf("list requests = %d, want 2", n)
	}
}

func TestCacheWaiterContextEnds(t *testing.T) {
	lc := newListCache[int]()
	release := make(chan struct{})
	filling := make(chan struct{})
	done := make(chan []int, 1)
	go func() {
		items, _ := lc.get(context.Background(), "k", func(context.Context) ([]int, error) {
			close(filling)
			<-release
			return []int{1, 2, 3}, nil
		})
		done <- items
	}()
	<-filling
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	fills := 0
	_, err := lc.get(ctx, "k", func(context.Context) ([]int, error) { fills++; return nil, nil })
	if !errors.Is(err, context.DeadlineExceeded) || fills != 0 {
		t.Errorf("waiter: err %v, fills %d; want DeadlineExceeded and no fill of its own", err, fills)
	}
	close(release)
	if items := <-done; len(items) != 3 {
		t.Errorf("filler got %v", items)
	}
	items, err := lc.get(context.Background(), "k", func(context.Context) ([]int, error) { fills++; return nil, nil })
	if err != nil || len(items) != 3 || fills != 0 {
		t.Errorf("after the fill: %v, %v, fills %d", items, err, fills)
	}
	lc.invalidate("k")
	if _, _ = lc.get(context.Background(), "k", func(context.Context) ([]int, error) { fills++; return []int{}, nil }); fills != 1 {
		t.Errorf("after invalidate: fills = %d, want 1", fills)
	}
}

func TestCachedTeamMembers(t *testing.T) {
	var lists atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			lists.Add(1)
			writeJSON(w, http.StatusOK, []TeamMember{
				{User: &User{ID: "u-1", Username: "ada"}},
				{Invitation: &Invitation{ID: "i-1", Email: "bob@example.com", Status: InvitationPending}},
			})
		case http.MethodPost:
			writeJSON(w, http.StatusCreated, TeamMember{User: &User{ID: r.URL.Query().Get("user_id")}})
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c := newTestClient(t, f)
	ctx := testCtx(t)

	read := func() {
		t.Helper()
		members, err := c.CachedTeamMembers(ctx, "t-1")
		if err != nil || len(members) != 2 || members[0].User.ID != "u-1" || members[1].Invitation.ID != "i-1" {
			t.Fatalf("members = %+v, %v", members, err)
		}
	}
	read()
	read()
	if n := lists.Load(); n != 1 {
		t.Errorf("lists after two reads = %d, want 1", n)
	}
	m, err := c.AddTeamMember(ctx, "t-1", SubjectUser, "u-2")
	if err != nil || m.User == nil || m.User.ID != "u-2" {
		t.Fatalf("AddTeamMember = %+v, %v", m, err)
	}
	read()
	if n := lists.Load(); n != 2 {
		t.Errorf("lists after an add = %d, want 2", n)
	}
	if _, err := c.CachedTeamMembers(ctx, "t-2"); err != nil {
		t.Fatal(err)
	}
	if n := lists.Load(); n != 3 {
		t.Errorf("lists after another team = %d, want 3", n)
	}
	if err := c.RemoveTeamMember(ctx, "t-1", SubjectInvitation, "i-1"); err != nil {
		t.Fatal(err)
	}
	read()
	if n := lists.Load(); n != 4 {
		t.Errorf("lists after a removal = %d, want 4", n)
	}
	removes := f.requestsTo(http.MethodDelete, "/teams/t-1/members")
	if len(removes) != 1 || removes[0].Query.Get("invitation_id") != "i-1" || len(removes[0].Query) != 1 {
		t.Errorf("remove = %+v", removes)
	}
	// t-2 is still cached.
	if _, err := c.CachedTeamMembers(ctx, "t-2"); err != nil {
		t.Fatal(err)
	}
	if n := lists.Load(); n != 4 {
		t.Errorf("lists after re-reading t-2 = %d, want 4", n)
	}
}

// TestCachedRole: many readers of one role cost one GET; an update through the client drops it.
func TestCachedRole(t *testing.T) {
	var gets atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			gets.Add(1)
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": "r1", "name": "Operator", "level": "workspace"})
	})
	c := newTestClient(t, f)
	ctx := testCtx(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := c.CachedRole(ctx, "r1"); err != nil || r.Name != "Operator" {
				t.Errorf("CachedRole: %+v %v", r, err)
			}
		}()
	}
	wg.Wait()
	if n := gets.Load(); n != 1 {
		t.Errorf("20 readers made %d GETs, want 1", n)
	}
	name := "Renamed"
	if _, err := c.UpdateRole(ctx, "r1", RoleUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CachedRole(ctx, "r1"); err != nil {
		t.Fatal(err)
	}
	if n := gets.Load(); n != 2 {
		t.Errorf("after an update: %d GETs, want 2", n)
	}
}
