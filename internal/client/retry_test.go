package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func teamHandler(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/teams/")
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "name": "platform", "member_count": 3})
}

// failFirst answers the first n API calls with status (and detail), then hands over to next.
func failFirst(n int32, status int, next http.HandlerFunc) (http.HandlerFunc, *atomic.Int32) {
	var hits atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= n {
			writeDetail(w, status, fmt.Sprintf("attempt %d failed", hits.Load()))
			return
		}
		next(w, r)
	}, &hits
}

func TestRetriesRetryableStatuses(t *testing.T) {
	for _, status := range []int{
		http.StatusTooManyRequests, http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout,
	} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			h, hits := failFirst(2, status, teamHandler)
			f := newFakeAPI(t, h)
			c := newTestClient(t, f)
			team, err := c.GetTeam(testCtx(t), "t-1")
			if err != nil {
				t.Fatalf("GetTeam: %v", err)
			}
			if team.ID != "t-1" || team.MemberCount != 3 {
				t.Errorf("team = %+v", team)
			}
			if n := hits.Load(); n != 3 {
				t.Errorf("server hits = %d, want 3 (two failures, one success)", n)
			}
			if n := len(f.loginRequests()); n != 1 {
				t.Errorf("logins = %d, want 1", n)
			}
		})
	}
}

func TestRetriesClosedConnection(t *testing.T) {
	t.Run("recovers", func(t *testing.T) {
		var hits atomic.Int32
		// No keep-alive: every attempt has a fresh connection, so net/http itself never replays
		// a request and the hits count only the client's own retries.
		f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) <= 2 {
				hangUp(w)
				return
			}
			teamHandler(w, r)
		}, withoutKeepAlive())
		c := newTestClient(t, f)
		team, err := c.GetTeam(testCtx(t), "t-7")
		if err != nil {
			t.Fatalf("GetTeam: %v", err)
		}
		if team.ID != "t-7" {
			t.Errorf("team = %+v", team)
		}
		if n := hits.Load(); n != 3 {
			t.Errorf("server hits = %d, want 3", n)
		}
	})

	t.Run("gives up with a TransportError", func(t *testing.T) {
		var hits atomic.Int32
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			hangUp(w)
		}, withoutKeepAlive())
		c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 2 })
		_, err := c.GetTeam(testCtx(t), "t-1")
		var te *TransportError
		if !errors.As(err, &te) {
			t.Fatalf("err = %v (%T), want *TransportError", err, err)
		}
		if te.Method != http.MethodGet || te.Path != "/teams/t-1" || te.Host != f.srv.Listener.Addr().String() {
			t.Errorf("TransportError = %+v", te)
		}
		if !strings.Contains(err.Error(), "no answer from "+te.Host) {
			t.Errorf("error text %q", err)
		}
		if n := hits.Load(); n != 3 {
			t.Errorf("server hits = %d, want 3 (MaxRetries 2 + 1)", n)
		}
		if statusOf(err) != 0 {
			t.Errorf("statusOf = %d, want 0", statusOf(err))
		}
	})
}

func TestNoRetryOnFinalStatuses(t *testing.T) {
	predicates := map[string]func(error) bool{
		"IsNotFound": IsNotFound, "IsConflict": IsConflict, "IsForbidden": IsForbidden,
		"IsUnauthorized": IsUnauthorized, "IsValidation": IsValidation, "IsPlanLimit": IsPlanLimit,
		"IsRateLimited": IsRateLimited,
	}
	tests := []struct {
		status int
		want   string // the one predicate that holds ("" for none)
	}{
		{http.StatusBadRequest, "IsValidation"},
		{http.StatusPaymentRequired, "IsPlanLimit"},
		{http.StatusForbidden, "IsForbidden"},
		{http.StatusNotFound, "IsNotFound"},
		{http.StatusConflict, "IsConflict"},
		{http.StatusUnprocessableEntity, "IsValidation"},
		{http.StatusNotImplemented, ""},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			var hits atomic.Int32
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
				hits.Add(1)
				writeDetail(w, tt.status, "refused with "+strconv.Itoa(tt.status))
			})
			c := newTestClient(t, f)
			_, err := c.GetTeam(testCtx(t), "t-1")
			if n := hits.Load(); n != 1 {
				t.Errorf("server hits = %d, want 1 (no retry)", n)
			}
			apiErr := apiError(t, err)
			if apiErr.StatusCode != tt.status || apiErr.Detail != "refused with "+strconv.Itoa(tt.status) ||
				apiErr.Method != http.MethodGet || apiErr.Path != "/teams/t-1" {
				t.Errorf("APIError = %+v", apiErr)
			}
			for name, pred := range predicates {
				if got := pred(err); got != (name == tt.want) {
					t.Errorf("%s = %v", name, got)
				}
			}
			// Wrapped by a caller, the predicates still see through.
			if tt.want != "" && !predicates[tt.want](fmt.Errorf("reading team: %w", err)) {
				t.Errorf("%s does not see through wrapping", tt.want)
			}
		})
	}
}

