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

	lock        chan struct{} // a mutex that a waiter can abandon when its context ends
	accessToken string
	refreshAt   time.Time
	static      bool // accessToken was given, not obtained: use it as it is
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
	if err := a.acquire(ctx); err != nil {
		return "", err
	}
	defer a.release()
	if a.static || (a.accessToken != "" && time.Now().Before(a.refreshAt)) {
		return a.accessToken, nil
	}
	started := time.Now()
	tok, err := a.client.login(ctx, url.Values{"password": {a.apiKey}}, nil)
	if err != nil {
		return "", err
	}
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
	return c.login(ctx, url.Values{"password": {apiKey}}, nil)
}

// LoginError is a refused login. It names the URL and status, never the credential.
type LoginError struct {
	URL      string
	APIError *APIError
}

func (e *LoginError) Error() string {
	msg := fmt.Sprintf("login to %s refused (HTTP %d)", e.URL, e.APIError.StatusCode)
	if e.APIError.Detail != "" {
		msg += ": " + e.APIError.Detail
	}
	if e.APIError.StatusCode == http.StatusUnauthorized || e.APIError.StatusCode == http.StatusForbidden {
		msg += ". Check the API key (api_key or ZENML_PRO_API_KEY): it may be mistyped, inactive, expired, or issued by another control plane than api_url"
	}
	return msg
}

func (e *LoginError) Unwrap() error { return e.APIError }
