package mockcontrolplane

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The patterns of API-CONTRACT.md, compiled once (immutable tables are fine as package state).
var (
	orgNameRE       = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$`)
	workspaceNameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,49}$`)
	usernameRE      = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$`) // service-account usernames and API key names
	domainRE        = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	uuidRE          = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	versionRE       = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]{0,49}$`)
)

const (
	maxDescription   = 1000
	maxDisplayName   = 100
	maxBodyBytes     = int64(1 << 20)
	maxIdempotentKey = 255
)

// newID returns a random UUID v4 from crypto/rand.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// newSecret returns prefix + 48 random hex characters, for API keys and tokens.
func newSecret(prefix string) string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// newEnrollmentKey returns an opaque enrollment key: URL-safe base64 of 32 random bytes, with no
// prefix (none is promised, so nothing may recognise a key by its shape).
func newEnrollmentKey() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// parseUUID accepts a canonical UUID in either case and returns it in lowercase, the form ids are
// stored in.
func parseUUID(s string) (string, bool) {
	l := strings.ToLower(s)
	return l, uuidRE.MatchString(l)
}

// ts formats a time as the contract's RFC 3339 UTC timestamp with microseconds.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

func tsPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := ts(*t)
	return &s
}

// --- replies ---

// reply is a handler's complete response. Handlers return it instead of writing to the
// ResponseWriter so that the middleware can store it for idempotent replays, or drop it (fault
// injection), after the work is done.
type reply struct {
	status int
	body   []byte // JSON
	header http.Header
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil { // only our own view types are marshalled; this cannot happen, but never 500 silently
		return fail(http.StatusInternalServerError, "could not encode the response: %v", err)
	}
	return reply{status: status, body: b}
}

// created is the answer of a call that makes an object: 200 with the object, as the public
// scripts expect (not 201).
func created(v any) reply { return jsonReply(http.StatusOK, v) }

// deleted is the answer of a DELETE: 200 with the JSON null (not 204).
func deleted() reply { return reply{status: http.StatusOK, body: []byte("null")} }

// noContent answers 204; only the /_mock/ endpoints use it.
func noContent() reply { return reply{status: http.StatusNoContent} }

// errorClass is the exception class ZenML's server names for a status (API-CONTRACT.md, Errors).
// "" means the status is a fault that a gateway answers with a string detail (429, 5xx).
func errorClass(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "ValueError"
	case http.StatusUnauthorized:
		return "AuthorizationException"
	case http.StatusPaymentRequired:
		return "UpgradeRequiredError"
	case http.StatusForbidden:
		return "IllegalOperationError"
	case http.StatusNotFound:
		return "KeyError"
	case http.StatusConflict:
		return "EntityExistsError"
	}
	return ""
}

// fail answers an error the way ZenML's server does: {"detail": ["<Class>", "<message>"]}, the
// class chosen by the status. A KeyError's message is wrapped in single quotes, as Python's
// str(KeyError(...)) shows it. Faults (429, 5xx) answer a plain string detail.
func fail(status int, format string, args ...any) reply {
	msg := fmt.Sprintf(format, args...)
	class := errorClass(status)
	if class == "" {
		return stringDetail(status, msg)
	}
	if status == http.StatusNotFound {
		msg = "'" + msg + "'"
	}
	b, _ := json.Marshal(map[string][]string{"detail": {class, msg}})
	return reply{status: status, body: b}
}

// stringDetail answers {"detail": "<detail>"}: faults, and FastAPI's answers for routes it does
// not have.
func stringDetail(status int, detail string) reply {
	b, _ := json.Marshal(map[string]string{"detail": detail})
	return reply{status: status, body: b}
}

// routeNotFound and methodNotAllowed are FastAPI's own answers for an unknown path and for a
// known path asked with another method: what a control plane that does not serve a call says.
func routeNotFound() reply    { return stringDetail(http.StatusNotFound, "Not Found") }
func methodNotAllowed() reply { return stringDetail(http.StatusMethodNotAllowed, "Method Not Allowed") }

func notFound(what string) reply { return fail(http.StatusNotFound, "%s not found", what) }

func invalid(format string, args ...any) reply {
	return fail(http.StatusUnprocessableEntity, format, args...)
}

func conflict(format string, args ...any) reply {
	return fail(http.StatusConflict, format, args...)
}

func forbidden(format string, args ...any) reply {
	return fail(http.StatusForbidden, format, args...)
}

