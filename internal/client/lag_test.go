package client

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// lagAPI creates teams (t-1, t-2, ...) and answers every call that names a team with 404 "team
// not found" for its first lagging calls, as a control plane whose reads lag its writes.
type lagAPI struct {
	lagging atomic.Int32 // calls that still answer 404
	teams   atomic.Int32
}

func (a *lagAPI) handler(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/teams":
		n := a.teams.Add(1)
		writeJSON(w, http.StatusOK, map[string]any{"id": fmt.Sprintf("t-%d", n), "name": "ml"})
	case r.Method == http.MethodDelete:
		writeJSON(w, http.StatusOK, nil)
	case strings.HasPrefix(r.URL.Path, "/nowhere"):
		writeDetail(w, http.StatusNotFound, "Not Found") // a route the API does not serve
	case a.lagging.Add(-1) >= 0:
		writeJSON(w, http.StatusNotFound, map[string]any{"detail": []any{"KeyError", "'team not found'"}})
	case r.Method == http.MethodPost:
		writeJSON(w, http.StatusOK, map[string]any{"user": map[string]any{"id": r.URL.Query().Get("user_id")}})
	default:
		writeJSON(w, http.StatusOK, []any{})
	}
}

func lagClient(t *testing.T, window time.Duration) (*Client, *fakeAPI, *lagAPI) {
	t.Helper()
	api := &lagAPI{}
	f := newFakeAPI(t, api.handler)
	return newTestClient(t, f, func(cfg *Config) { cfg.ConsistencyWindow = window }), f, api
}

// TestLagOnChildren: the reported failure. A team just created answers 404 to the listing of its
// members for a moment; the client waits it out, for the list and for adding a member alike.
func TestLagOnChildren(t *testing.T) {
	c, f, api := lagClient(t, 10*time.Second)
	ctx := testCtx(t)
	team, err := c.CreateTeam(ctx, TeamCreate{OrganizationID: "o-1", Name: "ml"})
	if err != nil {
		t.Fatal(err)
	}
	api.lagging.Store(2)
	if _, err := c.ListTeamMembers(ctx, team.ID); err != nil {
		t.Fatalf("ListTeamMembers of a new team: %v", err)
	}
	if n := len(f.requestsTo(http.MethodGet, "/teams/"+team.ID+"/members")); n != 3 {
		t.Errorf("list requests = %d, want 3 (two 404s, then the list)", n)
	}
	api.lagging.Store(1)
	if _, err := c.AddTeamMember(ctx, team.ID, SubjectUser, "u-1"); err != nil {
		t.Fatalf("AddTeamMember to a new team: %v", err)
	}
	posts := f.requestsTo(http.MethodPost, "/teams/"+team.ID+"/members")
	if len(posts) != 2 {
		t.Fatalf("member POSTs = %d, want 2", len(posts))
	}
	if posts[0].idemKey() == posts[1].idemKey() {
		t.Error("the POST after a 404 reused the Idempotency-Key of the refused one")
	}
	// An object named in the query counts too: the team as an assignment's subject.
	api.lagging.Store(1)
	if _, err := c.CreateAssignment(ctx, AssignmentKey{RoleID: "r-old", SubjectKind: SubjectTeam, SubjectID: team.ID}); err != nil {
		t.Fatalf("CreateAssignment for a new team: %v", err)
	}
}

func TestLagRuleLimits(t *testing.T) {
	t.Run("an object this client did not create", func(t *testing.T) {
		c, f, api := lagClient(t, 10*time.Second)
		api.lagging.Store(5)
		if _, err := c.ListTeamMembers(testCtx(t), "t-someone-elses"); !IsNotFound(err) {
			t.Fatalf("err = %v, want the 404", err)
		}
		if n := len(f.apiRequests()); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
	t.Run("a route the API does not serve", func(t *testing.T) {
		c, f, _ := lagClient(t, 10*time.Second)
		team, _ := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
		err := c.get(testCtx(t), "/nowhere/"+team.ID, nil, nil)
		if !IsNotServed(err) || len(f.requestsTo(http.MethodGet, "/nowhere/"+team.ID)) != 1 {
			t.Fatalf("err = %v after %d requests, want not served at once", err, len(f.requestsTo(http.MethodGet, "/nowhere/"+team.ID)))
		}
	})
	t.Run("the window ends", func(t *testing.T) {
		c, _, api := lagClient(t, 500*time.Millisecond)
		team, _ := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
		api.lagging.Store(1000)
		start := time.Now()
		_, err := c.ListTeamMembers(testCtx(t), team.ID)
		if !IsNotFound(err) {
			t.Fatalf("err = %v, want the 404 once the window is over", err)
		}
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("gave up after %v; the window is 500ms", elapsed)
		}
	})
	t.Run("no window", func(t *testing.T) {
		c, f, api := lagClient(t, 0)
		team, _ := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
		api.lagging.Store(1)
		if _, err := c.ListTeamMembers(testCtx(t), team.ID); !IsNotFound(err) {
			t.Fatalf("err = %v, want the 404", err)
		}
		if n := len(f.requestsTo(http.MethodGet, "/teams/"+team.ID+"/members")); n != 1 {
			t.Errorf("requests = %d, want 1", n)
		}
	})
	t.Run("deleted since", func(t *testing.T) {
		c, f, api := lagClient(t, 10*time.Second)
		team, _ := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
		if err := c.DeleteTeam(testCtx(t), team.ID); err != nil {
			t.Fatal(err)
		}
		api.lagging.Store(1)
		if _, err := c.GetTeam(testCtx(t), team.ID); !IsNotFound(err) {
			t.Fatalf("err = %v, want the 404 of a deleted team", err)
		}
		if n := len(f.requestsTo(http.MethodGet, "/teams/"+team.ID)); n != 1 {
			t.Errorf("requests = %d, want 1: a deleted object's 404 is an answer", n)
		}
	})
}

func TestRecentObjectsForgetOutsideTheWindow(t *testing.T) {
	r := newRecentObjects(50 * time.Millisecond)
	r.add("A-1")
	if _, young := r.deadline(request{path: "/teams/a-1/members"}, time.Now()); !young {
		t.Fatal("an id is matched without regard to case")
	}
	if _, young := r.deadline(request{path: "/roles/r", query: map[string][]string{"team_id": {"a-1"}}}, time.Now()); !young {
		t.Fatal("an id in the query is not matched")
	}
	time.Sleep(60 * time.Millisecond)
	r.add("b-2") // prunes what is out of the window
	r.mu.Lock()
	n := len(r.created)
	r.mu.Unlock()
	if n != 1 {
		t.Errorf("%d ids kept, want 1", n)
	}
	if newRecentObjects(0) != nil {
		t.Error("no window still remembers")
	}
}
