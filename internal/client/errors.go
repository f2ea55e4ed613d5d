package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
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

// decodeDetail turns an error body into one sentence. ZenML's APIs answer {"detail": ...} where
// the detail is a string, ZenML's pair ["EntityExistsError", "message"] (class name, then the
// message; more items are joined with ": "), or FastAPI's list of validation errors with "loc" and
// "msg"; a bare pair without the envelope also occurs. Anything else is shown as text, cut short.
func decodeDetail(body []byte) string {
	var envelope struct {
		Detail json.RawMessage `json:"detail"`
	}
	raw := json.RawMessage(body)
	if json.Unmarshal(body, &envelope) == nil && len(envelope.Detail) > 0 {
		raw = envelope.Detail
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var pair []json.RawMessage
	if json.Unmarshal(raw, &pair) == nil && len(pair) > 0 {
		if msg, ok := exceptionMessage(pair); ok {
			return msg
		}
		if msg, ok := validationMessages(raw); ok {
			return msg
		}
	}
	return shorten(strings.TrimSpace(string(raw)))
}

// exceptionMessage reads ZenML's ["ClassName", "message", ...]: the message is what a person
// needs; the class name only says which exception carried it. A KeyError's message comes wrapped
// in quotes (Python's str of a KeyError), which are dropped.
func exceptionMessage(items []json.RawMessage) (string, bool) {
	var class string
	if json.Unmarshal(items[0], &class) != nil || !exceptionClassName.MatchString(class) {
		return "", false
	}
	parts := make([]string, 0, len(items)-1)
	for _, it := range items[1:] {
		var s string
		if json.Unmarshal(it, &s) != nil {
			s = strings.TrimSpace(string(it))
		}
		parts = append(parts, s)
	}
	msg := strings.Join(parts, ": ")
	if len(msg) >= 2 && (msg[0] == '\'' && msg[len(msg)-1] == '\'' || msg[0] == '"' && msg[len(msg)-1] == '"') {
		msg = msg[1 : len(msg)-1]
	}
	if msg == "" {
		msg = class
	}
	return shorten(msg), true
}

// exceptionClassName is a Python class name such as EntityExistsError or KeyError.
var exceptionClassName = regexp.MustCompile(`^[A-Z][A-Za-z0-9_]*$`)

// validationMessages reads FastAPI's [{"loc": [...], "msg": "..."}] as "field: message" pairs.
func validationMessages(raw json.RawMessage) (string, bool) {
	var items []struct {
		Loc []any  `json:"loc"`
		Msg string `json:"msg"`
	}
	if json.Unmarshal(raw, &items) != nil || len(items) == 0 || items[0].Msg == "" {
		return "", false
	}
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
	return strings.Join(parts, "; "), true
}

func shorten(s string) string {
	const maxLen = 500
	if len(s) > maxLen {
		return s[:maxLen] + "…"
	}
	return s
}

// NotServed reports an answer about the route rather than an object: FastAPI's 404 "Not Found"
// for a path the API does not have (an object that does not exist comes with a message of its
// own), or a 405 for a method it does not take there. Such a call is not served by this control
// plane; retrying it or reading it as "deleted" would be wrong.
func (e *APIError) NotServed() bool {
	return e.StatusCode == http.StatusMethodNotAllowed ||
		e.StatusCode == http.StatusNotFound && strings.EqualFold(strings.TrimSpace(e.Detail), "Not Found")
}

// Call names the call: "PUT /organizations/<id>/sso".
func (e *APIError) Call() string { return e.Method + " " + e.Path }

func (e *APIError) Error() string {
	if e.NotServed() {
		return fmt.Sprintf("the control plane does not serve %s %s (HTTP %d %q). %s", e.Method, e.Path, e.StatusCode, e.Detail, e.Hint())
	}
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
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		if e.NotServed() {
			return NotServedHint
		}
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

// NotServedHint is what a user can do about a call their control plane does not serve.
const NotServedHint = "This call is part of the provider's own API contract, not a public one, or this control plane is " +
	"older or newer than the contract; see the guide \"API coverage\" for what needs it and how to report the difference " +
	"(go run ./cmd/zenmlpro-conformance prints it)"

// IsNotFound reports a 404 about an object (not a route the API does not serve: see IsNotServed).
func IsNotFound(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && !apiErr.NotServed()
}

// IsNotServed reports a call the control plane does not serve (404 for the route, or 405).
func IsNotServed(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.NotServed()
}

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