func TestMaxRetries(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		wantHits   int32
	}{
		{"negative: no retries", -1, 1},
		{"one", 1, 2},
		{"three", 3, 4},
		{"zero takes the default", 0, DefaultMaxRetries + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
				n := hits.Add(1)
				writeDetail(w, http.StatusServiceUnavailable, fmt.Sprintf("maintenance window (attempt %d)", n))
			})
			c := newTestClient(t, f, func(cfg *Config) {
				cfg.MaxRetries = tt.maxRetries
				cfg.RetryWaitMin, cfg.RetryWaitMax = 100*time.Microsecond, time.Millisecond
			})
			_, err := c.GetTeam(testCtx(t), "t-1")
			if n := hits.Load(); n != tt.wantHits {
				t.Errorf("server hits = %d, want %d", n, tt.wantHits)
			}
			apiErr := apiError(t, err)
			wantDetail := fmt.Sprintf("maintenance window (attempt %d)", tt.wantHits)
			if apiErr.StatusCode != http.StatusServiceUnavailable || apiErr.Detail != wantDetail {
				t.Errorf("APIError = %+v, want 503 with the last detail %q", apiErr, wantDetail)
			}
			if !strings.HasPrefix(err.Error(), wantDetail+" (HTTP 503 from GET /teams/t-1). The control plane was unavailable") {
				t.Errorf("error text = %q", err)
			}
		})
	}

	t.Run("rate limited to the end", func(t *testing.T) {
		var hits atomic.Int32
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "0")
			writeDetail(w, http.StatusTooManyRequests, "Too many requests")
		})
		c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 2 })
		_, err := c.GetTeam(testCtx(t), "t-1")
		if !IsRateLimited(err) {
			t.Fatalf("err = %v, want IsRateLimited", err)
		}
		if apiErr := apiError(t, err); apiErr.RetryAfter != "0" || apiErr.Detail != "Too many requests" {
			t.Errorf("APIError = %+v", apiErr)
		}
		if n := hits.Load(); n != 3 {
			t.Errorf("server hits = %d, want 3", n)
		}
	})
}

func TestRetryAfterHonoured(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			var hits atomic.Int32
			f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					w.Header().Set("Retry-After", "1")
					writeDetail(w, status, "slow down")
					return
				}
				teamHandler(w, r)
			})
			// The backoff alone would wait at most 2 ms: only the header explains a 1 s wait.
			c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = time.Millisecond, 2*time.Millisecond })
			ctx := testCtx(t)
			if _, err := c.NewAccessToken(ctx, ""); err != nil { // warm the connection
				t.Fatal(err)
			}
			start := time.Now()
			if _, err := c.GetTeam(ctx, "t-1"); err != nil {
				t.Fatal(err)
			}
			elapsed := time.Since(start)
			if n := hits.Load(); n != 2 {
				t.Fatalf("server hits = %d, want 2", n)
			}
			attempts := f.requestsTo(http.MethodGet, "/teams/t-1")
			if len(attempts) != 2 {
				t.Fatalf("attempts = %d, want 2", len(attempts))
			}
			if gap := attempts[1].At.Sub(attempts[0].At); gap < time.Second {
				t.Errorf("retry came %v after the 429/503, want ≥ 1s (Retry-After: 1)", gap)
			}
			if elapsed < time.Second || elapsed > 5*time.Second {
				t.Errorf("call took %v, want about 1s", elapsed)
			}
		})
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"1", time.Second, true},
		{"0", 0, true},
		{"0.5", 500 * time.Millisecond, true},
		{"120", retryAfterCap, true}, // capped
		{now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.value, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	minWait, maxWait := 100*time.Millisecond, time.Second
	for attempt := 0; attempt < 8; attempt++ {
		ceiling := min(minWait<<attempt, maxWait)
		var lo, hi time.Duration = time.Hour, 0
		for i := 0; i < 500; i++ {
			d := backoff(minWait, maxWait, attempt, nil)
			lo, hi = min(lo, d), max(hi, d)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("backoff(attempt %d) = %v, want in [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
		if hi-lo < ceiling/10 {
			t.Errorf("attempt %d: waits span only [%v, %v]: no jitter", attempt, lo, hi)
		}
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"5"}}}
	if d := backoff(minWait, maxWait, 0, resp); d != 5*time.Second {
		t.Errorf("backoff with Retry-After: 5 = %v, want 5s (above RetryWaitMax)", d)
	}
	resp = &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"junk"}}}
	if d := backoff(minWait, maxWait, 0, resp); d < minWait/2 || d > minWait {
		t.Errorf("backoff with a bad Retry-After = %v, want the exponential wait", d)
	}
}

