// Package client is the one place that speaks HTTP to the ZenML Pro control plane: authentication,
// retries, rate limiting, paging, typed errors and every path of the API contract. It knows nothing
// about Terraform; the provider's resources call its typed methods.
package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

// DefaultAPIURL is the SaaS control plane.
const DefaultAPIURL = "https://cloudapi.zenml.io"

// Defaults for Config fields left at zero.
const (
	DefaultMaxRetries     = 8
	DefaultRequestTimeout = 60 * time.Second
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second
)

// Config configures a Client. Zero values take the defaults above.
type Config struct {
	// APIURL is the control plane's base URL; it may carry a path prefix (self-hosted: /api/v1).
	APIURL string
	// APIKey is a service-account API key or a personal access token, exchanged for bearer tokens.
	APIKey string
	// AccessToken, instead of APIKey, is a bearer token used as it is, never refreshed (a hybrid
	// workspace server's token from WorkspaceServerLogin, in tests and tools).
	AccessToken string
	// MaxRetries bounds the retries of one request (not counting the first attempt). Negative
	// means no retries.
	MaxRetries int
	// RequestTimeout bounds each attempt.
	RequestTimeout time.Duration
	// RequestsPerSecond, when positive, spaces out every attempt (retries included).
	RequestsPerSecond float64
	// RetryWaitMin and RetryWaitMax bound the exponential backoff between attempts.
	RetryWaitMin, RetryWaitMax time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// Transport, when set, replaces the pooled default (tests).
	Transport http.RoundTripper
	// ConsistencyWindow is how long after creating an object the client takes a 404 of a call
	// that names it for the API's read-after-write lag and retries (lag.go). Zero turns that
	// off; the provider passes framework.ConsistencyWindow.
	ConsistencyWindow time.Duration
}

// Client calls the control-plane API. It is safe for concurrent use; one Client serves one
// provider instance, and its list caches live and die with it.
type Client struct {
	baseURL   *url.URL
	userAgent string
	http      *retryablehttp.Client
	auth      *authenticator

	secrets    *secretSet  // every secret value seen, masked in logs
	smallPages atomic.Bool // the API refused PageSize once: lists use PublicPageSize

	assignments *listCache[Assignment]
	teamMembers *listCache[TeamMember]
	roles       *listCache[Role] // one-element lists: roles by id

	recent *recentObjects // the objects this client created, for ConsistencyWindow (lag.go)
}

// New validates cfg and builds a Client. It does not contact the API; the first call logs in.
func New(cfg Config) (*Client, error) {
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	base, err := ParseAPIURL(cfg.APIURL)
	if err != nil {
		return nil, err
	}
	if cfg.APIKey == "" && cfg.AccessToken == "" {
		return nil, errors.New("no API key: set api_key in the provider block or the ZENML_PRO_API_KEY environment variable")
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		cfg.RetryWaitMax = cfg.RetryWaitMin
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-zenmlpro"
	}
	inner := cfg.Transport
	if inner == nil {
		inner = cleanhttp.DefaultPooledTransport()
	}

	rc := retryablehttp.NewClient()
	rc.HTTPClient = &http.Client{
		// No http.Client timeout: the transport bounds each attempt itself, after the rate
		// limiter's wait, so that waiting for a slot never eats into an attempt's time.
		Transport: &loggingTransport{next: inner, limiter: newLimiter(cfg.RequestsPerSecond), timeout: cfg.RequestTimeout},
	}
	rc.Logger = nil // our transport logs each attempt; retryablehttp's own lines would log full URLs
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = checkRetry
	rc.Backoff = backoff
	// Hand back the last response once retries are exhausted, so that the caller decodes the
	// API's own error instead of a generic "giving up" message.
	rc.ErrorHandler = func(resp *http.Response, err error, _ int) (*http.Response, error) { return resp, err }

	c := &Client{
		baseURL:     base,
		userAgent:   cfg.UserAgent,
		http:        rc,
		assignments: newListCache[Assignment](),
		teamMembers: newListCache[TeamMember](),
		roles:       newListCache[Role](),
		secrets:     &secretSet{},
		recent:      newRecentObjects(cfg.ConsistencyWindow),
	}
	c.secrets.add(cfg.APIKey)
	c.secrets.add(cfg.AccessToken)
	c.auth = &authenticator{client: c, apiKey: cfg.APIKey, lock: make(chan struct{}, 1)}
	if cfg.AccessToken != "" {
		c.auth.accessToken = cfg.AccessToken
		c.auth.static = true
	}
	return c, nil
}

