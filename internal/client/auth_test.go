package client

import (
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func userHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"id": "u-1", "username": "ci-bot", "is_service_account": true})
}

func TestLoginThenBearer(t *testing.T) {
	f := newFakeAPI(t, userHandler)
	c := newTestClient(t, f)

	u, err := c.CurrentUser(testCtx(t))
	if err != nil {
		t.Fatalf("CurrentUser: %v", err)
	}
	if u.ID != "u-1" || u.Username != "ci-bot" || !u.IsServiceAccount {
		t.Errorf("user = %+v", u)
	}

	logins := f.loginRequests()
	if len(logins) != 1 {
		t.Fatalf("logins = %d, want 1", len(logins))
	}
	login := logins[0]
	checks := []struct{ name, got, want string }{
		{"login method", login.Method, http.MethodPost},
		{"login path", login.Path, "/auth/login"},
		{"login content type", login.Header.Get("Content-Type"), "application/x-www-form-urlencoded"},
		{"login password", login.Form.Get("password"), testAPIKey},
		{"login Authorization", login.auth(), ""},
		{"login Idempotency-Key", login.idemKey(), ""},
	}
	calls := f.apiRequests()
	if len(calls) != 1 {
		t.Fatalf("API requests = %d, want 1", len(calls))
	}
	call := calls[0]
	checks = append(checks, []struct{ name, got, want string }{
		{"call method", call.Method, http.MethodGet},
		{"call path", call.Path, "/users/me"},
		{"call Authorization", call.auth(), "Bearer tok.1.Zs3cr3t"},
		{"call Accept", call.Header.Get("Accept"), "application/json"},
		{"call User-Agent", call.Header.Get("User-Agent"), "terraform-provider-zenmlpro"},
		{"call Idempotency-Key", call.idemKey(), ""},
	}...)
	for _, ck := range checks {
		if ck.got != ck.want {
			t.Errorf("%s = %q, want %q", ck.name, ck.got, ck.want)
		}
	}
	if len(login.Form) != 1 {
		t.Errorf("login form carries %v, want only password", login.Form)
	}
}

