package client

import (
	"net/http"
	"strings"
	"testing"
)

func TestParseAPIURL(t *testing.T) {
	good := []struct{ in, want string }{
		{"https://cloudapi.zenml.io", "https://cloudapi.zenml.io"},
		{"https://cloudapi.zenml.io/", "https://cloudapi.zenml.io"},
		{"https://zenml.example.com/api/v1", "https://zenml.example.com/api/v1"},
		{"https://zenml.example.com/api/v1/", "https://zenml.example.com/api/v1"},
		{"https://zenml.example.com/api/v1///", "https://zenml.example.com/api/v1"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"HTTPS://Cloudapi.zenml.io", "https://Cloudapi.zenml.io"},
	}
	for _, tt := range good {
		u, err := ParseAPIURL(tt.in)
		if err != nil {
			t.Errorf("ParseAPIURL(%q): %v", tt.in, err)
			continue
		}
		if u.String() != tt.want {
			t.Errorf("ParseAPIURL(%q) = %q, want %q", tt.in, u, tt.want)
		}
	}

	bad := []struct {
		in        string
		want      string
		forbidden string // must not appear in the message
	}{
		{"", "must be an absolute http or https URL such as https://cloudapi.zenml.io", ""},
		{"cloudapi.zenml.io", "must be an absolute http or https URL", ""},
		{"cloudapi.zenml.io:443", "must be an absolute http or https URL", ""},
		{"/api/v1", "must be an absolute http or https URL", ""},
		{"ftp://cloudapi.zenml.io", "must be an absolute http or https URL", ""},
		{"https://", "must be an absolute http or https URL", ""},
		{"https:///api/v1", "must be an absolute http or https URL", ""},
		{"https://cloudapi.zenml.io?region=eu", "must not carry a query or fragment", ""},
		{"https://cloudapi.zenml.io/#top", "must not carry a query or fragment", ""},
		{"https://cloudapi zenml.io", "is not a valid URL", ""},
		{"https://cloudapi.zenml.io/%zz", "is not a valid URL", ""},
		{"https://bot:ZENPROKEY_inurl@cloudapi.zenml.io", "must not carry credentials", "ZENPROKEY_inurl"},
		{"https://ZENPROKEY_asuser@cloudapi.zenml.io", "must not carry credentials", "ZENPROKEY_asuser"},
	}
	for _, tt := range bad {
		_, err := ParseAPIURL(tt.in)
		if err == nil {
			t.Errorf("ParseAPIURL(%q) accepted", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "api_url ") {
			t.Errorf("ParseAPIURL(%q) = %q, want it to say %q", tt.in, err, tt.want)
		}
		if tt.forbidden != "" && strings.Contains(err.Error(), tt.forbidden) {
			t.Errorf("ParseAPIURL(%q) error %q echoes %q", tt.in, err, tt.forbidden)
		}
	}
}

func TestNewValidatesConfig(t *testing.T) {
	c, err := New(Config{APIKey: testAPIKey})
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != DefaultAPIURL {
		t.Errorf("default BaseURL = %q", c.BaseURL())
	}
	timeout := c.http.HTTPClient.Transport.(*loggingTransport).timeout
	if c.http.RetryMax != DefaultMaxRetries || c.http.RetryWaitMin != DefaultRetryWaitMin ||
		c.http.RetryWaitMax != DefaultRetryWaitMax || timeout != DefaultRequestTimeout {
		t.Errorf("defaults: retries %d, waits %v..%v, timeout %v", c.http.RetryMax, c.http.RetryWaitMin,
			c.http.RetryWaitMax, timeout)
	}
	c, err = New(Config{APIKey: testAPIKey, RetryWaitMin: 2e9, RetryWaitMax: 1e9})
	if err != nil || c.http.RetryWaitMax != c.http.RetryWaitMin {
		t.Errorf("RetryWaitMax below RetryWaitMin: %v, %v", c.http.RetryWaitMax, err)
	}
	if _, err := New(Config{APIURL: "https://cloudapi.zenml.io"}); err == nil || !strings.Contains(err.Error(), "no API key") {
		t.Errorf("no key: err = %v", err)
	}
	if _, err := New(Config{APIURL: "cloudapi.zenml.io", APIKey: testAPIKey}); err == nil || !strings.Contains(err.Error(), "absolute") {
		t.Errorf("bad URL: err = %v", err)
	}
}

func TestAPIURLPathPrefix(t *testing.T) {
	tests := []struct {
		name, prefix, suffix string
	}{
		{"no prefix", "", ""},
		{"no prefix, trailing slash", "", "/"},
		{"prefix", "/api/v1", "/api/v1"},
		{"prefix, trailing slash", "/api/v1", "/api/v1/"},
		{"prefix, two trailing slashes", "/api/v1", "/api/v1//"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, teamHandler, withPrefix(tt.prefix))
			c := newTestClient(t, f, func(cfg *Config) { cfg.APIURL = f.srv.URL + tt.suffix })
			if want := f.srv.URL + tt.prefix; c.BaseURL() != want {
				t.Errorf("BaseURL = %q, want %q", c.BaseURL(), want)
			}
			if _, err := c.GetTeam(testCtx(t), "t-1"); err != nil {
				t.Fatalf("GetTeam: %v", err)
			}
			logins, calls := f.loginRequests(), f.apiRequests()
			if len(logins) != 1 || len(calls) != 1 {
				t.Fatalf("logins %d, calls %d; want 1 and 1 (a request outside the prefix answers 404)", len(logins), len(calls))
			}
			// The fake strips exactly the prefix; the full path on the wire must be prefix + path.
			if got := calls[0].Path; got != "/teams/t-1" {
				t.Errorf("API path = %q", got)
			}
			if got := logins[0].Path; got != "/auth/login" {
				t.Errorf("login path = %q", got)
			}
		})
	}
}

func TestPathParametersEscapedOnce(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": "o-1", "name": "My Org"})
	}, withPrefix("/api/v1"))
	c := newTestClient(t, f)
	ctx := testCtx(t)

	tests := []struct {
		idOrName, wantPath, wantRaw string
	}{
		{"My Org", "/organizations/My Org", "/organizations/My%20Org"},
		{"a/b", "/organizations/a/b", "/organizations/a%2Fb"},
		{"100%", "/organizations/100%", "/organizations/100%25"},
		{"0f8fad5b-d9cb-469f-a165-70867728950e", "/organizations/0f8fad5b-d9cb-469f-a165-70867728950e", "/organizations/0f8fad5b-d9cb-469f-a165-70867728950e"},
	}
	for _, tt := range tests {
		if _, err := c.GetOrganization(ctx, tt.idOrName); err != nil {
			t.Fatalf("GetOrganization(%q): %v", tt.idOrName, err)
		}
		calls := f.apiRequests()
		got := calls[len(calls)-1]
		if got.Path != tt.wantPath || got.RawPath != tt.wantRaw {
			t.Errorf("GetOrganization(%q) reached %q (escaped %q), want %q (escaped %q)",
				tt.idOrName, got.Path, got.RawPath, tt.wantPath, tt.wantRaw)
		}
	}
}
