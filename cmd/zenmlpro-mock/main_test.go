package main

import (
	"bufio"
	"bytes"
	"encoding/json"
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

// TestBinary builds the command, runs it on a free port, calls the API, stops it with SIGTERM and
// checks the exit status and the saved state: the contract scripts and users' CI rely on.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zenmlpro-mock")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	state := filepath.Join(dir, "state.json")
	cmd := exec.Command(bin, "--listen", "127.0.0.1:0", "--api-key", "ZENPROKEY_cli", "--organization", "cli-org",
		"--user", "ann@example.com", "--state", state, "--provision-delay", "0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	lines := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var m []string
	select {
	case line := <-lines:
		if m = readyLine.FindStringSubmatch(line); m == nil {
			t.Fatalf("ready line %q", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no ready line; stderr: %s", stderr.String())
	}
	base, orgID, key := m[1], m[2], m[3]
	if key != "ZENPROKEY_cli" {
		t.Fatalf("api_key %q", key)
	}

	resp, err := http.PostForm(base+"/auth/login", url.Values{"password": {key}})
	if err != nil {
		t.Fatal(err)
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	req, _ := http.NewRequest("POST", base+"/workspaces", strings.NewReader(`{"name":"cli-ws","organization_id":"`+orgID+`"}`))
	req.Header.Set("Authorization", "Bearer "+login.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ws map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&ws)
	resp.Body.Close()
	if resp.StatusCode != 201 || ws["status"] != "available" {
		t.Fatalf("create workspace: %d %v (--provision-delay 0 means available at once)", resp.StatusCode, ws)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v; stderr: %s", err, stderr.String())
	}
	for extra := range lines {
		t.Fatalf("more output on stdout: %q", extra)
	}
	data, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Organizations []struct{ ID, Name string }
		Workspaces    []struct{ Name string }
	}
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatalf("state file: %v", err)
	}
	if len(saved.Organizations) != 1 || saved.Organizations[0].ID != orgID || len(saved.Workspaces) != 1 {
		t.Fatalf("saved state %+v", saved)
	}
	if strings.Contains(string(data), "ZENPROKEY_cli") {
		t.Fatal("the state file holds the API key in clear")
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
		"/_mock/organizations", "/_mock/users", "/_mock/workspaces/{id}/connect", "/_mock/workspaces/{id}/fail",
		"/_mock/invitations/{id}/accept"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("--help does not mention %s", want)
		}
	}
}