func (rep reply) write(w http.ResponseWriter) {
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if rep.body != nil {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	if rep.body != nil {
		_, _ = w.Write(rep.body)
	}
}

// --- request bodies ---

// readBody reads at most maxBodyBytes; a larger body is a validation error, not a crash.
func readBody(r *http.Request) ([]byte, *reply) {
	if r.Body == nil {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		rep := invalid("could not read the request body: %v", err)
		return nil, &rep
	}
	if int64(len(b)) > maxBodyBytes {
		rep := invalid("request body is larger than %d bytes", maxBodyBytes)
		return nil, &rep
	}
	return b, nil
}

// decodeJSON decodes a JSON object body into v. Unknown fields are ignored (the contract allows
// them); anything that is not one JSON object, or has a field of the wrong type, is a 422 that
// names the field.
func decodeJSON(r *http.Request, v any) *reply {
	return decodeJSONValue(r, v, '{', "JSON object")
}

// decodeJSONValue decodes a body that must be one JSON value opening with open ('{' or '['),
// named what in the errors ("JSON object").
func decodeJSONValue(r *http.Request, v any, open byte, what string) *reply {
	body, rep := readBody(r)
	if rep != nil {
		return rep
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != open {
		rep := invalid("request body must be a %s", what)
		return &rep
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		msg := describeJSONError(err)
		if open != '{' { // an item of a list has no field name to point at: name the list
			msg = fmt.Sprintf("request body must be a %s: %s", what, msg)
		}
		rep := invalid("%s", msg)
		return &rep
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		rep := invalid("request body must hold a single %s", what)
		return &rep
	}
	return nil
}

// decodeOptionalJSON is decodeJSON for bodies whose every field is optional: an empty body is {}.
func decodeOptionalJSON(r *http.Request, v any) *reply {
	body, rep := readBody(r)
	if rep != nil {
		return rep
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return decodeJSON(r, v)
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return fmt.Sprintf("field %s must be %s, not a JSON %s", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: unexpected end of the body"
	default:
		return "malformed JSON: " + err.Error()
	}
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int64", "float64":
		return "a number"
	case "slice":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	}
	return "of another type"
}

// --- field rules ---

func validDescription(s string) *reply {
	if utf8.RuneCountInString(s) > maxDescription {
		rep := invalid("description must be at most %d characters", maxDescription)
		return &rep
	}
	return nil
}

// validTeamLikeName is the rule for team and custom role names: 1–100 characters, no leading or
// trailing white space, no control characters.
func validTeamLikeName(s string) *reply {
	const field = "name"
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		rep := invalid("%s must not be empty", field)
		return &rep
	case n > 100:
		rep := invalid("%s must be at most 100 characters", field)
		return &rep
	case !utf8.ValidString(s):
		rep := invalid("%s must be valid UTF-8", field)
		return &rep
	case strings.TrimSpace(s) != s:
		rep := invalid("%s must not start or end with white space", field)
		return &rep
	case strings.ContainsFunc(s, unicode.IsControl):
		rep := invalid("%s must not contain control characters", field)
		return &rep
	}
	return nil
}

// validDomains checks a trusted-domain (or SSO domain) list: lowercase DNS names with a dot, no
// duplicates.
func validDomains(field string, domains []string) *reply {
	seen := map[string]bool{}
	for _, d := range domains {
		if len(d) > 253 || !domainRE.MatchString(d) {
			rep := invalid("%s: %q is not a lowercase DNS name with at least one dot", field, d)
			return &rep
		}
		if seen[d] {
			rep := invalid("%s: %q appears twice", field, d)
			return &rep
		}
		seen[d] = true
	}
	return nil
}

// validEmail is deliberately simple: one @, a non-empty local part, a domain with a dot, no space.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// validHTTPURL reports an absolute http(s) URL with a host; https only when httpsOnly.
func validHTTPURL(s string, httpsOnly bool) bool {
	if len(s) > 2048 {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return false
	}
	if httpsOnly {
		return u.Scheme == "https"
	}
	return u.Scheme == "https" || u.Scheme == "http"
}

// --- query parameters ---

// queryUUID reads an optional UUID query parameter: "" when absent, 422 when malformed.
func queryUUID(r *http.Request, name string) (string, *reply) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return "", nil
	}
	id, ok := parseUUID(v)
	if !ok {
		rep := invalid("query parameter %s must be a UUID", name)
		return "", &rep
	}
	return id, nil
}

// queryBool reads an optional boolean query parameter (false when absent).
func queryBool(r *http.Request, name string) (bool, *reply) {
	return queryBoolDefault(r, name, false)
}

// queryBoolDefault reads an optional boolean query parameter; absent or empty means def.
func queryBoolDefault(r *http.Request, name string, def bool) (bool, *reply) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		rep := invalid("query parameter %s must be true or false", name)
		return false, &rep
	}
	return b, nil
}

// paginate applies offset (at least 0, default 0) and limit (1-1000, default 20) to an already
// sorted list; under the max_limit fault, an explicit limit above it is refused too, as a
// stricter real API might (so that a client's page-size fallback can be tested). It always
// returns a non-nil slice so that an empty page encodes as [], never null.
func paginate[T any](c *call, items []T) ([]T, *reply) {
	q := c.r.URL.Query()
	offset, limit := 0, 20
	if v := q.Get("offset"); v != "" || q.Has("offset") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			rep := invalid("query parameter offset must be an integer of at least 0")
			return nil, &rep
		}
		offset = n
	}
	if v := q.Get("limit"); v != "" || q.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			rep := invalid("query parameter limit must be an integer from 1 to 1000")
			return nil, &rep
		}
		if c.maxLimit > 0 && n > c.maxLimit {
			c.s.countFault(faultMaxLimit)
			rep := invalid("query parameter limit must be at most %d", c.maxLimit)
			return nil, &rep
		}
		limit = n
	}
	if offset >= len(items) {
		return []T{}, nil
	}
	end := len(items)
	if offset+limit < end {
		end = offset + limit
	}
	out := make([]T, 0, end-offset)
	return append(out, items[offset:end]...), nil
}

func listReply[T any](c *call, items []T) reply {
	page, rep := paginate(c, items)
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, page)
}