func TestCustomUserAgent(t *testing.T) {
	f := newFakeAPI(t, userHandler)
	c := newTestClient(t, f, func(cfg *Config) { cfg.UserAgent = "terraform-provider-zenmlpro/1.2.3 (+terraform 1.11.4)" })
	if _, err := c.CurrentUser(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if got := f.apiRequests()[0].Header.Get("User-Agent"); got != "terraform-provider-zenmlpro/1.2.3 (+terraform 1.11.4)" {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestTokenReusedAcrossCalls(t *testing.T) {
	f := newFakeAPI(t, userHandler)
	c := newTestClient(t, f)
	ctx := testCtx(t)
	for i := 0; i < 5; i++ {
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if n := len(f.loginRequests()); n != 1 {
		t.Errorf("logins = %d, want 1", n)
	}
	calls := f.apiRequests()
	if len(calls) != 5 {
		t.Fatalf("API requests = %d, want 5", len(calls))
	}
	for i, s := range calls {
		if s.auth() != "Bearer tok.1.Zs3cr3t" {
			t.Errorf("request %d Authorization = %q", i, s.auth())
		}
	}
}

func TestStaticAccessTokenNeverLogsIn(t *testing.T) {
	f := newFakeAPI(t, userHandler)
	f.addToken("server-token-abc")
	c := newTestClient(t, f, func(cfg *Config) { cfg.APIKey = ""; cfg.AccessToken = "server-token-abc" })
	for i := 0; i < 3; i++ {
		if _, err := c.CurrentUser(testCtx(t)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.loginRequests()); n != 0 {
		t.Errorf("logins = %d, want 0", n)
	}
	for _, s := range f.apiRequests() {
		if s.auth() != "Bearer server-token-abc" {
			t.Errorf("Authorization = %q", s.auth())
		}
	}
	if _, err := c.NewAccessToken(testCtx(t), ""); err == nil || !strings.Contains(err.Error(), "no API key") {
		t.Errorf("NewAccessToken without a key: err = %v", err)
	}
}

func TestRefreshAfter(t *testing.T) {
	tests := []struct {
		expiresIn int64
		want      time.Duration
	}{
		{3600, 55 * time.Minute}, // long life: 5 minutes before expiry
		{86400, 24*time.Hour - 5*time.Minute},
		{1500, 20 * time.Minute}, // a fifth is exactly 5 minutes
		{600, 480 * time.Second}, // short life: after 4/5
		{2, 1600 * time.Millisecond},
		{1, 800 * time.Millisecond},
		{0, time.Hour}, // unknown life: assume an hour (a 401 still triggers a re-login)
		{-10, time.Hour},
	}
	for _, tt := range tests {
		if got := refreshAfter(tt.expiresIn); got != tt.want {
			t.Errorf("refreshAfter(%d) = %v, want %v", tt.expiresIn, got, tt.want)
		}
	}
}

func TestTokenRefreshedWhenDue(t *testing.T) {
	f := newFakeAPI(t, userHandler, withTTL(2))
	c := newTestClient(t, f)
	ctx := testCtx(t)

	start := time.Now()
	for i := 0; i < 2; i++ {
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(f.loginRequests()); n != 1 {
		t.Fatalf("logins before 1.6 s = %d, want 1", n)
	}
	if time.Since(start) > 1500*time.Millisecond {
		t.Skip("the first calls took too long to test the refresh point")
	}
	time.Sleep(time.Until(start.Add(1700 * time.Millisecond)))
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.loginRequests()); n != 2 {
		t.Fatalf("logins after 1.7 s = %d, want 2 (refresh after 4/5 of a 2 s life)", n)
	}
	calls := f.apiRequests()
	if got := calls[len(calls)-1].auth(); got != "Bearer tok.2.Zs3cr3t" {
		t.Errorf("Authorization after refresh = %q, want the new token", got)
	}
	// Every call hit the API once: the refresh happened before the call, not after a 401.
	if len(calls) != 3 {
		t.Errorf("API requests = %d, want 3", len(calls))
	}
}

func TestTokenRefreshedWhenRefreshPointPassed(t *testing.T) {
	f := newFakeAPI(t, userHandler)
	c := newTestClient(t, f)
	ctx := testCtx(t)
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	c.auth.lock <- struct{}{}
	if want := time.Now().Add(55 * time.Minute); c.auth.refreshAt.Before(want.Add(-time.Minute)) || c.auth.refreshAt.After(want) {
		t.Errorf("refreshAt = %v, want about %v", c.auth.refreshAt, want)
	}
	c.auth.refreshAt = time.Now().Add(-time.Second)
	<-c.auth.lock
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.loginRequests()); n != 2 {
		t.Errorf("logins = %d, want 2", n)
	}
}

func TestReloginOn401(t *testing.T) {
	t.Run("revoked token: one re-login, one retry", func(t *testing.T) {
		f := newFakeAPI(t, userHandler)
		c := newTestClient(t, f)
		ctx := testCtx(t)
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatal(err)
		}
		f.revokeAll()
		if _, err := c.CurrentUser(ctx); err != nil {
			t.Fatalf("call after revocation: %v", err)
		}
		if n := len(f.loginRequests()); n != 2 {
			t.Errorf("logins = %d, want 2", n)
		}
		calls := f.apiRequests()
		if len(calls) != 3 {
			t.Fatalf("API requests = %d, want 3", len(calls))
		}
		want := []string{"Bearer tok.1.Zs3cr3t", "Bearer tok.1.Zs3cr3t", "Bearer tok.2.Zs3cr3t"}
		for i, s := range calls {
			if s.auth() != want[i] {
				t.Errorf("request %d Authorization = %q, want %q", i, s.auth(), want[i])
			}
		}
	})

	t.Run("second 401 surfaces as IsUnauthorized", func(t *testing.T) {
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			writeDetail(w, http.StatusUnauthorized, "Token signature rejected")
		})
		c := newTestClient(t, f)
		_, err := c.GetTeam(testCtx(t), "t-1")
		if !IsUnauthorized(err) {
			t.Fatalf("err = %v, want IsUnauthorized", err)
		}
		apiErr := apiError(t, err)
		if apiErr.Detail != "Token signature rejected" || apiErr.Method != http.MethodGet || apiErr.Path != "/teams/t-1" {
			t.Errorf("APIError = %+v", apiErr)
		}
		if n := len(f.loginRequests()); n != 2 {
			t.Errorf("logins = %d, want 2 (the first and exactly one re-login)", n)
		}
		if n := len(f.apiRequests()); n != 2 {
			t.Errorf("API requests = %d, want 2 (the call and exactly one retry)", n)
		}
	})

	t.Run("static token: no retry, no login", func(t *testing.T) {
		f := newFakeAPI(t, userHandler)
		c := newTestClient(t, f, func(cfg *Config) { cfg.APIKey = ""; cfg.AccessToken = "not-known" })
		_, err := c.CurrentUser(testCtx(t))
		if !IsUnauthorized(err) {
			t.Fatalf("err = %v, want IsUnauthorized", err)
		}
		if n := len(f.loginRequests()); n != 0 {
			t.Errorf("logins = %d, want 0", n)
		}
		// Retrying with the same token cannot help: the 401 surfaces at once.
		if n := len(f.apiRequests()); n != 1 {
			t.Errorf("API requests = %d, want 1", n)
		}
	})
}

func TestConcurrentCallsShareOneLogin(t *testing.T) {
	const callers = 50
	// In the second round, every request with the first token waits until all callers hold it,
	// then answers 401: all of them meet the 401 at once.
	var secondRound atomic.Bool
	var arrived atomic.Int32
	gate := make(chan struct{})
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if secondRound.Load() && r.Header.Get("Authorization") == "Bearer tok.1.Zs3cr3t" {
			if arrived.Add(1) == callers {
				close(gate)
			}
			select {
			case <-gate:
			case <-time.After(5 * time.Second):
			}
			writeDetail(w, http.StatusUnauthorized, "Token revoked")
			return
		}
		userHandler(w, r)
	}, withLoginDelay(100*time.Millisecond))
	c := newTestClient(t, f)
	ctx := testCtx(t)

	runAll := func() {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, callers)
		for i := 0; i < callers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.CurrentUser(ctx)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}

	runAll()
	if n := len(f.loginRequests()); n != 1 {
		t.Errorf("logins = %d, want 1", n)
	}
	calls := f.apiRequests()
	if len(calls) != callers {
		t.Errorf("API requests = %d, want %d", len(calls), callers)
	}
	for _, s := range calls {
		if s.auth() != "Bearer tok.1.Zs3cr3t" {
			t.Errorf("Authorization = %q", s.auth())
		}
	}

	secondRound.Store(true)
	runAll()
	if n := arrived.Load(); n != callers {
		t.Fatalf("requests with the old token in the second round = %d, want %d", n, callers)
	}
	if n := len(f.loginRequests()); n != 2 {
		t.Errorf("logins after a shared 401 = %d, want 2", n)
	}
	calls = f.apiRequests()[callers:]
	if len(calls) != 2*callers {
		t.Errorf("API requests in the second round = %d, want %d (each caller: one 401, one retry)", len(calls), 2*callers)
	}
	retried := 0
	for _, s := range calls {
		if s.auth() == "Bearer tok.2.Zs3cr3t" {
			retried++
		}
	}
	if retried != callers {
		t.Errorf("retries with the new token = %d, want %d", retried, callers)
	}
}

