package client

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const requestLogMessage = "ZenML Pro API request"

func TestLogsMaskSecretsAndDescribeEachAttempt(t *testing.T) {
	const (
		echoedKey     = "ZENPROKEY_echoed0in0detail"
		newKeyValue   = "ZENPROKEY_fresh0key0value"
		rotatedValue  = "ZENPROKEY_rotated0key0value"
		enrollmentKey = "hybrid0enroll0key0without0prefix" // enrollment keys have no promised prefix
		ssoSecret     = "oidc-client-secret-42"
		inviteeEmail  = "private.person@example.com"
	)
	var retryHits atomic.Int32
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/teams/echo":
			// An error detail that echoes secrets: the key and the caller's bearer token.
			writeDetail(w, http.StatusBadRequest, "refused "+echoedKey+" with "+r.Header.Get("Authorization"))
		case r.URL.Path == "/teams/flaky":
			if retryHits.Add(1) == 1 {
				writeDetail(w, http.StatusServiceUnavailable, "try again")
				return
			}
			teamHandler(w, r)
		case r.URL.Path == "/workspaces":
			writeJSON(w, http.StatusCreated, map[string]any{"id": "w-1", "name": "prod", "enrollment_key": enrollmentKey})
		case r.URL.Path == "/organizations/o-1/service_accounts/sa-1/api_keys":
			writeJSON(w, http.StatusCreated, map[string]any{"id": "k-1", "name": "ci", "key": newKeyValue})
		case strings.HasSuffix(r.URL.Path, "/rotate"):
			writeJSON(w, http.StatusOK, map[string]any{"id": "k-1", "name": "ci", "key": rotatedValue})
		case r.URL.Path == "/organizations/o-1/sso":
			writeJSON(w, http.StatusOK, map[string]any{"enabled": true, "client_secret_set": true})
		default:
			writeJSON(w, http.StatusOK, []any{})
		}
	})
	c := newTestClient(t, f)
	var buf syncBuffer
	ctx := tflogtest.RootLogger(testCtx(t), &buf)

	_, err := c.GetTeam(ctx, "echo")
	if err == nil || !strings.Contains(err.Error(), echoedKey) {
		t.Fatalf("GetTeam(echo) = %v, want the 400 with its detail", err)
	}
	if _, err := c.GetTeam(ctx, "flaky"); err != nil {
		t.Fatal(err)
	}
	w, err := c.CreateWorkspace(ctx, WorkspaceCreate{Name: "prod", OrganizationID: "o-1"})
	if err != nil || w.EnrollmentKey != enrollmentKey {
		t.Fatalf("CreateWorkspace = %+v, %v", w, err)
	}
	k, err := c.CreateAPIKey(ctx, "o-1", "sa-1", APIKeyCreate{Name: "ci"})
	if err != nil || k.Key != newKeyValue {
		t.Fatalf("CreateAPIKey = %+v, %v", k, err)
	}
	if k, err = c.RotateAPIKey(ctx, "o-1", "sa-1", "k-1", 60); err != nil || k.Key != rotatedValue {
		t.Fatalf("RotateAPIKey = %+v, %v", k, err)
	}
	secret := ssoSecret
	if _, err := c.PutSSO(ctx, "o-1", SSOUpdate{Enabled: true, ClientID: "cid", ClientSecret: &secret, Scopes: []string{"openid"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListInvitations(ctx, "o-1", inviteeEmail, false); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WorkspaceServerLogin(ctx, WorkspaceServer{WorkspaceID: "w-1", Version: "0.98.0"}, testEnrollmentKey); err != nil {
		t.Fatal(err)
	}

	out := buf.String()
	secrets := append([]string{testAPIKey, testEnrollmentKey, echoedKey, newKeyValue, rotatedValue, enrollmentKey,
		ssoSecret, inviteeEmail, "Zs3cr3t"}, f.issuedTokens()...)
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log contains %q", s)
		}
	}

	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var requestLines []map[string]any
	for _, e := range entries {
		if e["@message"] == requestLogMessage {
			requestLines = append(requestLines, e)
		}
	}
	wantLines := len(f.loginRequests()) + len(f.apiRequests())
	if len(requestLines) != wantLines {
		t.Fatalf("request log lines = %d, want one per attempt (%d)\n%s", len(requestLines), wantLines, out)
	}
	for _, e := range requestLines {
		for _, field := range []string{"method", "path", "status", "duration_ms", "attempt"} {
			if _, ok := e[field]; !ok {
				t.Errorf("log line %v lacks %q", e, field)
			}
		}
		if e["@level"] != "debug" {
			t.Errorf("log line level = %v, want debug", e["@level"])
		}
		if p, _ := e["path"].(string); strings.Contains(p, "?") || strings.Contains(p, "://") {
			t.Errorf("path %q is not the bare API path", p)
		}
	}

	// The attempts of the retried call are numbered, with their statuses.
	var flaky []map[string]any
	for _, e := range requestLines {
		if e["path"] == "/teams/flaky" {
			flaky = append(flaky, e)
		}
	}
	if len(flaky) != 2 {
		t.Fatalf("log lines for /teams/flaky = %d, want 2", len(flaky))
	}
	for i, want := range []struct{ attempt, status float64 }{{1, 503}, {2, 200}} {
		if flaky[i]["attempt"] != want.attempt || flaky[i]["status"] != want.status || flaky[i]["method"] != "GET" {
			t.Errorf("flaky attempt %d logged as %v", i+1, flaky[i])
		}
	}
	// The first line is the login, without its form.
	if requestLines[0]["path"] != "/auth/login" || requestLines[0]["method"] != "POST" || requestLines[0]["status"] != float64(200) {
		t.Errorf("first line = %v, want the login", requestLines[0])
	}
}

