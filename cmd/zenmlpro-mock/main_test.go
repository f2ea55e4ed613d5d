package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var readyLine = regexp.MustCompile(`^zenmlpro-mock listening on (http://127\.0\.0\.1:\d+) organization_id=([0-9a-f-]{36}) api_key=(\S+)$`)

// mockProcess is a running zenmlpro-mock binary.
type mockProcess struct {
	cmd              *exec.Cmd
	lines            chan string
	stderr           *bytes.Buffer
	base, orgID, key string
}

// buildMock builds the command into a temporary directory.
func buildMock(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "zenmlpro-mock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startMock runs the binary on a free port and waits for its ready line.
func startMock(t *testing.T, bin string, args ...string) *mockProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &mockProcess{cmd: cmd, lines: make(chan string, 10), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	select {
	case line := <-p.lines:
		m := readyLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("ready line %q", line)
		}
		p.base, p.orgID, p.key = m[1], m[2], m[3]
	case <-time.After(10 * time.Second):
		t.Fatalf("no ready line; stderr: %s", p.stderr.String())
	}
	return p
}

// login returns an access token for the printed key.
func (p *mockProcess) login(t *testing.T) string {
	t.Helper()
	resp, err := http.PostForm(p.base+"/auth/login", url.Values{"password": {p.key}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var login struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&login); err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %d %v", resp.StatusCode, err)
	}
	return login.AccessToken
}

// call sends a request with the token ("" for none) and returns the status and the raw body.
func (p *mockProcess) call(t *testing.T, token, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(raw))
}

// TestBinary builds the command, runs it on a free port, calls the API, stops it with SIGTERM and
// checks the exit status and the saved state: the contract scripts and users' CI rely on.
func TestBinary(t *testing.T) {
	bin := buildMock(t)
	state := filepath.Join(t.TempDir(), "state.json")
	p := startMock(t, bin, "--api-key", "ZENPROKEY_cli", "--organization", "cli-org",
		"--user", "ann@example.com", "--state", state, "--provision-delay", "0")
	if p.key != "ZENPROKEY_cli" {
		t.Fatalf("api_key %q", p.key)
	}
	token := p.login(t)
	status, body := p.call(t, token, "POST", "/workspaces", `{"name":"cli-ws","organization_id":"`+p.orgID+`","is_managed":true}`)
	var ws map[string]any
	_ = json.Unmarshal([]byte(body), &ws)
	if status != 200 || ws["status"] != "available" {
		t.Fatalf("create workspace: %d %v (a create answers 200; --provision-delay 0 means available at once)", status, ws)
	}

	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v; stderr: %s", err, p.stderr.String())
	}
	for extra := range p.lines {
		t.Fatalf("more output on stdout: %q", extra)
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Version       int
		Organizations []struct{ ID, Name string }
		Workspaces    []struct{ Name string }
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatalf("state file: %v", err)
	}
	if saved.Version != 2 || len(saved.Organizations) != 1 || saved.Organizations[0].ID != p.orgID || len(saved.Workspaces) != 1 {
		t.Fatalf("saved state %+v", saved)
	}
	if strings.Contains(string(data), "ZENPROKEY_cli") {
		t.Fatal("the state file holds the API key in clear")
	}
}

// TestBinaryWithout: --without switches off the named groups (comma-separated, and repeated):
// their calls answer what an unknown route answers, the rest is served.
func TestBinaryWithout(t *testing.T) {
	bin := buildMock(t)
	p := startMock(t, bin, "--without", "sso,service_accounts", "--without", "team_crud")
	token := p.login(t)
	org := "/organizations/" + p.orgID
	for _, tc := range []struct{ method, path string }{
		{"GET", org + "/sso"}, {"PUT", org + "/sso"}, {"GET", org + "/service_accounts"},
		{"POST", org + "/service_accounts"}, {"POST", "/teams"},
	} {
		if status, body := p.call(t, token, tc.method, tc.path, `{}`); status != 404 || body != `{"detail":"Not Found"}` {
			t.Fatalf("%s %s: %d %s, want 404 Not Found", tc.method, tc.path, status, body)
		}
	}
	if status, _ := p.call(t, token, "GET", org+"/teams", ""); status != 200 {
		t.Fatalf("GET %s/teams: %d", org, status)
	}
	if status, body := p.call(t, token, "GET", "/users/me", ""); status != 200 || !strings.Contains(body, `"is_service_account":true`) {
		t.Fatalf("GET /users/me: %d %s", status, body)
	}
	_, stats := p.call(t, "", "GET", "/_mock/stats", "")
	if !strings.Contains(stats, `"GET /organizations/{id}/sso":{"404":1}`) {
		t.Fatalf("a switched-off call is not counted: %s", stats)
	}
}