func TestCheckRetry(t *testing.T) {
	ctx := context.Background()
	statuses := map[int]bool{
		200: false, 201: false, 204: false, 400: false, 401: false, 402: false, 403: false, 404: false,
		409: false, 422: false, 500: true, 501: false, 408: true, 429: true, 502: true, 503: true, 504: true,
	}
	// A checked call (a create, a PATCH) is repeated only where the API certainly did nothing.
	checked := context.WithValue(ctx, callInfoKey{}, &callInfo{path: "/teams", checked: true})
	checkedStatuses := map[int]bool{408: true, 429: true, 500: false, 502: false, 503: false, 504: false, 404: false}
	for status, want := range statuses {
		got, err := checkRetry(ctx, &http.Response{StatusCode: status}, nil)
		if got != want || err != nil {
			t.Errorf("checkRetry(%d) = %v, %v; want %v, nil", status, got, err, want)
		}
	}
	for status, want := range checkedStatuses {
		if got, _ := checkRetry(checked, &http.Response{StatusCode: status}, nil); got != want {
			t.Errorf("checkRetry(%d) of a checked call = %v; want %v", status, got, want)
		}
	}
	refused := &url.Error{Op: "Post", URL: "https://x", Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	if got, _ := checkRetry(checked, nil, refused); !got {
		t.Error("a refused connection of a checked call is not retried: nothing was sent")
	}
	if got, _ := checkRetry(checked, nil, &url.Error{Op: "Post", URL: "https://x", Err: &net.DNSError{Err: "no such host", Name: "x"}}); !got {
		t.Error("a name that does not resolve is not retried for a checked call")
	}
	if got, _ := checkRetry(checked, nil, &url.Error{Op: "Post", URL: "https://x", Err: io.ErrUnexpectedEOF}); got {
		t.Error("a connection lost after a checked call was sent is retried blindly")
	}
	errs := []struct {
		name string
		err  error
		want bool
	}{
		{"connection reset", &url.Error{Op: "Get", URL: "https://x", Err: io.ErrUnexpectedEOF}, true},
		{"unknown authority", &url.Error{Op: "Get", URL: "https://x", Err: x509.UnknownAuthorityError{}}, false},
		{"TLS verification", &url.Error{Op: "Get", URL: "https://x", Err: &tls.CertificateVerificationError{Err: errors.New("expired")}}, false},
		{"wrong host", &url.Error{Op: "Get", URL: "https://x", Err: x509.HostnameError{Host: "x"}}, false},
		{"invalid certificate", &url.Error{Op: "Get", URL: "https://x", Err: x509.CertificateInvalidError{}}, false},
		{"bad URL", &url.Error{Op: "parse", URL: "::", Err: errors.New("missing protocol scheme")}, false},
	}
	for _, tt := range errs {
		got, err := checkRetry(ctx, nil, tt.err)
		if got != tt.want || err == nil {
			t.Errorf("checkRetry(%s) = %v, %v; want %v and the error", tt.name, got, err, tt.want)
		}
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if got, err := checkRetry(cancelled, &http.Response{StatusCode: 503}, nil); got || !errors.Is(err, context.Canceled) {
		t.Errorf("checkRetry after cancel = %v, %v; want false, context.Canceled", got, err)
	}
}

func TestIdempotencyKey(t *testing.T) {
	var createHits atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/teams":
			if n := createHits.Add(1); n <= 2 {
				writeDetail(w, http.StatusBadGateway, "upstream lost")
				return
			}
			writeJSON(w, http.StatusCreated, map[string]any{"id": "t-new", "name": "platform"})
		case r.Method == http.MethodPost && r.URL.Path == "/roles":
			writeJSON(w, http.StatusCreated, map[string]any{"id": "r-new"})
		case r.Method == http.MethodGet && r.URL.Path == "/organizations/o-1/teams":
			writeJSON(w, http.StatusOK, []any{}) // the lookup after each lost answer: not made yet
		default:
			teamHandler(w, r)
		}
	})
	c := newTestClient(t, f)
	ctx := testCtx(t)

	team, err := c.CreateTeam(ctx, TeamCreate{OrganizationID: "o-1", Name: "platform", Description: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if team.ID != "t-new" {
		t.Errorf("team = %+v", team)
	}
	posts := f.requestsTo(http.MethodPost, "/teams")
	if len(posts) != 3 {
		t.Fatalf("POST /teams attempts = %d, want 3", len(posts))
	}
	if lookups := f.requestsTo(http.MethodGet, "/organizations/o-1/teams"); len(lookups) != 2 {
		t.Errorf("lookups = %d, want 2 (one after each lost answer)", len(lookups))
	}
	key := posts[0].idemKey()
	if len(key) != 32 || strings.Trim(key, "0123456789abcdef") != "" {
		t.Errorf("Idempotency-Key = %q, want 32 hex digits", key)
	}
	for i, p := range posts {
		if p.idemKey() != key {
			t.Errorf("attempt %d Idempotency-Key = %q, want %q", i+1, p.idemKey(), key)
		}
		if p.Body != `{"organization_id":"o-1","name":"platform","description":"d"}` {
			t.Errorf("attempt %d body = %s", i+1, p.Body)
		}
		if p.Header.Get("Content-Type") != "application/json" {
			t.Errorf("attempt %d Content-Type = %q", i+1, p.Header.Get("Content-Type"))
		}
	}

	// A second POST carries another key.
	if _, err := c.CreateTeam(ctx, TeamCreate{OrganizationID: "o-1", Name: "platform"}); err != nil {
		t.Fatal(err)
	}
	posts = f.requestsTo(http.MethodPost, "/teams")
	if len(posts) != 4 || posts[3].idemKey() == "" || posts[3].idemKey() == key {
		t.Errorf("second POST Idempotency-Key = %q, first %q", posts[len(posts)-1].idemKey(), key)
	}

	// GET and login carry none.
	if _, err := c.GetTeam(ctx, "t-new"); err != nil {
		t.Fatal(err)
	}
	if gets := f.requestsTo(http.MethodGet, "/teams/t-new"); len(gets) != 1 || gets[0].Header.Values("Idempotency-Key") != nil {
		t.Errorf("GET carries Idempotency-Key %v", gets[0].Header.Values("Idempotency-Key"))
	}
	for _, l := range f.loginRequests() {
		if l.Header.Values("Idempotency-Key") != nil {
			t.Errorf("login carries Idempotency-Key %q", l.idemKey())
		}
	}

	// The retry after a 401 and a re-login keeps the key.
	f.revokeAll()
	if _, err := c.CreateRole(ctx, RoleCreate{OrganizationID: "o-1", Name: "r", Level: LevelWorkspace}); err != nil {
		t.Fatal(err)
	}
	roles := f.requestsTo(http.MethodPost, "/roles")
	if len(roles) != 2 {
		t.Fatalf("POST /roles attempts = %d, want 2 (401, then the retry)", len(roles))
	}
	if roles[0].idemKey() == "" || roles[0].idemKey() != roles[1].idemKey() {
		t.Errorf("Idempotency-Key before/after re-login = %q / %q", roles[0].idemKey(), roles[1].idemKey())
	}
	if roles[0].auth() == roles[1].auth() {
		t.Errorf("the retry reused the refused token %q", roles[1].auth())
	}
	if n := len(f.loginRequests()); n != 2 {
		t.Errorf("logins = %d, want 2", n)
	}
	if !strings.Contains(roles[1].Body, `"permissions":[]`) {
		t.Errorf("CreateRole body %s: want permissions []", roles[1].Body)
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	t.Run("during the backoff", func(t *testing.T) {
		var hits atomic.Int32
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			writeDetail(w, http.StatusServiceUnavailable, "down")
		})
		c := newTestClient(t, f, func(cfg *Config) { cfg.RetryWaitMin, cfg.RetryWaitMax = 10*time.Second, 10*time.Second })
		ctx, cancel := context.WithCancel(testCtx(t))
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.GetTeam(ctx, "t-1")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("returned after %v, want promptly after the cancel at 200ms", d)
		}
		if n := hits.Load(); n != 1 {
			t.Errorf("server hits = %d, want 1", n)
		}
	})

	t.Run("during a Retry-After wait", func(t *testing.T) {
		var hits atomic.Int32
		f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "30")
			writeDetail(w, http.StatusTooManyRequests, "slow down")
		})
		c := newTestClient(t, f)
		ctx, cancel := context.WithTimeout(testCtx(t), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetTeam(ctx, "t-1")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("returned after %v", d)
		}
		if n := hits.Load(); n != 1 {
			t.Errorf("server hits = %d, want 1", n)
		}
	})

	t.Run("already cancelled", func(t *testing.T) {
		f := newFakeAPI(t, teamHandler)
		c := newTestClient(t, f)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.GetTeam(ctx, "t-1")
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if n := len(f.loginRequests()) + len(f.apiRequests()); n != 0 {
			t.Errorf("requests = %d, want 0", n)
		}
	})

	t.Run("waiting for another caller's login", func(t *testing.T) {
		f := newFakeAPI(t, teamHandler, withLoginDelay(2*time.Second))
		c := newTestClient(t, f)
		done := make(chan error, 1)
		go func() { _, err := c.GetTeam(context.Background(), "t-slow"); done <- err }()
		time.Sleep(100 * time.Millisecond) // the first caller holds the login
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.GetTeam(ctx, "t-1")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("returned after %v, want about 200ms (not when the other login ends, after 2s)", d)
		}
		if err := <-done; err != nil {
			t.Errorf("the caller that logged in: %v", err)
		}
		if n := len(f.loginRequests()); n != 1 {
			t.Errorf("logins = %d, want 1", n)
		}
	})
}

