package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token is an access token obtained from POST /auth/login.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

// maxRefreshMargin is how long before expiry a token is replaced. Short-lived tokens (tests run
// with a TTL of seconds) are replaced after four fifths of their life instead.
const maxRefreshMargin = 5 * time.Minute

// authenticator holds the current bearer token. Concurrent callers share one login: whoever finds
// the token missing or due logs in while the others wait for the result.
type authenticator struct {
	client *Client
	apiKey string
	source string // where apiKey came from, named when a login is refused; "" when unknown

	lock        chan struct{} // a mutex that a waiter can abandon when its context ends
	accessToken string
	refreshAt   time.Time
	static      bool // accessToken was given, not obtained: use it as it is

	// failure is how the last login failed, and failedAt when: the callers that were already
	// waiting for that login get the same answer instead of each logging in again. A refused key
	// or an unreachable API would otherwise cost one whole login, retries included, per waiting
	// call, one after the other.
	failure  error
	failedAt time.Time
}

// SetAPIKeySource names where the client's API key came from (such as "the api_key argument of
// the provider block"), so that a refused login can say which key to check. Call it before the
// client's first request.
func (c *Client) SetAPIKeySource(source string) {
	if c.auth.acquire(context.Background()) != nil {
		return
	}
	defer c.auth.release()
	c.auth.source = source
}

func (a *authenticator) acquire(ctx context.Context) error {
	if a.lock == nil {
		return errors.New("authenticator not initialised")
	}
	select {
	case a.lock <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *authenticator) release() { <-a.lock }

// token returns a valid access token, logging in when there is none or it is due for refresh.
func (a *authenticator) token(ctx context.Context) (string, error) {
	arrived := time.Now()
	if err := a.acquire(ctx); err != nil {
		return "", err
	}
	defer a.release()
	if a.static || (a.accessToken != "" && time.Now().Before(a.refreshAt)) {
		return a.accessToken, nil
	}
	if a.failure != nil && a.failedAt.After(arrived) {
		return "", a.failure // the login this caller waited for failed
	}
	started := time.Now()
	tok, err := a.client.login(ctx, url.Values{"password": {a.apiKey}}, nil)
	if err != nil {
		var loginErr *LoginError
		if errors.As(err, &loginErr) {
			loginErr.KeySource = a.source // the client's own key: say where it came from
		}
		if ctx.Err() == nil { // not this caller's own deadline or cancellation: share it
			a.failure, a.failedAt = err, time.Now()
		}
		return "", err
	}
	a.failure = nil
	a.accessToken = tok.AccessToken
	a.refreshAt = started.Add(refreshAfter(tok.ExpiresIn))
	return a.accessToken, nil
}

// invalidate forgets token if it is still the current one (another caller may already have
// replaced it after the same 401).
func (a *authenticator) invalidate(token string) {
	if a.acquire(context.Background()) != nil {
		return
	}
	defer a.release()
	if a.accessToken == token && !a.static {
		a.accessToken = ""
	}
}

// unknownLifetime is assumed when a login answer carries no expires_in: the token is used until
// then, or until a 401, rather than replaced before every call.
const unknownLifetime = time.Hour

func refreshAfter(expiresIn int64) time.Duration {
	life := time.Duration(expiresIn) * time.Second
	if life <= 0 {
		return unknownLifetime
	}
	margin := life / 5
	if margin > maxRefreshMargin {
		margin = maxRefreshMargin
	}
	return life - margin
}

// login exchanges form credentials for a token. The form never reaches a log line.
func (c *Client) login(ctx context.Context, form url.Values, header http.Header) (*Token, error) {
	var tok Token
	err := c.do(ctx, request{method: http.MethodPost, path: pathLogin, form: form, noAuth: true, header: header}, &tok)
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			// The contract says the API never echoes the credential; do not rely on it.
			for _, field := range []string{"password", "client_secret"} {
				if secret := form.Get(field); secret != "" {
					apiErr.Detail = strings.ReplaceAll(apiErr.Detail, secret, "***")
				}
			}
			return nil, &LoginError{URL: c.BaseURL(), APIError: apiErr}
		}
		return nil, fmt.Errorf("logging in to %s: %w", c.BaseURL(), err)
	}
	if tok.AccessToken == "" {
		return nil, fmt.Errorf("logging in to %s: the response carried no access_token", c.BaseURL())
	}
	c.secrets.add(tok.AccessToken)
	return &tok, nil
}

// NewAccessToken exchanges apiKey (the provider's own key when empty) for a fresh, short-lived
// token, independent of the one the client itself uses.
func (c *Client) NewAccessToken(ctx context.Context, apiKey string) (*Token, error) {
	if apiKey == "" {
		apiKey = c.auth.apiKey
	}
	if apiKey == "" {
		return nil, errors.New("no API key to exchange: this client was configured with an access token")
	}
	tok, err := c.login(ctx, url.Values{"password": {apiKey}}, nil)
	var loginErr *LoginError
	if errors.As(err, &loginErr) && apiKey == c.auth.apiKey {
		loginErr.KeySource = c.auth.source
	}
	return tok, err
}

// LoginError is a refused login. It names the URL and status, never the credential.
type LoginError struct {
	URL      string
	APIError *APIError
	// KeySource is where the refused API key came from (SetAPIKeySource), "" when unknown.
	KeySource string
}

// KeyRefused reports a login refused because of the credential itself (401 or 403), rather than
// an answer of a control plane in trouble.
func (e *LoginError) KeyRefused() bool {
	return e.APIError.StatusCode == http.StatusUnauthorized || e.APIError.StatusCode == http.StatusForbidden
}

// OwnKeyRefused reports a refused login with the client's own API key (the one SetAPIKeySource
// named): every call fails so, whatever object it was about.
func (e *LoginError) OwnKeyRefused() bool { return e.KeyRefused() && e.KeySource != "" }

func (e *LoginError) Error() string {
	msg := fmt.Sprintf("login to %s refused (HTTP %d)", e.URL, e.APIError.StatusCode)
	if e.APIError.Detail != "" {
		msg += ": " + e.APIError.Detail
	}
	if e.KeyRefused() {
		msg += ". The API key was refused"
		if e.KeySource != "" {
			msg += "; it comes from " + e.KeySource
		}
		msg += ". Check that it is complete, active and not expired, and that it was issued by the control plane at api_url"
	}
	return msg
}

func (e *LoginError) Unwrap() error { return e.APIError }
