package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

const testWorkspaceID = "5b1f2c4e-0000-4000-8000-000000000001"

var testServer = WorkspaceServer{WorkspaceID: testWorkspaceID, Version: "0.98.0", URL: "https://zen.example.com"}

// TestWorkspaceServerLogin: the login ZenML's server sends (public: cloud_utils.py): the
// client_credentials form with the audience, and the three zenml-server-* headers.
func TestWorkspaceServerLogin(t *testing.T) {
	f := newFakeAPI(t, userHandler, withPrefix("/api/v1"))
	c := newTestClient(t, f)
	tok, err := c.WorkspaceServerLogin(testCtx(t), testServer, testEnrollmentKey)
	if err != nil || tok.AccessToken != "tok.1.Zs3cr3t" {
		t.Fatalf("login = %+v, %v", tok, err)
	}
	login := f.loginRequests()[0]
	form := login.Form
	if form.Get("grant_type") != "client_credentials" || form.Get("client_id") != testWorkspaceID ||
		form.Get("client_secret") != testEnrollmentKey || form.Get("audience") != f.URL() || form.Has("password") {
		t.Errorf("form = %v, want the audience %s", form, f.URL())
	}
	for name, want := range map[string]string{HeaderServerID: testWorkspaceID, HeaderServerVersion: "0.98.0",
		HeaderServerURL: "https://zen.example.com", "Content-Type": "application/x-www-form-urlencoded"} {
		if got := login.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}

	_, err = c.WorkspaceServerLogin(testCtx(t), WorkspaceServer{WorkspaceID: testWorkspaceID, Version: "0.98.0"}, "ZENENROLL_wrong")
	var loginErr *LoginError
	if !errors.As(err, &loginErr) || loginErr.APIError.StatusCode != http.StatusUnauthorized || strings.Contains(err.Error(), "ZENENROLL_wrong") {
		t.Fatalf("wrong enrollment key: %v", err)
	}
	if f.loginRequests()[1].Header.Values(HeaderServerURL) != nil {
		t.Error("zenml-server-url is sent only when set")
	}
}

// TestReportWorkspaceStatus: the status report is a PATCH with no body and the server's headers.
func TestReportWorkspaceStatus(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": testWorkspaceID, "status": "available",
			"zenml_service": map[string]any{"status": map[string]any{"server_url": "https://zen.example.com", "version": "0.98.0"}}})
	})
	const tok = "server.token.Zs3cr3t"
	f.addToken(tok)
	c := newTestClient(t, f, func(cfg *Config) { cfg.APIKey, cfg.AccessToken = "", tok })
	w, err := c.ReportWorkspaceStatus(testCtx(t), testServer)
	if err != nil || w.Status != WorkspaceStatusAvailable || w.ZenMLService.Status.Version != "0.98.0" {
		t.Fatalf("report = %+v, %v", w, err)
	}
	r := f.apiRequests()[0]
	if r.Method != http.MethodPatch || r.Path != "/workspace_status" || r.Body != "" || r.Header.Get("Content-Type") != "" {
		t.Errorf("request %s %s with body %q (Content-Type %q), want a PATCH without a body", r.Method, r.Path, r.Body, r.Header.Get("Content-Type"))
	}
	if r.Header.Get(HeaderServerID) != testWorkspaceID || r.Header.Get(HeaderServerVersion) != "0.98.0" ||
		r.Header.Get(HeaderServerURL) != "https://zen.example.com" || r.auth() != "Bearer "+tok {
		t.Errorf("headers %v", r.Header)
	}
}
