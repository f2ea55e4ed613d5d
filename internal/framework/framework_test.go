package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validate runs v on s and returns the error detail ("" when valid).
func validate(v validator.String, s string) string {
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root("attr"), ConfigValue: types.StringValue(s),
	}, &resp)
	if !resp.Diagnostics.HasError() {
		return ""
	}
	return resp.Diagnostics.Errors()[0].Detail()
}

func TestValidators(t *testing.T) {
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	tests := []struct {
		name    string
		v       validator.String
		value   string
		wantErr string // "" = valid
	}{
		{"uuid", UUID(), "123e4567-e89b-12d3-a456-426614174000", ""},
		{"uuid upper", UUID(), "123E4567-E89B-12D3-A456-426614174000", "is not a UUID"},
		{"uuid short", UUID(), "123e4567", "is not a UUID"},
		{"domain", Domain(), "corp.example.com", ""},
		{"domain scheme", Domain(), "https://example.com", "no scheme, path, port or wildcard"},
		{"domain upper", Domain(), "Example.com", `"Example.com" must be written in lowercase: use "example.com"`},
		{"domain bare", Domain(), "localhost", "is not a domain name"},
		{"domain wildcard", Domain(), "*.example.com", "is not a domain name"},
		{"email", Email(), "ann@example.com", ""},
		{"email no at", Email(), "ann.example.com", "Use the form name@example.com"},
		{"email no tld", Email(), "ann@example", "is not an email address"},
		{"workspace name", WorkspaceName(), "ml-platform-1", ""},
		{"workspace upper", WorkspaceName(), "ML_Platform", `(for example "ml-platform")`},
		{"workspace digit", WorkspaceName(), "1st", `is not a valid workspace name`},
		{"workspace long", WorkspaceName(), strings.Repeat("a", 51), "1 to 50"},
		{"organization name", OrganizationName(), "Acme Corp.", ""},
		{"organization bad", OrganizationName(), "-acme", "starting with a letter or digit"},
		{"identifier", IdentifierName(), "ci.bot-1", ""},
		{"identifier space", IdentifierName(), "ci bot", "(no spaces)"},
		{"display name", DisplayName(10), "Platform", ""},
		{"display empty", DisplayName(10), "", "must not be empty"},
		{"display long", DisplayName(10), "Platform team", "the limit is 10"},
		{"display trailing", DisplayName(10), "Platform ", "trailing white space"},
		{"display newline", DisplayName(10), "a\nb", "control character"},
		{"max length", MaxLength(3), "abcd", "the limit is 3"},
		{"https", HTTPSURL(), "https://login.example.com/oauth2", ""},
		{"https http", HTTPSURL(), "http://login.example.com", "must be reached over https (https://login.example.com)"},
		{"https relative", HTTPSURL(), "/oauth2", "is not an absolute URL"},
		{"http url", HTTPURL(), "http://127.0.0.1:8080", ""},
		{"http url query", HTTPURL(), "https://x.example.com/?a=b", "must not carry a query"},
		{"http url ftp", HTTPURL(), "ftp://x.example.com", "is not an absolute http(s) URL"},
		{"duration", Duration(), "90s", ""},
		{"duration unitless", Duration(), "60", "is not a positive duration"},
		{"duration zero", Duration(), "0s", "is not a positive duration"},
		{"timestamp", Timestamp(), future, ""},
		{"timestamp bad", Timestamp(), "2030-01-31", "is not an RFC 3339 timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validate(tt.v, tt.value)
			if tt.wantErr == "" && got != "" {
				t.Fatalf("%q: unexpected error %q", tt.value, got)
			}
			if tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
				t.Fatalf("%q: error %q, want it to contain %q", tt.value, got, tt.wantErr)
			}
		})
	}
}

func TestValidatorsSkipNullAndUnknown(t *testing.T) {
	for _, v := range []types.String{types.StringNull(), types.StringUnknown()} {
		var resp validator.StringResponse
		UUID().ValidateString(context.Background(), validator.StringRequest{Path: path.Root("a"), ConfigValue: v}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v: %v", v, resp.Diagnostics)
		}
	}
}

func TestInPast(t *testing.T) {
	if !InPast("2001-01-01T00:00:00Z") || InPast(time.Now().Add(time.Minute).Format(time.RFC3339)) || InPast("garbage") {
		t.Error("InPast")
	}
}

func TestSuggestWorkspaceName(t *testing.T) {
	for in, want := range map[string]string{
		"My Workspace": "my-workspace", "ML_Platform.Prod": "ml-platform-prod", "123abc": "abc", "42": "ws-42",
		strings.Repeat("ab", 40): strings.Repeat("ab", 25),
	} {
		if got := suggestWorkspaceName(in); got != want {
			t.Errorf("suggestWorkspaceName(%q) = %q, want %q", in, got, want)
		}
		if got := suggestWorkspaceName(in); validate(WorkspaceName(), got) != "" {
			t.Errorf("the suggestion %q for %q is itself invalid", got, in)
		}
	}
}

func TestSplitImportID(t *testing.T) {
	var diags diag.Diagnostics
	if got := SplitImportID("a/b", 2, "<x>/<y>", &diags); len(got) != 2 || diags.HasError() {
		t.Fatalf("a/b: %v %v", got, diags)
	}
	for _, bad := range []string{"a", "a/b/c", "a/", "/b"} {
		var diags diag.Diagnostics
		if got := SplitImportID(bad, 2, "<x>/<y>", &diags); got != nil || !strings.Contains(diags.Errors()[0].Detail(), "does not have the form <x>/<y>") {
			t.Errorf("%q: %v %v", bad, got, diags)
		}
	}
}

