package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// benchAssignments returns n assignments of role r-1 as the API would send them.
func benchAssignments(n int) []Assignment {
	out := make([]Assignment, n)
	for i := range out {
		ws := fmt.Sprintf("6f1d3a2e-0000-4000-8000-%012d", i%7)
		email := fmt.Sprintf("user%d@example.com", i)
		out[i] = Assignment{
			Role:        RoleRef{ID: "r-1", Name: "Workspace Developer", Level: LevelWorkspace},
			User:        &SubjectRef{ID: fmt.Sprintf("0f8fad5b-d9cb-469f-a165-%012d", i), Username: fmt.Sprintf("user%d", i), Email: &email},
			WorkspaceID: &ws,
			Created:     "2026-11-25T22:15:14.123456Z",
		}
	}
	return out
}

// benchServer is a lean control plane for benchmarks: a login, a paged list of total
// assignments for any role, and a small team. It records nothing, so that allocations measured
// are mostly the client's (the server shares the process, and its own share is included).
func benchServer(b *testing.B, total int) *httptest.Server {
	b.Helper()
	all := benchAssignments(total)
	pages := map[int][]byte{}
	for offset := 0; offset <= total; offset += PageSize {
		end := min(offset+PageSize, total)
		raw, err := json.Marshal(all[offset:end])
		if err != nil {
			b.Fatal(err)
		}
		pages[offset] = raw
	}
	team := []byte(`{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","organization_id":"5b1f2c4e-0000-4000-8000-000000000001","name":"platform","description":"The platform team","member_count":12,"created":"2026-11-25T22:15:14.123456Z","updated":"2026-11-25T22:15:14.123456Z"}`)
	login := []byte(`{"access_token":"tok.bench","token_type":"bearer","expires_in":3600}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/auth/login":
			_, _ = w.Write(login)
		case r.Header.Get("Authorization") != "Bearer tok.bench":
			w.WriteHeader(http.StatusUnauthorized)
		case r.URL.Path == "/teams/0f8fad5b-d9cb-469f-a165-70867728950e":
			_, _ = w.Write(team)
		default:
			offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
			page, ok := pages[offset]
			if !ok {
				page = []byte("[]")
			}
			_, _ = w.Write(page)
		}
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchClient(b *testing.B, srv *httptest.Server) *Client {
	b.Helper()
	c, err := New(Config{APIURL: srv.URL, APIKey: testAPIKey})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDecodeAssignmentsPage decodes one full page (200) of role assignments.
func BenchmarkDecodeAssignmentsPage(b *testing.B) {
	raw, err := json.Marshal(benchAssignments(PageSize))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		var page []Assignment
		if err := json.Unmarshal(raw, &page); err != nil {
			b.Fatal(err)
		}
		if len(page) != PageSize {
			b.Fatalf("decoded %d", len(page))
		}
	}
}

// BenchmarkListAllAssignments pages through 1,000 assignments (6 requests: 5 full pages and the
// empty one that ends the list) from an httptest server.
func BenchmarkListAllAssignments(b *testing.B) {
	srv := benchServer(b, 1000)
	c := benchClient(b, srv)
	ctx := context.Background()
	if _, err := c.ListRoleAssignments(ctx, "r-1", "", ""); err != nil { // log in, warm connections
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		all, err := c.ListRoleAssignments(ctx, "r-1", "", "")
		if err != nil {
			b.Fatal(err)
		}
		if len(all) != 1000 {
			b.Fatalf("listed %d", len(all))
		}
	}
}

// BenchmarkFindAssignmentCacheHit looks up an assignment in the middle of a cached list of 1,000.
func BenchmarkFindAssignmentCacheHit(b *testing.B) {
	srv := benchServer(b, 1000)
	c := benchClient(b, srv)
	ctx := context.Background()
	target := benchAssignments(1000)[500]
	key := AssignmentKey{RoleID: "r-1", SubjectKind: SubjectUser, SubjectID: target.User.ID, WorkspaceID: *target.WorkspaceID}
	if a, err := c.FindAssignment(ctx, key); err != nil || a == nil {
		b.Fatalf("warm-up: %v, %v", a, err)
	}
	b.ReportAllocs()
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if a, err := c.FindAssignment(ctx, key); err != nil || a == nil {
				b.Fatal("miss")
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if a, err := c.FindAssignment(ctx, key); err != nil || a == nil {
					b.Error("miss")
					return
				}
			}
		})
	})
}

// BenchmarkGetSmallObject is one authenticated GET of a team, end to end through retryablehttp,
// the logging transport and the pooled HTTP transport.
func BenchmarkGetSmallObject(b *testing.B) {
	srv := benchServer(b, 0)
	c := benchClient(b, srv)
	ctx := context.Background()
	const id = "0f8fad5b-d9cb-469f-a165-70867728950e"
	if _, err := c.GetTeam(ctx, id); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		team, err := c.GetTeam(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		if team.MemberCount != 12 {
			b.Fatalf("team %+v", team)
		}
	}
}