func TestNoRetryOnUntrustedCertificate(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(teamHandler))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	defer srv.Close()

	// The client does not trust the test server's certificate: no retry can fix that. (An empty
	// root pool rather than the system's, which takes seconds to load under -race.)
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: x509.NewCertPool()}}
	defer transport.CloseIdleConnections()
	c, err := New(Config{APIURL: srv.URL, APIKey: testAPIKey, MaxRetries: 3, RetryWaitMin: time.Millisecond,
		RetryWaitMax: 2 * time.Millisecond, Transport: transport})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTeam(testCtx(t), "t-1")
	var te *TransportError
	if !errors.As(err, &te) || te.Path != "/auth/login" {
		t.Fatalf("err = %v, want a TransportError of the login", err)
	}
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("err = %v, want it to wrap x509.UnknownAuthorityError", err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("TLS connections = %d, want 1 (no retry of a certificate error)", n)
	}
}

// cancellingTransport answers 200 but ends the caller's context as the answer arrives, and
// records whether the answer's body was closed.
type cancellingTransport struct {
	cancel context.CancelFunc
	closed atomic.Bool
}

type trackedBody struct {
	io.Reader
	closed *atomic.Bool
}

func (b trackedBody) Close() error { b.closed.Store(true); return nil }

func (t *cancellingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.cancel()
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       trackedBody{Reader: strings.NewReader(`{"id":"t-1"}`), closed: &t.closed},
		Request:    r,
	}, nil
}

