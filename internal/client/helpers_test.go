package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testAPIKey is the only API key the fake API accepts.
const testAPIKey = "ZENPROKEY_unit7est0key0value"

// testEnrollmentKey is the only client secret the fake API accepts for a workspace-server login.
const testEnrollmentKey = "ZENENROLL_unit7est0enroll0key"

// seen is one request as the fake API received it.
type seen struct {
	Method  string
	Path    string // decoded, without the fake's prefix
	RawPath string // as escaped on the wire, without the fake's prefix
	Query   url.Values
	Header  http.Header
	Form    url.Values // logins only
	Body    string
	At      time.Time
}

func (s seen) auth() string    { return s.Header.Get("Authorization") }
func (s seen) idemKey() string { return s.Header.Get("Idempotency-Key") }

// fakeAPI is a small stand-in for the control plane: it answers POST /auth/login itself (tokens
// tok.<n>.Zs3cr3t), rejects calls without a token it issued (401), records every request, and
// hands authenticated calls to handler.
type fakeAPI struct {
	srv    *httptest.Server
	prefix string

	mu          sync.Mutex
	logins      []seen
	calls       []seen
	valid       map[string]bool
	issued      []string
	ttl         int64
	loginDelay  time.Duration
	loginStatus int // when set, every login answers this status with loginDetail
	loginDetail string
	noKeepAlive bool
	loginAnswer map[string]any // when set, every login answers 200 with this body
	handler     http.HandlerFunc
}

type fakeOption func(*fakeAPI)

func withPrefix(p string) fakeOption            { return func(f *fakeAPI) { f.prefix = p } }
func withTTL(seconds int64) fakeOption          { return func(f *fakeAPI) { f.ttl = seconds } }
func withLoginDelay(d time.Duration) fakeOption { return func(f *fakeAPI) { f.loginDelay = d } }
func withoutKeepAlive() fakeOption              { return func(f *fakeAPI) { f.noKeepAlive = true } }
func withLoginAnswer(v map[string]any) fakeOption {
	return func(f *fakeAPI) { f.loginAnswer = v }
}
func withRefusedLogin(status int, detail string) fakeOption {
	return func(f *fakeAPI) { f.loginStatus, f.loginDetail = status, detail }
}

func newFakeAPI(t testing.TB, handler http.HandlerFunc, opts ...fakeOption) *fakeAPI {
	t.Helper()
	if handler == nil {
		handler = func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, map[string]any{}) }
	}
	f := &fakeAPI{valid: map[string]bool{}, ttl: 3600, handler: handler}
	for _, o := range opts {
		o(f)
	}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	if f.noKeepAlive {
		f.srv.Config.SetKeepAlivesEnabled(false)
	}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the API URL a client should use (with the fake's prefix).
func (f *fakeAPI) URL() string { return f.srv.URL + f.prefix }

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s := seen{
		Method:  r.Method,
		Path:    strings.TrimPrefix(r.URL.Path, f.prefix),
		RawPath: strings.TrimPrefix(r.URL.EscapedPath(), f.prefix),
		Query:   r.URL.Query(),
		Header:  r.Header.Clone(),
		Body:    string(body),
		At:      time.Now(),
	}
	if f.prefix != "" && !strings.HasPrefix(r.URL.Path, f.prefix+"/") {
		writeDetail(w, http.StatusNotFound, "not under the prefix "+f.prefix)
		return
	}
	if s.Path == pathLogin && r.Method == http.MethodPost {
		f.login(w, s)
		return
	}
	token := strings.TrimPrefix(s.auth(), "Bearer ")
	f.mu.Lock()
	f.calls = append(f.calls, s)
	authorized := f.valid[token]
	f.mu.Unlock()
	if !authorized {
		writeDetail(w, http.StatusUnauthorized, "Invalid or expired token")
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.URL.Path, r.URL.RawPath = s.Path, ""
	f.handler(w, r)
}

func (f *fakeAPI) login(w http.ResponseWriter, s seen) {
	s.Form, _ = url.ParseQuery(s.Body)
	f.mu.Lock()
	f.logins = append(f.logins, s)
	delay, status, detail, answer := f.loginDelay, f.loginStatus, f.loginDetail, f.loginAnswer
	f.mu.Unlock()
	time.Sleep(delay)
	if answer != nil {
		writeJSON(w, http.StatusOK, answer)
		return
	}
	if status != 0 {
		writeDetail(w, status, detail)
		return
	}
	if s.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		writeDetail(w, http.StatusUnprocessableEntity, "login must be form-encoded")
		return
	}
	apiKeyLogin := s.Form.Get("password") == testAPIKey
	serverLogin := s.Form.Get("grant_type") == "client_credentials" && s.Form.Get("client_secret") == testEnrollmentKey
	if !apiKeyLogin && !serverLogin {
		writeDetail(w, http.StatusUnauthorized, "API key is invalid")
		return
	}
	f.mu.Lock()
	token := fmt.Sprintf("tok.%d.Zs3cr3t", len(f.issued)+1)
	f.issued = append(f.issued, token)
	f.valid[token] = true
	ttl := f.ttl
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": ttl})
}

// addToken makes the fake accept a token it did not issue (Config.AccessToken).
func (f *fakeAPI) addToken(token string) {
	f.mu.Lock()
	f.valid[token] = true
	f.mu.Unlock()
}

// revokeAll makes every token issued so far answer 401.
func (f *fakeAPI) revokeAll() {
	f.mu.Lock()
	clear(f.valid)
	f.mu.Unlock()
}

func (f *fakeAPI) loginRequests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.logins...)
}

func (f *fakeAPI) apiRequests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.calls...)
}

func (f *fakeAPI) issuedTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.issued...)
}

// requestsTo returns the API requests to method and path (decoded, without the prefix).
func (f *fakeAPI) requestsTo(method, path string) []seen {
	var out []seen
	for _, s := range f.apiRequests() {
		if s.Method == method && s.Path == path {
			out = append(out, s)
		}
	}
	return out
}

// fastConfig keeps retries quick: tests that measure waits set their own.
func fastConfig(apiURL string) Config {
	return Config{
		APIURL:         apiURL,
		APIKey:         testAPIKey,
		RetryWaitMin:   time.Millisecond,
		RetryWaitMax:   4 * time.Millisecond,
		RequestTimeout: 10 * time.Second,
	}
}

// newTestClient builds a client for f with fastConfig, adjusted by mods.
func newTestClient(t testing.TB, f *fakeAPI, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := fastConfig(f.URL())
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeDetail(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, map[string]any{"detail": detail})
}

// hangUp closes the connection without an answer: the client sees a connection error.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

// apiError extracts the *APIError of err or fails the test.
func apiError(t testing.TB, err error) *APIError {
	t.Helper()
	apiErr, ok := asAPIError(err)
	if !ok {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return apiErr
}

func asAPIError(err error) (*APIError, bool) {
	var e *APIError
	ok := errors.As(err, &e)
	return e, ok
}

func testCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
