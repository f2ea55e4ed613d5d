package client

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// teamStore is a fake API's teams of organization o-1: POST /teams creates one (409 on a taken
// name), GET /organizations/o-1/teams lists them. Hooks decide what each create's answer is.
type teamStore struct {
	mu    sync.Mutex
	teams []map[string]any
	// answer, when set, replaces the answer of the n-th create (from 1) after its work: a status
	// to send instead, 0 to send the created team, -1 to hang up. before: the same, without work.
	answer func(n int) (status int, before bool)
	// hideFromList makes that many list calls not show the newest team (a lagging list).
	hideFromList atomic.Int32
	creates      atomic.Int32
}

func (s *teamStore) handler(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/teams":
		n := int(s.creates.Add(1))
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		status, before := 0, false
		if s.answer != nil {
			status, before = s.answer(n)
		}
		if before {
			writeDetail(w, status, "failed before the work")
			return
		}
		s.mu.Lock()
		for _, t := range s.teams {
			if t["name"] == body["name"] {
				s.mu.Unlock()
				writeJSON(w, http.StatusConflict, map[string]any{"detail": []any{"EntityExistsError", "a team named " + body["name"].(string) + " already exists"}})
				return
			}
		}
		team := map[string]any{"id": "t-" + body["name"].(string), "organization_id": "o-1", "name": body["name"], "description": body["description"]}
		s.teams = append(s.teams, team)
		s.mu.Unlock()
		switch status {
		case 0:
			writeJSON(w, http.StatusOK, team)
		case -1:
			hangUp(w)
		default:
			writeDetail(w, status, "answer lost after the work")
		}
	case r.Method == http.MethodGet && r.URL.Path == "/organizations/o-1/teams":
		s.mu.Lock()
		list := append([]map[string]any{}, s.teams...)
		s.mu.Unlock()
		if s.hideFromList.Add(-1) >= 0 && len(list) > 0 {
			list = list[:len(list)-1]
		}
		writeJSON(w, http.StatusOK, list)
	default:
		writeDetail(w, http.StatusNotFound, "Not Found")
	}
}

func (s *teamStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.teams)
}

func TestCreateLostAnswerAdoptsTheObject(t *testing.T) {
	for name, status := range map[string]int{"500": 500, "502": 502, "503": 503, "504": 504, "connection lost": -1} {
		t.Run(name, func(t *testing.T) {
			store := &teamStore{answer: func(n int) (int, bool) {
				if n == 1 {
					return status, false
				}
				return 0, false
			}}
			f := newFakeAPI(t, store.handler, withoutKeepAlive())
			c := newTestClient(t, f)
			team, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml", Description: "d"})
			if err != nil {
				t.Fatalf("CreateTeam: %v", err)
			}
			if team.ID != "t-ml" {
				t.Errorf("team = %+v", team)
			}
			if n := store.creates.Load(); n != 1 {
				t.Errorf("creates sent = %d, want 1: the lookup found the team, so nothing is sent again", n)
			}
			if n := store.count(); n != 1 {
				t.Errorf("teams = %d, want 1", n)
			}
		})
	}
}

func TestCreateLostAnswerBeforeTheWorkCreatesAgain(t *testing.T) {
	store := &teamStore{answer: func(n int) (int, bool) {
		if n <= 2 {
			return http.StatusInternalServerError, true
		}
		return 0, false
	}}
	f := newFakeAPI(t, store.handler)
	c := newTestClient(t, f)
	team, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
	if err != nil || team.ID != "t-ml" {
		t.Fatalf("CreateTeam = %+v, %v", team, err)
	}
	posts := f.requestsTo(http.MethodPost, "/teams")
	if len(posts) != 3 || store.count() != 1 {
		t.Fatalf("creates sent = %d, teams = %d; want 3 and 1", len(posts), store.count())
	}
	if lookups := f.requestsTo(http.MethodGet, "/organizations/o-1/teams"); len(lookups) != 2 {
		t.Errorf("lookups = %d, want one after each lost answer", len(lookups))
	}
	for _, p := range posts {
		if p.idemKey() != posts[0].idemKey() {
			t.Errorf("Idempotency-Key changed between attempts: %q, %q", posts[0].idemKey(), p.idemKey())
		}
	}
}