// ParseAPIURL checks that raw is an absolute http(s) URL without query or fragment and returns it
// with any trailing slash removed from its path prefix.
func ParseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("api_url %q is not a valid URL: %w", raw, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("api_url %q must be an absolute http or https URL such as %s", raw, DefaultAPIURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("api_url %q must not carry a query or fragment", raw)
	}
	if u.User != nil {
		// Credentials in the URL would be sent as basic auth and shown in every error that names
		// the URL; the API key goes in api_key.
		u.User = nil // not even the user name is echoed: it may be the key itself
		return nil, fmt.Errorf("api_url %s must not carry credentials (user:password@); set the API key in api_key", u)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// BaseURL returns the API base URL the client talks to (no credentials in it).
func (c *Client) BaseURL() string { return c.baseURL.String() }

// request describes one logical API call.
type request struct {
	method string
	path   string      // as in the contract, e.g. "/teams/<id>"; joined onto the base URL's prefix
	query  url.Values  // may be nil
	body   any         // JSON-encoded when non-nil
	form   url.Values  // form-encoded when non-nil (login only)
	noAuth bool        // login itself
	header http.Header // extra headers (a workspace server's zenml-server-*), may be nil
	// checked: the caller finds out what an attempt whose answer was lost did (outcome.go), so
	// the retry policy must not repeat it blindly (checkRetry).
	checked bool
	// idempotencyKey, when set, is sent instead of a new key (a POST only).
	idempotencyKey string
}

// do runs req with retries, authentication and one re-login on a 401, and decodes a 2xx JSON body
// into out (when out is non-nil). Any other status becomes an *APIError. A 404 of a call naming
// an object this client has just created is retried while the API may still lag (lag.go).
func (c *Client) do(ctx context.Context, req request, out any) error {
	return c.recent.ride(ctx, req, func(req request) error { return c.doOnce(ctx, req, out) })
}

// doOnce is do without the read-after-write rule.
func (c *Client) doOnce(ctx context.Context, req request, out any) error {
	ctx = c.maskSecrets(ctx)
	var body []byte
	contentType := ""
	switch {
	case req.form != nil:
		body = []byte(req.form.Encode())
		contentType = "application/x-www-form-urlencoded"
	case req.body != nil:
		var err error
		body, err = json.Marshal(req.body)
		if err != nil {
			return fmt.Errorf("encoding the request body of %s %s: %w", req.method, req.path, err)
		}
		contentType = "application/json"
	}
	// One key for every attempt of this call, including the one after a re-login (a create keeps
	// its key across its own attempts too: request.idempotencyKey). A control plane that honours
	// it answers a repeat with the original result; the client does not rely on that (outcome.go).
	idempotencyKey := ""
	if req.method == http.MethodPost && !req.noAuth {
		idempotencyKey = req.idempotencyKey
		if idempotencyKey == "" {
			idempotencyKey = newIdempotencyKey()
		}
	}

	for relogged := false; ; relogged = true {
		token := ""
		if !req.noAuth {
			var err error
			if token, err = c.auth.token(ctx); err != nil {
				return err
			}
		}
		resp, err := c.send(ctx, req, body, contentType, idempotencyKey, token)
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusUnauthorized && !req.noAuth && !relogged && !c.auth.static {
			// The token may have been revoked or expired early: log in again, once.
			drain(resp)
			c.auth.invalidate(token)
			continue
		}
		return decodeResponse(resp, req, out)
	}
}

func (c *Client) send(ctx context.Context, req request, body []byte, contentType, idempotencyKey, token string) (*http.Response, error) {
	// req.path is already escaped (esc): set RawPath so that url.URL does not escape it a second
	// time (an organization named "My Org" would otherwise be requested as "My%2520Org").
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + req.path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", req.method, req.path, err)
	}
	u.Path = unescaped
	if len(req.query) > 0 {
		u.RawQuery = req.query.Encode()
	}
	var rawBody any
	if body != nil {
		rawBody = body
	}
	ctx = context.WithValue(ctx, callInfoKey{}, &callInfo{path: req.path, checked: req.checked})
	r, err := retryablehttp.NewRequestWithContext(ctx, req.method, u.String(), rawBody)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", req.method, req.path, err)
	}
	for name, values := range req.header {
		for _, v := range values {
			r.Header.Add(name, v)
		}
	}
	r.Header.Set("Accept", "application/json")
	r.Header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	if idempotencyKey != "" {
		// Set under a key that is not in canonical form, on purpose: net/http takes a request with
		// an "Idempotency-Key" entry for one it may send again by itself when a reused connection
		// breaks, and a control plane that ignores the header would then make the object twice.
		// Whether to repeat a create is decided in one place (outcome.go). On the wire the header is
		// the same (names are case-insensitive).
		r.Header["idempotency-key"] = []string{idempotencyKey}
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.http.Do(r)
	if err != nil {
		if resp != nil {
			// The retry policy may hand back a response together with an error (the context
			// ended as the answer arrived): close it, or its connection leaks.
			_ = resp.Body.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, fmt.Errorf("%s %s: %w", req.method, req.path, ctxErr)
		}
		return nil, &TransportError{Method: req.method, Path: req.path, Host: c.baseURL.Host, Err: unwrapURLError(err)}
	}
	return resp, nil
}

func decodeResponse(resp *http.Response, req request, out any) error {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return newAPIError(req.method, req.path, resp, raw)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		drain(resp)
		return nil
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("reading the response of %s %s: %w", req.method, req.path, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decoding the response of %s %s (HTTP %d): %w", req.method, req.path, resp.StatusCode, err)
	}
	return nil
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}

func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// callInfo travels in the request context so that the transport can number attempts and log the
// contract path rather than the full URL.
type callInfo struct {
	path     string
	checked  bool // see request.checked
	attempts atomic.Int32
}

type callInfoKey struct{}

// get, post, patch, put and del are shorthands for do. post repeats an attempt whose answer was
// lost, so it is for calls a repeat does no harm to (rotations); creates go through
// createChecked, and patch checks what a lost attempt did (outcome.go).
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	return c.do(ctx, request{method: http.MethodGet, path: path, query: query}, out)
}

func (c *Client) post(ctx context.Context, path string, query url.Values, body, out any) error {
	return c.do(ctx, request{method: http.MethodPost, path: path, query: query, body: body}, out)
}

func (c *Client) patch(ctx context.Context, path string, body, out any) error {
	return c.patchChecked(ctx, path, body, out)
}

func (c *Client) put(ctx context.Context, path string, body, out any) error {
	return c.do(ctx, request{method: http.MethodPut, path: path, body: body}, out)
}

func (c *Client) del(ctx context.Context, path string, query url.Values) error {
	return c.do(ctx, request{method: http.MethodDelete, path: path, query: query}, nil)
}
