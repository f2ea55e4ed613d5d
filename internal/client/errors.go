package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// APIError is a non-2xx answer of the API: the status, the API's own detail, and the call that
// produced it.
type APIError struct {
	StatusCode int
	Detail     string
	Method     string
	Path       string
	// RetryAfter is the server's Retry-After header on a 429, when it sent one.
	RetryAfter string
}

func newAPIError(method, path string, resp *http.Response, body []byte) *APIError {
	return &APIError{
		StatusCode: resp.StatusCode,
		Detail:     decodeDetail(body),
		Method:     method,
		Path:       path,
		RetryAfter: resp.Header.Get("Retry-After"),
	}
}

// decodeDetail reads {"detail": ...}. FastAPI sends validation errors as a list of objects with
// "loc" and "msg"; those become "field: message" pairs. Anything else is shown as text, cut short.
func decodeDetail(body []byte) string {
	var envelope struct {
		Detail json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(body, &envelope); err != nil || len(envelope.Detail) == 0 {
		return shorten(strings.TrimSpace(string(body)))
	}
	var text string
	if json.Unmarshal(envelope.Detail, &text) == nil {
		return text
	}
	var items []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(envelope.Detail, &items) == nil && len(items) > 0 {
		parts := make([]string, 0, len(items))
		for _, it := range items {
			loc := make([]string, 0, len(it.Loc))
			for _, l := range it.Loc {
				if s := fmt.Sprint(l); s != "body" && s != "query" && s != "path" {
					loc = append(loc, s)
				}
			}
			if len(loc) > 0 {
				parts = append(parts, strings.Join(loc, ".")+": "+it.Msg)
			} else {
				parts = append(parts, it.Msg)
			}
		}
		return strings.Join(parts, "; ")
	}
	return shorten(string(envelope.Detail))
}

func shorten(s string) string {
	const maxLen = 500
	if len(s) > maxLen {
		return s[:maxLen] + "…"
	}
	return s
}

func (e *APIError) Error() string {
	var b strings.Builder
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(http.StatusText(e.StatusCode))
	}
	fmt.Fprintf(&b, " (HTTP %d from %s %s)", e.StatusCode, e.Method, e.Path)
	if hint := e.Hint(); hint != "" {
		b.WriteString(". ")
		b.WriteString(hint)
	}
	return b.String()
}

// Hint says what a user can do about the error.
func (e *APIError) Hint() string {
	switch e.StatusCode {
	case http.StatusUnauthorized:
		return "The credential was refused; check the provider's api_key or access_token (or ZENML_PRO_API_KEY, " +
			"ZENML_PRO_ACCESS_TOKEN): an API key must be active and not expired; an access token is used as given and " +
			"never refreshed, so an expired one must be replaced"
	case http.StatusPaymentRequired:
		return "The organization's plan limit is reached; upgrade the plan or remove unused objects"
	case http.StatusForbidden:
		return "The API key's service account lacks the permission; grant it a role that allows this (for example Organization Admin)"
	case http.StatusNotFound:
		return "The object does not exist, or belongs to an organization this API key cannot see"
	case http.StatusConflict:
		return "An object with these values already exists; choose another name, or import the existing object with `terraform import`"
	case http.StatusUnprocessableEntity, http.StatusBadRequest:
		return "Correct the value the API names and apply again"
	case http.StatusTooManyRequests:
		return "The API kept rate-limiting after all retries; lower requests_per_second, raise max_retries, or run with a lower -parallelism"
	case http.StatusRequestTimeout, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "The control plane was unavailable after all retries; try again later or raise max_retries"
	}
	return ""
}

// TransportError is a failure to get any answer (connection refused, DNS, timeout) after retries.
type TransportError struct {
	Method, Path, Host string
	Err                error
}

func (e *TransportError) Error() string {
	switch {
	case unknownHost(e.Err):
		return fmt.Sprintf("%s %s: no answer from %s: %v. The host name does not exist: check the host in api_url "+
			"(or ZENML_PRO_API_URL)", e.Method, e.Path, e.Host, e.Err)
	case connectFailure(e.Err):
		return fmt.Sprintf("%s %s: no answer from %s: %v. No connection could be made: check api_url (or "+
			"ZENML_PRO_API_URL: scheme, host and port) and that the control plane is running and reachable from here",
			e.Method, e.Path, e.Host, e.Err)
	}
	return fmt.Sprintf("%s %s: no answer from %s after all retries: %v. Check api_url and the network path to it, or raise request_timeout", e.Method, e.Path, e.Host, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

func statusOf(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// IsNotFound reports a 404.
func IsNotFound(err error) bool { return statusOf(err) == http.StatusNotFound }

// IsConflict reports a 409 (duplicate name, assignment or membership).
func IsConflict(err error) bool { return statusOf(err) == http.StatusConflict }

// IsForbidden reports a 403.
func IsForbidden(err error) bool { return statusOf(err) == http.StatusForbidden }

// IsUnauthorized reports a 401 (after the one re-login the client attempts).
func IsUnauthorized(err error) bool { return statusOf(err) == http.StatusUnauthorized }

// IsValidation reports a 422 or 400.
func IsValidation(err error) bool {
	s := statusOf(err)
	return s == http.StatusUnprocessableEntity || s == http.StatusBadRequest
}

// IsPlanLimit reports a 402.
func IsPlanLimit(err error) bool { return statusOf(err) == http.StatusPaymentRequired }

// IsRateLimited reports a 429 that outlasted the retries.
func IsRateLimited(err error) bool { return statusOf(err) == http.StatusTooManyRequests }
