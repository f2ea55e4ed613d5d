package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestDecodeDetail(t *testing.T) {
	long := strings.Repeat("x", 700)
	tests := []struct {
		name string
		body string
		want string
	}{
		{"string", `{"detail": "Team name already taken"}`, "Team name already taken"},
		{"ZenML pair", `{"detail": ["EntityExistsError", "A team named 'ml' already exists"]}`, "A team named 'ml' already exists"},
		{"bare pair", `["ValueError", "limit must be at most 100"]`, "limit must be at most 100"},
		{"KeyError quotes dropped", `{"detail": ["KeyError", "'Team with ID 5 not found'"]}`, "Team with ID 5 not found"},
		{"pair of several arguments", `{"detail": ["ValueError", "bad value", "name"]}`, "bad value: name"},
		{"pair without a message", `{"detail": ["IllegalOperationError"]}`, "IllegalOperationError"},
		{"list of plain strings", `{"detail": ["first", "second"]}`, `["first", "second"]`},
		{"FastAPI list", `{"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "missing"},
			{"loc": ["query", "limit"], "msg": "must be at most 1000"}]}`, "name: field required; limit: must be at most 1000"},
		{"list with an index", `{"detail": [{"loc": ["body", "trusted_domains", 1], "msg": "not a domain"}]}`,
			"trusted_domains.1: not a domain"},
		{"list with a bare location", `{"detail": [{"loc": ["body"], "msg": "body must be an object"}]}`, "body must be an object"},
		{"object", `{"detail": {"code": "limit", "message": "plan limit"}}`, `{"code": "limit", "message": "plan limit"}`},
		{"null detail", `{"detail": null}`, ""},
		{"no detail", `{"error": "x"}`, `{"error": "x"}`},
		{"non-JSON", "<html><body>502 Bad Gateway</body></html>\n", "<html><body>502 Bad Gateway</body></html>"},
		{"empty", "", ""},
		{"long text", long, strings.Repeat("x", 500) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeDetail([]byte(tt.body)); got != tt.want {
				t.Errorf("decodeDetail = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAPIErrorFromResponses(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantDetail  string
		wantText    string
	}{
		{"string detail", http.StatusConflict, "application/json", `{"detail": "A team named platform exists"}`,
			"A team named platform exists",
			"A team named platform exists (HTTP 409 from GET /teams/t-1). An object with these values already exists; choose another name, or import the existing object with `terraform import`"},
		{"list detail", http.StatusUnprocessableEntity, "application/json",
			`{"detail": [{"loc": ["body", "name"], "msg": "String should have at most 100 characters"}]}`,
			"name: String should have at most 100 characters",
			"name: String should have at most 100 characters (HTTP 422 from GET /teams/t-1). Correct the value the API names and apply again"},
		{"non-JSON body", http.StatusForbidden, "text/html", "<h1>Forbidden by proxy</h1>",
			"<h1>Forbidden by proxy</h1>",
			"<h1>Forbidden by proxy</h1> (HTTP 403 from GET /teams/t-1). The API key's service account lacks the permission; grant it a role that allows this (for example Organization Admin)"},
		{"empty body", http.StatusNotFound, "", "", "",
			"Not Found (HTTP 404 from GET /teams/t-1). The object does not exist, or belongs to an organization this API key cannot see"},
		{"plan limit", http.StatusPaymentRequired, "application/json", `{"detail": "Workspace limit reached"}`,
			"Workspace limit reached",
			"Workspace limit reached (HTTP 402 from GET /teams/t-1). The organization's plan limit is reached; upgrade the plan or remove unused objects"},
		{"ZenML pair", http.StatusConflict, "application/json", `{"detail": ["EntityExistsError", "A team named 'ml' already exists"]}`,
			"A team named 'ml' already exists",
			"A team named 'ml' already exists (HTTP 409 from GET /teams/t-1). An object with these values already exists; choose another name, or import the existing object with `terraform import`"},
		{"route not served", http.StatusNotFound, "application/json", `{"detail": "Not Found"}`, "Not Found",
			`the control plane does not serve GET /teams/t-1 (HTTP 404 "Not Found"). ` + NotServedHint},
		{"method not served", http.StatusMethodNotAllowed, "application/json", `{"detail": "Method Not Allowed"}`, "Method Not Allowed",
			`the control plane does not serve GET /teams/t-1 (HTTP 405 "Method Not Allowed"). ` + NotServedHint},
		{"unknown status, no hint", http.StatusTeapot, "application/json", `{"detail": "short and stout"}`,
			"short and stout", "short and stout (HTTP 418 from GET /teams/t-1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, f)
			_, err := c.GetTeam(testCtx(t), "t-1")
			apiErr := apiError(t, err)
			if apiErr.StatusCode != tt.status || apiErr.Detail != tt.wantDetail || apiErr.Method != "GET" || apiErr.Path != "/teams/t-1" {
				t.Errorf("APIError = %+v", apiErr)
			}
			if err.Error() != tt.wantText {
				t.Errorf("Error() =\n  %q\nwant\n  %q", err.Error(), tt.wantText)
			}
		})
	}
}

func TestSuccessDecoding(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/teams/broken":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id": "t-1", "name": `))
		case "/teams/extra":
			_, _ = w.Write([]byte(`{"id": "t-2", "name": "ops", "unknown_field": {"a": 1}, "member_count": 4}`))
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c := newTestClient(t, f)
	ctx := testCtx(t)

	_, err := c.GetTeam(ctx, "broken")
	if err == nil || !strings.HasPrefix(err.Error(), "decoding the response of GET /teams/broken (HTTP 200): ") {
		t.Errorf("truncated JSON: err = %v", err)
	}
	if statusOf(err) != 0 {
		t.Errorf("a decoding error has status %d", statusOf(err))
	}
	team, err := c.GetTeam(ctx, "extra")
	if err != nil || team.ID != "t-2" || team.Name != "ops" || team.MemberCount != 4 {
		t.Errorf("unknown fields: team %+v, err %v", team, err)
	}
	if err := c.DeleteTeam(ctx, "t-2"); err != nil {
		t.Errorf("DELETE with 204: %v", err)
	}
	dels := f.requestsTo(http.MethodDelete, "/teams/t-2")
	if len(dels) != 1 || dels[0].Body != "" || dels[0].Header.Get("Content-Type") != "" || dels[0].idemKey() != "" {
		t.Errorf("DELETE request = %+v", dels)
	}
}

func TestTypedErrorPredicates(t *testing.T) {
	mk := func(status int) error {
		return &APIError{StatusCode: status, Method: "GET", Path: "/x"}
	}
	tests := []struct {
		name string
		pred func(error) bool
		yes  []int
	}{
		{"IsNotFound", IsNotFound, []int{404}},
		{"IsConflict", IsConflict, []int{409}},
		{"IsForbidden", IsForbidden, []int{403}},
		{"IsUnauthorized", IsUnauthorized, []int{401}},
		{"IsValidation", IsValidation, []int{400, 422}},
		{"IsPlanLimit", IsPlanLimit, []int{402}},
		{"IsRateLimited", IsRateLimited, []int{429}},
	}
	all := []int{200, 400, 401, 402, 403, 404, 409, 422, 429, 500, 503}
	for _, tt := range tests {
		for _, status := range all {
			want := false
			for _, y := range tt.yes {
				want = want || y == status
			}
			if got := tt.pred(mk(status)); got != want {
				t.Errorf("%s(HTTP %d) = %v, want %v", tt.name, status, got, want)
			}
		}
		if tt.pred(nil) || tt.pred(errors.New("plain")) {
			t.Errorf("%s is true for a non-API error", tt.name)
		}
	}
	// Through a LoginError too.
	login := &LoginError{URL: "https://x", APIError: &APIError{StatusCode: 401}}
	if !IsUnauthorized(login) {
		t.Error("IsUnauthorized(LoginError 401) = false")
	}
}

// TestNotServedIsNotNotFound: a route the API does not have must never read as an object that was
// deleted (which would drop it from state and plan a duplicate), nor be retried.
func TestNotServedIsNotNotFound(t *testing.T) {
	for _, tt := range []struct {
		status    int
		body      string
		notServed bool
		notFound  bool
	}{
		{http.StatusNotFound, `{"detail": "Not Found"}`, true, false},
		{http.StatusNotFound, `{"detail": ["KeyError", "'team not found'"]}`, false, true},
		{http.StatusNotFound, `{"detail": "Team not found"}`, false, true},
		{http.StatusNotFound, ``, false, true},
		{http.StatusMethodNotAllowed, `{"detail": "Method Not Allowed"}`, true, false},
		{http.StatusConflict, `{"detail": "Not Found"}`, false, false},
	} {
		var calls int
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			calls++
			w.WriteHeader(tt.status)
			_, _ = w.Write([]byte(tt.body))
		})
		c := newTestClient(t, f)
		_, err := c.GetTeam(testCtx(t), "t-1")
		if IsNotServed(err) != tt.notServed || IsNotFound(err) != tt.notFound {
			t.Errorf("%d %s: IsNotServed %v, IsNotFound %v; want %v, %v", tt.status, tt.body, IsNotServed(err), IsNotFound(err), tt.notServed, tt.notFound)
		}
		if calls != 1 {
			t.Errorf("%d %s: %d attempts, want 1 (never retried)", tt.status, tt.body, calls)
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.Call() != "GET /teams/t-1" {
			t.Errorf("Call() = %q", apiErr.Call())
		}
	}
}
