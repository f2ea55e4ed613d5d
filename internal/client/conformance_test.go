package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
)

// TestLogInOnce: LogIn logs in at once, and the calls after it use that token instead of logging
// in again; a refused key is a *LoginError.
func TestLogInOnce(t *testing.T) {
	f := newFakeAPI(t, nil)
	c := newTestClient(t, f)
	if err := c.LogIn(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(f.loginRequests()); n != 1 {
		t.Fatalf("LogIn made %d logins, want 1", n)
	}
	if _, err := c.GetRaw(context.Background(), "/users/me", nil); err != nil {
		t.Fatal(err)
	}
	if n := len(f.loginRequests()); n != 1 {
		t.Errorf("a call after LogIn logged in again: %d logins", n)
	}

	refused := newFakeAPI(t, nil, withRefusedLogin(http.StatusUnauthorized, "API key is invalid"))
	err := newTestClient(t, refused).LogIn(context.Background())
	var loginErr *LoginError
	if !errors.As(err, &loginErr) {
		t.Fatalf("a refused login gave %v (%T), want a *LoginError", err, err)
	}
}

// TestGetRaw: the answer comes back undecoded, the query is sent, and errors keep telling a route
// the API does not have from an object that does not exist.
func TestGetRaw(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/teams":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`[{"id": "t-1", "name": "ml", "extra": {"kept": true}}]`))
		case "/teams/gone":
			writeJSON(w, http.StatusNotFound, map[string]any{"detail": []string{"KeyError", "'team not found'"}})
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		default:
			writeDetail(w, http.StatusNotFound, "Not Found")
		}
	})
	c := newTestClient(t, f)
	ctx := context.Background()

	raw, err := c.GetRaw(ctx, "/teams", url.Values{"limit": {"20"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `[{"id": "t-1", "name": "ml", "extra": {"kept": true}}]`; string(raw) != want {
		t.Errorf("GetRaw answered %s, want the body as sent: %s", raw, want)
	}
	if got := f.requestsTo(http.MethodGet, "/teams"); len(got) != 1 || got[0].Query.Get("limit") != "20" {
		t.Errorf("GET /teams was sent as %+v, want one request with limit=20", got)
	}

	if _, err := c.GetRaw(ctx, "/teams/gone", nil); !IsNotFound(err) || IsNotServed(err) {
		t.Errorf("an object's 404 gave %v: want IsNotFound and not IsNotServed", err)
	}
	if _, err := c.GetRaw(ctx, "/nowhere", nil); !IsNotServed(err) || IsNotFound(err) {
		t.Errorf("a route's 404 gave %v: want IsNotServed and not IsNotFound", err)
	}
	if raw, err := c.GetRaw(ctx, "/empty", nil); err != nil || raw != nil {
		t.Errorf("a 204 gave %q, %v; want no body and no error", raw, err)
	}
}