func TestTransportErrorLogged(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, _ *http.Request) { hangUp(w) }, withoutKeepAlive())
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxRetries = 1 })
	var buf syncBuffer
	ctx := tflogtest.RootLogger(testCtx(t), &buf)
	if _, err := c.GetTeam(ctx, "t-1"); err == nil {
		t.Fatal("no error")
	}
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}
	var failed int
	for _, e := range entries {
		if e["@message"] == requestLogMessage && e["path"] == "/teams/t-1" {
			if _, hasStatus := e["status"]; hasStatus || e["error"] == nil || e["duration_ms"] == nil {
				t.Errorf("failed attempt logged as %v, want an error and no status", e)
			}
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("logged attempts = %d, want 2", failed)
	}
}

func TestMaskSecretsContext(t *testing.T) {
	f := newFakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"id": "w-1", "enrollment_key": "plain0enrollment0key0value"})
	})
	c := newTestClient(t, f)
	// The client learns the enrollment key from the API's answer: it has no shape to match.
	if _, err := c.CreateWorkspace(testCtx(t), WorkspaceCreate{Name: "prod", OrganizationID: "o-1"}); err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	ctx := c.maskSecrets(tflogtest.RootLogger(context.Background(), &buf))
	tflog.Debug(ctx, "login with ZENPROKEY_abc123 and bearer eyJhbGci.payload.sig, key plain0enrollment0key0value", map[string]any{
		"detail":     "enrollment key plain0enrollment0key0value rejected",
		"header":     "Bearer tok.1.Zs3cr3t",
		"api_key":    testAPIKey,
		"harmless":   "team platform",
		"api_key_id": "0f8fad5b-d9cb-469f-a165-70867728950e",
	})
	out := buf.String()
	for _, s := range []string{"ZENPROKEY_abc123", "eyJhbGci", "plain0enrollment0key0value", "tok.1.Zs3cr3t", testAPIKey} {
		if strings.Contains(out, s) {
			t.Errorf("masked log contains %q: %s", s, out)
		}
	}
	for _, s := range []string{"team platform", "0f8fad5b-d9cb-469f-a165-70867728950e", "***"} {
		if !strings.Contains(out, s) {
			t.Errorf("masked log lacks %q: %s", s, out)
		}
	}
}