// TestBinarySimulateServer: the built binary's simulate-server enrolls a workspace of the built
// binary's mock, configured only by the environment, and authorizes a user of it.
func TestBinarySimulateServer(t *testing.T) {
	bin := buildMock(t)
	p := startMock(t, bin, "--user", "ann@example.com")
	token := p.login(t)
	status, body := p.call(t, token, "POST", "/workspaces?enroll=true", `{"name":"sim-ws","organization_id":"`+p.orgID+`"}`)
	var ws struct {
		ID            string `json:"id"`
		EnrollmentKey string `json:"enrollment_key"`
	}
	if err := json.Unmarshal([]byte(body), &ws); err != nil || status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	_, body = p.call(t, token, "GET", "/users?email=ann@example.com", "")
	var users []struct{ ID string }
	_ = json.Unmarshal([]byte(body), &users)
	_, body = p.call(t, token, "GET", "/organizations/"+p.orgID+"/roles?name=Workspace+Viewer", "")
	var roles []struct{ ID string }
	_ = json.Unmarshal([]byte(body), &roles)
	if status, body := p.call(t, token, "POST", "/roles/"+roles[0].ID+"/assignments?user_id="+users[0].ID+"&workspace_id="+ws.ID, ""); status != 200 {
		t.Fatalf("assign: %d %s", status, body)
	}
	status, body = p.call(t, "", "POST", "/_mock/users/"+users[0].ID+"/token", "")
	var userToken struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal([]byte(body), &userToken); err != nil || status != 201 {
		t.Fatalf("user token: %d %s", status, body)
	}

	cmd := exec.Command(bin, "simulate-server")
	cmd.Env = []string{"ZENML_SERVER_DEPLOYMENT_TYPE=cloud", "ZENML_SERVER_SERVER_URL=http://127.0.0.1:8237",
		"ZENML_SERVER_PRO_API_URL=" + p.base, "ZENML_SERVER_PRO_DASHBOARD_URL=" + p.base, "ZENML_SERVER_PRO_OAUTH2_AUDIENCE=" + p.base,
		"ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET=" + ws.EnrollmentKey, "ZENML_SERVER_PRO_ORGANIZATION_ID=" + p.orgID,
		"ZENML_SERVER_PRO_WORKSPACE_ID=" + ws.ID, "ZENMLPRO_MOCK_USER_TOKEN=" + userToken.AccessToken}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("simulate-server: %v\n%s", err, out)
	}
	if lines := strings.Split(strings.TrimSpace(string(out)), "\n"); len(lines) != 4 || !strings.HasSuffix(lines[3], "read on stack is allowed") {
		t.Fatalf("simulate-server printed:\n%s", out)
	}
	_, body = p.call(t, token, "GET", "/workspaces/"+ws.ID, "")
	if !strings.Contains(body, `"status":"available"`) || !strings.Contains(body, `"server_url":"http://127.0.0.1:8237"`) {
		t.Fatalf("workspace after simulate-server: %s", body)
	}
}

func TestRunErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"--bogus"}, "bogus"},
		{"bad faults", []string{"--faults", "error_rate=2"}, "error_rate"},
		{"bad duration", []string{"--token-ttl", "soon"}, "token-ttl"},
		{"zero ttl", []string{"--token-ttl", "0s"}, "token-ttl"},
		{"bad organization", []string{"--organization", "/x"}, "organization"},
		{"port in use", []string{"--listen", busy.Addr().String()}, "address already in use"},
		{"extra argument", []string{"serve"}, "serve"},
		{"unknown group", []string{"--without", "sso,teams"}, `--without: unknown group "teams" (groups: sso, service_accounts, assignment_list, team_crud, enrollment_key_rotation, role_crud, permissions, organization_delete, user_read, invitation_read)`},
		{"bad max_limit", []string{"--faults", "max_limit=-3"}, "max_limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != 2 {
				t.Fatalf("exit %d, want 2", code)
			}
			if stdout.Len() != 0 || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("stdout %q, stderr %q (want it to mention %q)", stdout.String(), stderr.String(), tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"--help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"--listen", "--api-key", "--organization", "--user", "--state", "--faults", "--token-ttl",
		"--provision-delay", "/_mock/stats", "/_mock/state", "/_mock/reset", "/_mock/faults", "/_mock/clock",
		"/_mock/organizations", "/_mock/users", "/_mock/users/{id}/token", "/_mock/workspaces/{id}/connect", "/_mock/workspaces/{id}/fail",
		"simulate-server", "<unknown>",
		"/_mock/invitations/{id}/accept", "--without GROUP[,GROUP]", "max_limit=", "max_rps=",
		"sso ", "service_accounts ", "assignment_list ", "team_crud ", "enrollment_key_rotation ", "role_crud ",
		"permissions ", "organization_delete ", "user_read ", "invitation_read ", "GET /organizations/{id}/sso"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--help does not mention %s", want)
		}
	}
}