// TestCreateLostAnswerWithALaggingList: the lookup does not see the team the lost attempt made,
// the repeat meets the name (409), and the lookup, tried again, finds it.
func TestCreateLostAnswerWithALaggingList(t *testing.T) {
	store := &teamStore{answer: func(n int) (int, bool) {
		if n == 1 {
			return http.StatusBadGateway, false
		}
		return 0, false
	}}
	store.hideFromList.Store(2)
	f := newFakeAPI(t, store.handler)
	c := newTestClient(t, f, func(cfg *Config) { cfg.ConsistencyWindow = 5 * time.Second })
	team, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
	if err != nil || team.ID != "t-ml" {
		t.Fatalf("CreateTeam = %+v, %v", team, err)
	}
	if n := store.creates.Load(); n != 2 || store.count() != 1 {
		t.Errorf("creates = %d, teams = %d; want 2 (the repeat met the name) and 1", n, store.count())
	}
}

func TestCreateLostAnswerFindsAnotherObject(t *testing.T) {
	store := &teamStore{answer: func(int) (int, bool) { return 0, false }}
	store.teams = []map[string]any{{"id": "t-theirs", "name": "ml", "description": "someone else's"}}
	store.answer = func(int) (int, bool) { return http.StatusServiceUnavailable, true }
	f := newFakeAPI(t, store.handler)
	c := newTestClient(t, f)
	_, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml", Description: "ours"})
	var exists *ExistsError
	if !errors.As(err, &exists) {
		t.Fatalf("err = %v (%T), want *ExistsError", err, err)
	}
	if exists.ExistingID != "t-theirs" || !strings.Contains(exists.Differs, `description is "someone else's" there, "ours" planned`) {
		t.Errorf("ExistsError = %+v", exists)
	}
	if kind, id := exists.ExistingObject(); kind != "team" || id != "t-theirs" {
		t.Errorf("ExistingObject = %s, %s", kind, id)
	}
	if IsConflict(err) {
		t.Error("IsConflict holds, but the API never answered 409")
	}
	if n := store.creates.Load(); n != 1 {
		t.Errorf("creates = %d, want 1: a team of that name exists, so the create is not sent again", n)
	}
}

func TestCreateConflictNamesTheExistingObject(t *testing.T) {
	store := &teamStore{}
	store.teams = []map[string]any{{"id": "t-old", "name": "ml", "description": ""}}
	f := newFakeAPI(t, store.handler)
	c := newTestClient(t, f)
	_, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
	var exists *ExistsError
	if !errors.As(err, &exists) || !IsConflict(err) {
		t.Fatalf("err = %v (%T), want an *ExistsError that IsConflict", err, err)
	}
	// Identical or not, an object that was there before is not adopted: it is named.
	if exists.ExistingID != "t-old" || exists.Differs != "" || exists.Lost != nil {
		t.Errorf("ExistsError = %+v", exists)
	}
	want := `a team named "ml" in organization o-1 already exists (id t-old). The API answered: a team named ml already exists (HTTP 409 from POST /teams)`
	if err.Error() != want {
		t.Errorf("error text\n got %s\nwant %s", err, want)
	}
}

func TestCreateLostAnswerAndTheLookupFails(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			writeDetail(w, http.StatusInternalServerError, "boom")
			return
		}
		writeDetail(w, http.StatusForbidden, "listing teams is not allowed")
	})
	c := newTestClient(t, f)
	_, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
	var unknown *OutcomeUnknownError
	if !errors.As(err, &unknown) || statusOf(err) != http.StatusInternalServerError {
		t.Fatalf("err = %v (%T), want *OutcomeUnknownError wrapping the 500", err, err)
	}
	for _, want := range []string{"boom", "listing teams is not allowed", "The team may exist now"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if n := len(f.requestsTo(http.MethodPost, "/teams")); n != 1 {
		t.Errorf("creates = %d, want 1", n)
	}
}

func TestCreateGivesUpAfterMaxRetries(t *testing.T) {
	store := &teamStore{answer: func(int) (int, bool) { return http.StatusBadGateway, true }}
	f := newFakeAPI(t, store.handler)
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.CreateTeam(testCtx(t), TeamCreate{OrganizationID: "o-1", Name: "ml"})
	if statusOf(err) != http.StatusBadGateway {
		t.Fatalf("err = %v, want the last 502", err)
	}
	if n := store.creates.Load(); n != 3 {
		t.Errorf("creates = %d, want 3 (MaxRetries 2 + 1)", n)
	}
}