func TestLoginError(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		detail     string
		wantLogins int
		wantText   []string
		unauth     bool
	}{
		{"inactive key", http.StatusUnauthorized, "API key is inactive", 1,
			[]string{"HTTP 401", "API key is inactive", "The API key was refused"}, true},
		{"forbidden", http.StatusForbidden, "Service account is inactive", 1,
			[]string{"HTTP 403", "Service account is inactive", "The API key was refused"}, false},
		{"server error retried", http.StatusInternalServerError, "boom", 3,
			[]string{"HTTP 500", "boom"}, false},
		{"unavailable retried", http.StatusServiceUnavailable, "down", 3,
			[]string{"HTTP 503", "down"}, false},
		{"detail echoing the key", http.StatusUnauthorized, "key " + testAPIKey + " is unknown", 1,
			[]string{"HTTP 401", "key *** is unknown"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, userHandler, withRefusedLogin(tt.status, tt.detail))
			c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 2 })
			_, err := c.CurrentUser(testCtx(t))
			var loginErr *LoginError
			if !errors.As(err, &loginErr) {
				t.Fatalf("err = %v (%T), want *LoginError", err, err)
			}
			if loginErr.URL != f.URL() || loginErr.APIError.StatusCode != tt.status {
				t.Errorf("LoginError = {URL: %q, status %d}", loginErr.URL, loginErr.APIError.StatusCode)
			}
			text := err.Error()
			for _, want := range append(tt.wantText, "login to "+f.URL()+" refused") {
				if !strings.Contains(text, want) {
					t.Errorf("error %q does not contain %q", text, want)
				}
			}
			if strings.Contains(text, testAPIKey) {
				t.Errorf("error %q contains the API key", text)
			}
			if IsUnauthorized(err) != tt.unauth {
				t.Errorf("IsUnauthorized = %v, want %v", IsUnauthorized(err), tt.unauth)
			}
			if n := len(f.loginRequests()); n != tt.wantLogins {
				t.Errorf("logins = %d, want %d", n, tt.wantLogins)
			}
			if n := len(f.apiRequests()); n != 0 {
				t.Errorf("API requests = %d, want 0", n)
			}
		})
	}

	t.Run("no answer", func(t *testing.T) {
		f := newFakeAPI(t, userHandler)
		url := f.URL()
		f.srv.Close()
		c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 1 })
		_, err := c.CurrentUser(testCtx(t))
		if err == nil {
			t.Fatal("no error")
		}
		var te *TransportError
		if !errors.As(err, &te) || te.Path != "/auth/login" {
			t.Errorf("err = %v, want a TransportError of /auth/login", err)
		}
		if text := err.Error(); !strings.Contains(text, "logging in to "+url) || strings.Contains(text, testAPIKey) {
			t.Errorf("error %q: want the URL and not the key", text)
		}
	})

	t.Run("no access_token in the answer", func(t *testing.T) {
		f := newFakeAPI(t, userHandler, withLoginAnswer(map[string]any{"token_type": "bearer", "expires_in": 3600}))
		c := newTestClient(t, f)
		_, err := c.CurrentUser(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), "no access_token") {
			t.Errorf("err = %v, want 'no access_token'", err)
		}
	})
}