func TestResponseClosedWhenContextEndsAsItArrives(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rt := &cancellingTransport{cancel: cancel}
	c, err := New(Config{APIURL: "https://cloudapi.example.com", AccessToken: "static", Transport: rt})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTeam(ctx, "t-1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !rt.closed.Load() {
		t.Error("the response that came with the cancelled context was not closed")
	}
}

// TestRequestTimeoutPerAttempt: each attempt is bounded by RequestTimeout (a slow answer is
// abandoned and retried), while the time spent waiting for the rate limiter does not count.
func TestRequestTimeoutPerAttempt(t *testing.T) {
	var hits atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			time.Sleep(300 * time.Millisecond) // longer than the attempt's timeout
		}
		writeJSON(w, http.StatusOK, map[string]any{"id": "u1"})
	})
	c := newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout = 100 * time.Millisecond })
	if _, err := c.CurrentUser(testCtx(t)); err != nil {
		t.Fatalf("second attempt should succeed: %v", err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("hits = %d, want 2 (one timed out, one answered)", n)
	}

	// 4 requests/s: the third call waits ~0.5 s for its slot, more than the 200 ms attempt
	// timeout, and must still succeed.
	hits.Store(10)
	c = newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond; cfg.RequestsPerSecond = 4 })
	for i := range 3 {
		if _, err := c.CurrentUser(testCtx(t)); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
}