func TestDeletionProtected(t *testing.T) {
	var diags diag.Diagnostics
	if !DeletionProtected(types.BoolValue(true), "workspace", "w", &diags) || !strings.Contains(diags.Errors()[0].Detail(), "set deletion_protection = false") {
		t.Errorf("protected: %v", diags)
	}
	diags = nil
	if DeletionProtected(types.BoolValue(false), "workspace", "w", &diags) || diags.HasError() {
		t.Errorf("unprotected: %v", diags)
	}
}

func TestRefuseProtectedReplace(t *testing.T) {
	var diags diag.Diagnostics
	if !RefuseProtectedReplace(types.BoolValue(true), "workspace", "w", "name", types.StringValue("a"), types.StringUnknown(), "", &diags) {
		t.Fatal("a protected replacement was not refused")
	}
	if d := diags.Errors()[0]; !strings.Contains(d.Detail(), `Changing name from "a" to a value known only after apply replaces the workspace`) ||
		!strings.Contains(d.Summary(), "deletion protection is on") {
		t.Errorf("diagnostic = %s: %s", d.Summary(), d.Detail())
	}
	diags = nil
	if RefuseProtectedReplace(types.BoolValue(false), "workspace", "w", "name", types.StringValue("a"), types.StringValue("b"), "", &diags) || diags.HasError() {
		t.Errorf("unprotected: %v", diags)
	}
}

// memPrivate is an in-memory private state.
type memPrivate map[string][]byte

func (m memPrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return m[key], nil
}
func (m memPrivate) SetKey(_ context.Context, key string, v []byte) diag.Diagnostics {
	m[key] = v
	return nil
}

var errNotFound = errors.New("404")

func isNotFound(err error) bool { return errors.Is(err, errNotFound) }

func TestReadTolerant(t *testing.T) {
	ctx := context.Background()

	// Just created: a 404 is taken for lag, and the read is retried until it succeeds.
	private := memPrivate{}
	MarkCreated(ctx, private)
	var calls atomic.Int32
	err := ReadTolerant(ctx, private, isNotFound, func(context.Context) error {
		if calls.Add(1) < 3 {
			return errNotFound
		}
		return nil
	})
	if err != nil || calls.Load() != 3 {
		t.Fatalf("just created: err %v after %d calls, want success after 3", err, calls.Load())
	}

	// Created long ago (or never marked): a 404 is final at once.
	for name, p := range map[string]PrivateState{"old": memPrivate{createdAtKey: []byte(`"2001-01-01T00:00:00Z"`)}, "unmarked": memPrivate{}, "nil": nil} {
		calls.Store(0)
		err := ReadTolerant(ctx, p, isNotFound, func(context.Context) error { calls.Add(1); return errNotFound })
		if !isNotFound(err) || calls.Load() != 1 {
			t.Errorf("%s: err %v after %d calls, want 404 after 1", name, err, calls.Load())
		}
	}

	// Other errors are never retried.
	calls.Store(0)
	other := errors.New("boom")
	if err := ReadTolerant(ctx, private, isNotFound, func(context.Context) error { calls.Add(1); return other }); !errors.Is(err, other) || calls.Load() != 1 {
		t.Errorf("other error: %v after %d calls", err, calls.Load())
	}

	// The retries stop when the window closes: a real deletion is eventually accepted.
	private = memPrivate{}
	stamp := time.Now().Add(-ConsistencyWindow + 500*time.Millisecond).UTC().Format(time.RFC3339Nano)
	private[createdAtKey] = []byte(`"` + stamp + `"`)
	start := time.Now()
	if err := ReadTolerant(ctx, private, isNotFound, func(context.Context) error { return errNotFound }); !isNotFound(err) {
		t.Errorf("gone: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("retried %v beyond the window", d)
	}
}

func TestPoll(t *testing.T) {
	var n atomic.Int32
	err := Poll(context.Background(), time.Millisecond, 4*time.Millisecond, "x", func(context.Context) (bool, error) { return n.Add(1) == 4, nil })
	if err != nil || n.Load() != 4 {
		t.Errorf("Poll: %v after %d", err, n.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err = Poll(ctx, time.Millisecond, 2*time.Millisecond, "the thing", func(context.Context) (bool, error) { return false, nil })
	if err == nil || !strings.Contains(err.Error(), "timed out waiting for the thing") {
		t.Errorf("timeout: %v", err)
	}
}

// notServedErr stands for the client's error about a route the API does not have.
type notServedErr struct{ call string }

func (e notServedErr) Error() string   { return "the control plane does not serve " + e.call }
func (e notServedErr) NotServed() bool { return true }
func (e notServedErr) Call() string    { return e.call }

func TestAddAPIErrorNotServed(t *testing.T) {
	var diags diag.Diagnostics
	AddAPIError(&diags, "Error creating SSO configuration", "Could not configure SSO of organization o-1",
		fmt.Errorf("wrapped: %w", notServedErr{"PUT /organizations/o-1/sso"}))
	if len(diags) != 1 {
		t.Fatalf("diagnostics = %v, want one", diags)
	}
	summary, detail := diags[0].Summary(), diags[0].Detail()
	if !strings.HasPrefix(summary, "Not served by this control plane") ||
		!strings.Contains(summary, "PUT /organizations/o-1/sso") || !strings.Contains(summary, "creating SSO configuration") {
		t.Errorf("summary = %q", summary)
	}
	for _, want := range []string{"Could not configure SSO of organization o-1", "API coverage", "zenmlpro-conformance"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q: %s", want, detail)
		}
	}
	diags = nil
	AddAPIError(&diags, "Error reading team", "Could not read team t-1", errors.New("team not found (HTTP 404)"))
	if diags[0].Summary() != "Error reading team" {
		t.Errorf("an ordinary error changed its summary: %q", diags[0].Summary())
	}
}
