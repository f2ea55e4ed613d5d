package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// pagedTeams serves n teams from GET /organizations/o-1/teams with offset and limit as the
// contract defines them (limit 1–1000, default 20; 422 otherwise).
func pagedTeams(n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, limit := 0, 20
		var err error
		if v := q.Get("offset"); v != "" {
			if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
				writeDetail(w, http.StatusUnprocessableEntity, "bad offset")
				return
			}
		}
		if v := q.Get("limit"); v != "" {
			if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
				writeDetail(w, http.StatusUnprocessableEntity, "bad limit")
				return
			}
		}
		page := []Team{}
		for i := offset; i < n && i < offset+limit; i++ {
			page = append(page, Team{ID: fmt.Sprintf("t-%04d", i), OrganizationID: "o-1", Name: fmt.Sprintf("team %d", i)})
		}
		writeJSON(w, http.StatusOK, page)
	}
}

func TestListAllPaging(t *testing.T) {
	tests := []struct {
		items       int
		wantOffsets []string
	}{
		{0, []string{"0"}},
		{1, []string{"0"}},
		{199, []string{"0"}},
		{200, []string{"0", "200"}},
		{450, []string{"0", "200", "400"}},
		{400, []string{"0", "200", "400"}}, // an exact multiple: the last page is empty
		{1000, []string{"0", "200", "400", "600", "800", "1000"}},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.items), func(t *testing.T) {
			f := newFakeAPI(t, pagedTeams(tt.items))
			c := newTestClient(t, f)
			teams, err := c.ListTeams(testCtx(t), "o-1")
			if err != nil {
				t.Fatal(err)
			}
			if len(teams) != tt.items {
				t.Fatalf("teams = %d, want %d", len(teams), tt.items)
			}
			for i, team := range teams {
				if want := fmt.Sprintf("t-%04d", i); team.ID != want {
					t.Fatalf("teams[%d] = %s, want %s (order or duplicates)", i, team.ID, want)
				}
			}
			reqs := f.apiRequests()
			if len(reqs) != len(tt.wantOffsets) {
				t.Fatalf("requests = %d, want %d", len(reqs), len(tt.wantOffsets))
			}
			for i, r := range reqs {
				if r.Method != http.MethodGet || r.Path != "/organizations/o-1/teams" {
					t.Errorf("request %d = %s %s", i, r.Method, r.Path)
				}
				if got := r.Query.Get("offset"); got != tt.wantOffsets[i] {
					t.Errorf("request %d offset = %s, want %s", i, got, tt.wantOffsets[i])
				}
				if got := r.Query.Get("limit"); got != "200" {
					t.Errorf("request %d limit = %s, want 200", i, got)
				}
				if len(r.Query) != 2 {
					t.Errorf("request %d query = %v, want only offset and limit", i, r.Query)
				}
			}
		})
	}
}