func TestNewAccessTokenAndWorkspaceServerLogin(t *testing.T) {
	f := newFakeAPI(t, userHandler, withTTL(900))
	c := newTestClient(t, f)
	ctx := testCtx(t)

	tok, err := c.NewAccessToken(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "tok.1.Zs3cr3t" || tok.TokenType != "bearer" || tok.ExpiresIn != 900 {
		t.Errorf("token = %+v", tok)
	}
	// The client's own token is separate: its first call logs in again.
	if _, err := c.CurrentUser(ctx); err != nil {
		t.Fatal(err)
	}
	if got := f.apiRequests()[0].auth(); got != "Bearer tok.2.Zs3cr3t" {
		t.Errorf("client call used %q", got)
	}

	srvTok, err := c.WorkspaceServerLogin(ctx, WorkspaceServer{WorkspaceID: "5b1f2c4e-0000-4000-8000-000000000001", Version: "0.98.0"}, testEnrollmentKey)
	if err != nil {
		t.Fatal(err)
	}
	if srvTok.AccessToken != "tok.3.Zs3cr3t" {
		t.Errorf("server token = %+v", srvTok)
	}
	if logins := f.loginRequests(); len(logins) != 3 {
		t.Fatalf("logins = %d, want 3 (the form is pinned in TestWorkspaceServerLogin)", len(logins))
	}

	_, err = c.WorkspaceServerLogin(ctx, WorkspaceServer{WorkspaceID: "5b1f2c4e-0000-4000-8000-000000000001", Version: "0.98.0"}, "ZENENROLL_wrong")
	var loginErr *LoginError
	if !errors.As(err, &loginErr) || loginErr.APIError.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong enrollment key: err = %v", err)
	}
	if strings.Contains(err.Error(), "ZENENROLL_wrong") {
		t.Errorf("error %q contains the enrollment key", err)
	}
}

// TestLoginFailureShared: the callers waiting for a login that fails get its error, instead of each
// logging in again after it (a wrong key or an unreachable API made N calls cost N logins, one
// after the other). A later call tries again.
func TestLoginFailureShared(t *testing.T) {
	const callers = 20
	f := newFakeAPI(t, userHandler, withRefusedLogin(http.StatusUnauthorized, "API key is invalid"),
		withLoginDelay(100*time.Millisecond))
	c := newTestClient(t, f)
	c.SetAPIKeySource("the ZENML_PRO_API_KEY environment variable")
	ctx := testCtx(t)
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for i := 0; i < callers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.CurrentUser(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		var loginErr *LoginError
		if !errors.As(err, &loginErr) || !loginErr.KeyRefused() {
			t.Fatalf("err = %v, want a refused login", err)
		}
		if !strings.Contains(err.Error(), "it comes from the ZENML_PRO_API_KEY environment variable") {
			t.Errorf("error %q does not name where the key came from", err)
		}
	}
	if n := len(f.loginRequests()); n != 1 {
		t.Errorf("logins = %d, want 1 shared by %d waiting callers", n, callers)
	}
	if _, err := c.CurrentUser(ctx); err == nil {
		t.Fatal("no error")
	}
	if n := len(f.loginRequests()); n != 2 {
		t.Errorf("logins after a later call = %d, want 2", n)
	}
}