// TestAssignmentLostAnswerWithoutAList: with no assignment list served, a repeat's 409 says the
// assignment exists, and it is the planned one (the key is all there is to it).
func TestAssignmentLostAnswerWithoutAList(t *testing.T) {
	var posts atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && posts.Add(1) == 1:
			writeDetail(w, http.StatusBadGateway, "lost")
		case r.Method == http.MethodPost:
			writeJSON(w, http.StatusConflict, map[string]any{"detail": []any{"EntityExistsError", "assignment exists"}})
		default:
			writeDetail(w, http.StatusNotFound, "Not Found") // GET /roles/{id}/assignments is not served
		}
	})
	c := newTestClient(t, f)
	k := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectServiceAccount, SubjectID: "sa-1", WorkspaceID: "w-1"}
	a, err := c.CreateAssignment(testCtx(t), k)
	if err != nil {
		t.Fatalf("CreateAssignment: %v", err)
	}
	if !k.Matches(a) {
		t.Errorf("assignment %+v is not %+v", a, k)
	}
	// Without a lost answer first, a 409 is the caller's to judge (it adopts an identical one).
	posts.Store(1)
	if _, err := c.CreateAssignment(testCtx(t), k); !IsConflict(err) {
		t.Errorf("a plain 409: err = %v, want the conflict", err)
	}
}

func TestPatchLostAnswer(t *testing.T) {
	for _, tt := range []struct {
		name      string
		applied   bool
		wantPatch int
	}{{"applied: read back", true, 1}, {"not applied: sent again", false, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			var patches atomic.Int32
			var done atomic.Bool // the PATCH was applied
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPatch {
					n := patches.Add(1)
					if n == 1 && !tt.applied {
						writeDetail(w, http.StatusInternalServerError, "failed before the work")
						return
					}
					done.Store(true)
					if n == 1 {
						writeDetail(w, http.StatusBadGateway, "answer lost")
						return
					}
				}
				description := "old"
				if done.Load() {
					description = "new"
				}
				writeJSON(w, http.StatusOK, map[string]any{"id": "t-1", "name": "ml", "description": description, "member_count": 2})
			})
			c := newTestClient(t, f)
			newDescription := "new"
			team, err := c.UpdateTeam(testCtx(t), "t-1", TeamUpdate{Description: &newDescription})
			if err != nil || team.Description != "new" || team.MemberCount != 2 {
				t.Fatalf("UpdateTeam = %+v, %v", team, err)
			}
			if n := patches.Load(); int(n) != tt.wantPatch {
				t.Errorf("PATCHes = %d, want %d", n, tt.wantPatch)
			}
			if n := len(f.requestsTo(http.MethodGet, "/teams/t-1")); n != 1 {
				t.Errorf("reads back = %d, want 1", n)
			}
		})
	}
}

func TestPatchApplied(t *testing.T) {
	current := json.RawMessage(`{"id":"w","description":"d","desired_state":"deactivated","trusted_domains":["b.com","a.com"],
		"zenml_service":{"configuration":{"version":"0.80"},"status":null},"active":false,"count":3}`)
	name := func(s string) *string { return &s }
	for _, tt := range []struct {
		body any
		want bool
	}{
		{WorkspaceUpdate{Description: name("d")}, true},
		{WorkspaceUpdate{Description: name("d"), DesiredState: name("deactivated")}, true},
		{WorkspaceUpdate{Description: name("other")}, false},
		{map[string]any{"trusted_domains": []string{"a.com", "b.com"}}, true}, // order does not matter
		{map[string]any{"trusted_domains": []string{"a.com"}}, false},
		{WorkspaceUpdate{ZenMLService: &ZenMLService{Configuration: &ZenMLServiceConfiguration{Version: "0.80"}}}, true},
		{WorkspaceUpdate{ZenMLService: &ZenMLService{Configuration: &ZenMLServiceConfiguration{Version: "0.81"}}}, false},
		{map[string]any{"active": false}, true},
		{map[string]any{"active": "false"}, false}, // a string is not a boolean
		{map[string]any{"count": 3}, true},
		{map[string]any{"missing": nil}, false},
		{nil, false}, // no body: nothing to compare, so the PATCH is sent again
	} {
		if got := patchApplied(tt.body, current); got != tt.want {
			raw, _ := json.Marshal(tt.body)
			t.Errorf("patchApplied(%s) = %v, want %v", raw, got, tt.want)
		}
	}
}

// TestRotationRepeatsAfterALostAnswer: a rotation has no unique key to look up, and a repeat
// does no harm (it issues another value, and the last is returned), so it is retried blindly.
func TestRotationRepeatsAfterALostAnswer(t *testing.T) {
	var rotations atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		if rotations.Add(1) == 1 {
			writeDetail(w, http.StatusInternalServerError, "lost")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"enrollment_key": "second-value-of-the-key"})
	})
	c := newTestClient(t, f)
	key, err := c.RotateEnrollmentKey(testCtx(t), "w-1")
	if err != nil || key != "second-value-of-the-key" || rotations.Load() != 2 {
		t.Fatalf("RotateEnrollmentKey = %q, %v after %d calls", key, err, rotations.Load())
	}
}