func TestListFiltersSkipEmptyValues(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, []any{}) })
	c := newTestClient(t, f)
	ctx := testCtx(t)

	tests := []struct {
		name string
		call func() error
		path string
		want map[string]string // besides offset and limit
	}{
		{"workspaces by organization", func() error {
			_, err := c.ListWorkspaces(ctx, WorkspacesHybrid, WorkspaceFilter{OrganizationID: "o-1"})
			return err
		}, "/workspaces", map[string]string{"organization_id": "o-1", "is_managed": "false"}},
		{"workspaces by name and status", func() error {
			_, err := c.ListWorkspaces(ctx, WorkspacesManaged, WorkspaceFilter{Name: "prod", Status: WorkspaceStatusAvailable})
			return err
		}, "/workspaces", map[string]string{"workspace_name": "prod", "status": "available", "is_managed": "true"}},
		{"pending invitations", func() error {
			_, err := c.ListInvitations(ctx, "o-1", "", true)
			return err
		}, "/organizations/o-1/invitations", map[string]string{"only_pending": "true"}},
		{"invitations by email", func() error {
			_, err := c.ListInvitations(ctx, "o-1", "a+b@example.com", false)
			return err
		}, "/organizations/o-1/invitations", map[string]string{"email": "a+b@example.com"}},
		{"roles by level", func() error {
			_, err := c.ListRoles(ctx, "o-1", LevelWorkspace, "")
			return err
		}, "/organizations/o-1/roles", map[string]string{"level": "workspace"}},
		{"users by email", func() error {
			_, err := c.FindUsersByEmail(ctx, "x@example.com")
			return err
		}, "/users", map[string]string{"email": "x@example.com"}},
		{"assignments of a workspace", func() error {
			_, err := c.ListRoleAssignments(ctx, "r-1", "w-1", "")
			return err
		}, "/roles/r-1/assignments", map[string]string{"workspace_id": "w-1"}},
		{"every permission", func() error {
			_, err := c.ListPermissions(ctx, "")
			return err
		}, "/permissions", map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.apiRequests())
			if err := tt.call(); err != nil {
				t.Fatal(err)
			}
			reqs := f.apiRequests()[before:]
			if len(reqs) != 1 {
				t.Fatalf("requests = %d, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Path != tt.path {
				t.Errorf("path = %q, want %q", r.Path, tt.path)
			}
			if len(r.Query) != len(tt.want)+2 {
				t.Errorf("query = %v, want %v plus offset and limit", r.Query, tt.want)
			}
			for k, v := range tt.want {
				if r.Query.Get(k) != v {
					t.Errorf("query %s = %q, want %q", k, r.Query.Get(k), v)
				}
			}
		})
	}
}

// TestListAllStopsOnARepeatedPage: an API that ignores offset answers the same page again and
// again; the list must end there instead of asking forever.
func TestListAllStopsOnARepeatedPage(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Set("offset", "0") // ignored
		r.URL.RawQuery = q.Encode()
		pagedTeams(5000)(w, r)
	})
	c := newTestClient(t, f)
	teams, err := c.ListTeams(testCtx(t), "o-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(teams) != PageSize {
		t.Errorf("teams = %d, want the one page (%d) once", len(teams), PageSize)
	}
	if n := len(f.apiRequests()); n != 2 {
		t.Errorf("requests = %d, want 2 (the page, then its repeat)", n)
	}
}

// TestListAllFallsBackToThePublicPageSize: no maximum limit is documented. A control plane that
// refuses 200 gets the public client's 20, for that list and every list after it.
func TestListAllFallsBackToThePublicPageSize(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if limit, _ := strconv.Atoi(r.URL.Query().Get("limit")); limit > 50 {
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": []any{"ValueError", "limit must be at most 50"}})
			return
		}
		pagedTeams(45)(w, r)
	})
	c := newTestClient(t, f)
	for round := 1; round <= 2; round++ {
		teams, err := c.ListTeams(testCtx(t), "o-1")
		if err != nil {
			t.Fatal(err)
		}
		if len(teams) != 45 {
			t.Fatalf("round %d: teams = %d, want 45", round, len(teams))
		}
	}
	var limits []string
	for _, r := range f.apiRequests() {
		limits = append(limits, r.Query.Get("limit")+"@"+r.Query.Get("offset"))
	}
	// Round 1: refused, then 20 at a time; round 2: 20 at once.
	if want := "200@0 20@0 20@20 20@40 20@0 20@20 20@40"; fmt.Sprint(limits) != "["+want+"]" {
		t.Errorf("requests (limit@offset) = %v, want [%s]", limits, want)
	}
}

// TestListAllKeepsPageSizeOnOtherRefusals: a 422 the smaller page does not cure (a bad filter,
// say) is the API's answer, and does not shrink later pages.
func TestListAllKeepsPageSizeOnOtherRefusals(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeDetail(w, http.StatusUnprocessableEntity, "level must be organization, workspace or project")
	})
	c := newTestClient(t, f)
	if _, err := c.ListRoles(testCtx(t), "o-1", "galaxy", ""); !IsValidation(err) {
		t.Fatalf("err = %v, want the 422", err)
	}
	if c.pageSize() != PageSize {
		t.Errorf("page size = %d after a refusal the page size did not cause, want %d", c.pageSize(), PageSize)
	}
}