// countingDialer counts the connections a client tries to open, and refuses or fails them all.
type countingDialer struct {
	dials atomic.Int32
	err   error
}

func (d *countingDialer) RoundTrip(r *http.Request) (*http.Response, error) {
	d.dials.Add(1)
	return nil, d.err
}

// TestConnectFailuresFailFast: when no connection can be made at all, the client retries twice
// (a restarting server) and no more, whatever max_retries says; a host name that does not exist
// is not retried. Both used to take every retry (84 s with the defaults).
func TestConnectFailuresFailFast(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	noSuchHost := &net.DNSError{Err: "no such host", Name: "api.invalid", IsNotFound: true}
	dnsFlaky := &net.DNSError{Err: "server misbehaving", Name: "api.example.com", IsTemporary: true}
	tests := []struct {
		name      string
		err       error
		wantDials int32
		wantText  string
	}{
		{"refused", refused, 1 + connectRetries, "No connection could be made: check api_url"},
		{"unknown host", noSuchHost, 1, "The host name does not exist: check the host in api_url"},
		{"name server trouble", dnsFlaky, 1 + connectRetries, "No connection could be made"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dialer := &countingDialer{err: tt.err}
			c, err := New(Config{
				APIURL: "https://api.example.com", AccessToken: "tok", Transport: dialer,
				MaxRetries: 8, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
			})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetTeam(testCtx(t), "t-1")
			var te *TransportError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want *TransportError", err, err)
			}
			if n := dialer.dials.Load(); n != tt.wantDials {
				t.Errorf("attempts = %d, want %d", n, tt.wantDials)
			}
			if !strings.Contains(err.Error(), tt.wantText) || !strings.Contains(err.Error(), "no answer from api.example.com") {
				t.Errorf("error %q, want %q", err, tt.wantText)
			}
		})
	}

	t.Run("dropped mid-request keeps every retry", func(t *testing.T) {
		dialer := &countingDialer{err: io.ErrUnexpectedEOF}
		c, err := New(Config{
			APIURL: "https://api.example.com", AccessToken: "tok", Transport: dialer,
			MaxRetries: 5, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetTeam(testCtx(t), "t-1"); err == nil {
			t.Fatal("no error")
		}
		if n := dialer.dials.Load(); n != 6 {
			t.Errorf("attempts = %d, want 6 (max_retries 5 + 1)", n)
		}
	})

	t.Run("real refused connection, default backoff", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		_ = l.Close()
		c, err := New(Config{APIURL: "http://" + addr, APIKey: testAPIKey})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = c.CurrentUser(testCtx(t))
		if elapsed := time.Since(start); err == nil || elapsed > 3*time.Second {
			t.Errorf("refused connection: err = %v after %v, want an error within 3 s", err, elapsed)
		}
	})
}

// TestPutAndDeleteRetriedOnServerError: a PUT replaces and a DELETE removes: repeating either after
// a 500 does no harm, so both are retried like a read.
func TestPutAndDeleteRetriedOnServerError(t *testing.T) {
	h, hits := failFirst(2, http.StatusInternalServerError, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodDelete {
			writeJSON(w, http.StatusOK, nil)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"enabled": true})
	})
	f := newFakeAPI(t, h)
	c := newTestClient(t, f)
	if _, err := c.PutSSO(testCtx(t), "o-1", SSOUpdate{Enabled: true}); err != nil || hits.Load() != 3 {
		t.Fatalf("PutSSO: %v after %d hits, want success after 3", err, hits.Load())
	}
	hits.Store(0)
	if err := c.DeleteSSO(testCtx(t), "o-1"); err != nil || hits.Load() != 3 {
		t.Fatalf("DeleteSSO: %v after %d hits, want success after 3", err, hits.Load())
	}
}
