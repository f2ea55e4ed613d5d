// Package e2e drives the real thing, as a user would: the provider binary served to the Terraform
// CLI through a dev_overrides configuration, and the zenmlpro-mock binary as a separate process.
// The reliability tests, the soak run and the benchmark share it.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// Binaries are the provider and the mock, built from this checkout, and a Terraform CLI
// configuration that serves the provider from them.
type Binaries struct {
	Dir       string // holds the binaries and the CLI configuration
	Provider  string
	Mock      string
	CLIConfig string
}

// Build compiles the provider and the mock into a new temporary directory (remove it with
// os.RemoveAll(b.Dir)). repoRoot is the module's root directory.
func Build(repoRoot string) (*Binaries, error) {
	dir, err := os.MkdirTemp("", "zenmlpro-e2e-")
	if err != nil {
		return nil, err
	}
	b := &Binaries{
		Dir:       dir,
		Provider:  filepath.Join(dir, "terraform-provider-zenmlpro"),
		Mock:      filepath.Join(dir, "zenmlpro-mock"),
		CLIConfig: filepath.Join(dir, "terraform.rc"),
	}
	for _, build := range [][2]string{{b.Provider, "."}, {b.Mock, "./cmd/zenmlpro-mock"}} {
		cmd := exec.Command("go", "build", "-o", build[0], build[1])
		cmd.Dir = repoRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("go build %s: %w\n%s", build[1], err, out)
		}
	}
	config := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "zenml-io/zenmlpro" = %q
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
`, dir)
	if err := os.WriteFile(b.CLIConfig, []byte(config), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return b, nil
}

// RepoRoot finds the module root from the working directory (tests run in their package folder).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Mock is a running zenmlpro-mock process.
type Mock struct {
	URL, OrganizationID, APIKey string
	cmd                         *exec.Cmd
	stderr                      bytes.Buffer
}

var readyLine = regexp.MustCompile(`^zenmlpro-mock listening on (\S+) organization_id=(\S+) api_key=(\S+)$`)

// StartMock runs the mock binary on a free port with args and waits for its ready line.
func StartMock(bin string, args ...string) (*Mock, error) {
	m := &Mock{}
	m.cmd = exec.Command(bin, append([]string{"--listen", "127.0.0.1:0"}, args...)...)
	m.cmd.Stderr = &m.stderr
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := m.cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case line := <-lines:
		match := readyLine.FindStringSubmatch(line)
		if match == nil {
			_ = m.Stop()
			return nil, fmt.Errorf("unexpected first line from zenmlpro-mock: %q (stderr: %s)", line, m.stderr.String())
		}
		m.URL, m.OrganizationID, m.APIKey = match[1], match[2], match[3]
		return m, nil
	case <-time.After(15 * time.Second):
		_ = m.Stop()
		return nil, fmt.Errorf("zenmlpro-mock was not ready within 15 s (stderr: %s)", m.stderr.String())
	}
}

// Stop ends the mock with SIGTERM and waits for it.
func (m *Mock) Stop() error {
	if m.cmd.Process == nil {
		return nil
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- m.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		return errors.New("zenmlpro-mock did not stop within 10 s of SIGTERM")
	}
}

// call sends a request to the mock (its /_mock/ endpoints need no token) and decodes the answer.
func (m *Mock) call(method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, m.URL+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode > 299 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, raw)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// State returns every object the mock holds.
func (m *Mock) State() (*mockcontrolplane.State, error) {
	var s mockcontrolplane.State
	return &s, m.call(http.MethodGet, "/_mock/state", nil, &s)
}

// Stats returns the request counters.
func (m *Mock) Stats() (*mockcontrolplane.Stats, error) {
	var s mockcontrolplane.Stats
	return &s, m.call(http.MethodGet, "/_mock/stats", nil, &s)
}

// ResetStats zeroes the request counters.
func (m *Mock) ResetStats() error { return m.call(http.MethodDelete, "/_mock/stats", nil, nil) }

// SetFaults replaces the fault settings (body as for PUT /_mock/faults).
func (m *Mock) SetFaults(faults map[string]any) error {
	return m.call(http.MethodPut, "/_mock/faults", faults, nil)
}

// AddOrganization creates an organization with its own admin key.
func (m *Mock) AddOrganization(name string) (orgID, apiKey string, err error) {
	var out struct {
		Organization struct {
			ID string `json:"id"`
		} `json:"organization"`
		APIKey string `json:"api_key"`
	}
	err = m.call(http.MethodPost, "/_mock/organizations", map[string]string{"name": name}, &out)
	return out.Organization.ID, out.APIKey, err
}

// AddUser creates a user who is a member of the organization ("" = the seeded one).
func (m *Mock) AddUser(email, orgID string) error {
	body := map[string]string{"email": email}
	if orgID != "" {
		body["organization_id"] = orgID
	}
	return m.call(http.MethodPost, "/_mock/users", body, nil)
}

// Terraform runs the Terraform CLI in one working directory with the provider served from the
// built binaries and the mock's credentials in the environment.
type Terraform struct {
	Dir string
	Env []string
}

// NewTerraform writes files (name → content) into a new directory under parent and prepares the
// environment: the CLI configuration and ZENML_PRO_* for mock, plus extra "KEY=value" entries.
func NewTerraform(parent string, b *Binaries, mock *Mock, files map[string]string, extra ...string) (*Terraform, error) {
	dir, err := os.MkdirTemp(parent, "config-")
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			return nil, err
		}
	}
	env := []string{
		"TF_CLI_CONFIG_FILE=" + b.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"ZENML_PRO_API_URL=" + mock.URL,
		"ZENML_PRO_API_KEY=" + mock.APIKey,
		"ZENML_PRO_ORGANIZATION_ID=" + mock.OrganizationID,
	}
	return &Terraform{Dir: dir, Env: append(env, extra...)}, nil
}

// Result is what one Terraform command printed and how it ended.
type Result struct {
	Stdout, Stderr string
	ExitCode       int
	Duration       time.Duration
}

// Run runs terraform with args. A non-zero exit is not an error here: callers judge ExitCode
// (plan -detailed-exitcode exits 2 for "changes").
func (tf *Terraform) Run(ctx context.Context, args ...string) (*Result, error) {
	cmd := exec.CommandContext(ctx, "terraform", args...)
	cmd.Dir = tf.Dir
	cmd.Env = append(cleanEnv(), tf.Env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := &Result{Stdout: stdout.String(), Stderr: stderr.String(), Duration: time.Since(start)}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		res.ExitCode = exit.ExitCode()
		return res, nil
	}
	return res, err
}

// MustSucceed turns a failed command into an error carrying its output.
func (r *Result) MustSucceed(what string) error {
	if r.ExitCode != 0 {
		return fmt.Errorf("%s exited %d:\n%s\n%s", what, r.ExitCode, tail(r.Stdout, 40), tail(r.Stderr, 40))
	}
	return nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// cleanEnv is the process environment without the variables that would change what Terraform or
// the provider do behind the test's back.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "ZENML_PRO_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}