func TestListAllStopsOnError(t *testing.T) {
	var mu sync.Mutex
	pages := 0
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pages++
		n := pages
		mu.Unlock()
		if n == 2 {
			writeDetail(w, http.StatusNotFound, "Organization not found")
			return
		}
		pagedTeams(1000)(w, r)
	})
	c := newTestClient(t, f)
	teams, err := c.ListTeams(testCtx(t), "o-1")
	if !IsNotFound(err) || teams != nil {
		t.Fatalf("teams %d, err %v; want nil and a 404", len(teams), err)
	}
	if n := len(f.apiRequests()); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
}

func TestRateLimiterSpacing(t *testing.T) {
	run := func(t *testing.T, rps float64, concurrent bool) (time.Duration, time.Time, []seen) {
		f := newFakeAPI(t, teamHandler)
		f.addToken("static")
		c := newTestClient(t, f, func(cfg *Config) {
			cfg.APIKey, cfg.AccessToken, cfg.RequestsPerSecond = "", "static", rps
		})
		ctx := testCtx(t)
		start := time.Now()
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for i := 0; i < 6; i++ {
			call := func() { _, err := c.GetTeam(ctx, "t-1"); errs <- err }
			if concurrent {
				wg.Add(1)
				go func() { defer wg.Done(); call() }()
			} else {
				call()
			}
		}
		wg.Wait()
		elapsed := time.Since(start)
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		return elapsed, start, f.apiRequests()
	}

	t.Run("10 rps, sequential", func(t *testing.T) {
		elapsed, start, reqs := run(t, 10, false)
		if elapsed < 500*time.Millisecond {
			t.Errorf("6 calls at 10 rps took %v, want ≥ 500ms", elapsed)
		}
		// Request i may not leave before its slot, i × 100ms after the first.
		for i, r := range reqs {
			if at, slot := r.At.Sub(start), time.Duration(i)*100*time.Millisecond; at < slot {
				t.Errorf("request %d arrived at +%v, before its slot at +%v", i, at, slot)
			}
		}
	})
	t.Run("10 rps, concurrent", func(t *testing.T) {
		if elapsed, _, _ := run(t, 10, true); elapsed < 500*time.Millisecond {
			t.Errorf("6 concurrent calls at 10 rps took %v, want ≥ 500ms", elapsed)
		}
	})
	t.Run("no limit", func(t *testing.T) {
		c, err := New(Config{AccessToken: "static"})
		if err != nil {
			t.Fatal(err)
		}
		if l := c.http.HTTPClient.Transport.(*loggingTransport).limiter; l != nil {
			t.Errorf("RequestsPerSecond 0 installed a limiter of %v", l.interval)
		}
		c, _ = New(Config{AccessToken: "static", RequestsPerSecond: 4})
		if l := c.http.HTTPClient.Transport.(*loggingTransport).limiter; l == nil || l.interval != 250*time.Millisecond {
			t.Errorf("RequestsPerSecond 4: limiter %+v, want 250ms apart", l)
		}
	})
}

func TestLimiterWait(t *testing.T) {
	var none *limiter
	if err := none.wait(context.Background()); err != nil {
		t.Errorf("nil limiter: %v", err)
	}
	if newLimiter(0) != nil || newLimiter(-1) != nil {
		t.Error("a rate ≤ 0 must disable the limiter")
	}
	l := newLimiter(2) // 500ms apart
	if l.interval != 500*time.Millisecond {
		t.Errorf("interval = %v", l.interval)
	}
	if err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := l.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait with a short deadline = %v", err)
	}
	if d := time.Since(start); d > 400*time.Millisecond {
		t.Errorf("wait returned after %v, want at the 50ms deadline, not the 500ms slot", d)
	}
}
