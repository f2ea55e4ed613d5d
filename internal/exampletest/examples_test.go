// Package exampletest applies the documentation's examples as a reader would paste them: each
// example directory of examples/resources, examples/data-sources, examples/ephemeral-resources
// (and examples/provider), copied as it is into a working directory, applied with the provider
// binary against a fresh zenmlpro-mock, planned again (no change), and destroyed.
package exampletest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// binaries are built once for the package by TestMain when acceptance tests run.
var (
	binaries *e2e.Binaries
	repoRoot string
)

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		acctest.Main(m)
		return
	}
	var err error
	repoRoot, err = e2e.RepoRoot()
	if err == nil {
		binaries, err = e2e.Build(repoRoot)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "exampletest: building the provider and the mock:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(binaries.Dir)
	acctest.Main(m) // exits
}

// seededUsers are the organization's members the examples name (make mock seeds the first two).
var seededUsers = []string{"ann@example.com", "bob@example.com", "cy@example.com"}

// fixture is what an example expects to exist before it is applied — what its comments say was
// made in the dashboard — and the variables it asks for.
type fixture struct {
	seed func(ctx context.Context, c *client.Client, orgID string) error
	vars func(mock *e2e.Mock) []string // "TF_VAR_name=value"
}

var fixtures = map[string]fixture{
	"data-sources/zenmlpro_organization": {seed: func(ctx context.Context, c *client.Client, _ string) error {
		_, err := c.CreateOrganization(ctx, client.OrganizationCreate{Name: "acme-research"})
		return err
	}},
	"data-sources/zenmlpro_role": {seed: func(ctx context.Context, c *client.Client, orgID string) error {
		_, err := c.CreateRole(ctx, client.RoleCreate{OrganizationID: orgID, Name: "Pipeline Operator", Level: client.LevelWorkspace,
			Permissions: []string{"workspace:read", "stack:read"}})
		return err
	}},
	"data-sources/zenmlpro_service_account": {seed: func(ctx context.Context, c *client.Client, orgID string) error {
		member, err := c.ListRoles(ctx, orgID, client.LevelOrganization, "Organization Member")
		if err != nil {
			return err
		}
		if len(member) == 0 {
			return errors.New("the organization has no built-in Organization Member role")
		}
		_, err = c.CreateServiceAccount(ctx, orgID, client.ServiceAccountCreate{Name: "Model deployer", Username: "model-deployer",
			RoleID: member[0].ID})
		return err
	}},
	"data-sources/zenmlpro_team": {seed: func(ctx context.Context, c *client.Client, orgID string) error {
		_, err := c.CreateTeam(ctx, client.TeamCreate{OrganizationID: orgID, Name: "platform-admins"})
		return err
	}},
	"data-sources/zenmlpro_workspace": {seed: func(ctx context.Context, c *client.Client, orgID string) error {
		_, err := c.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "ml-platform-prod", OrganizationID: orgID})
		return err
	}},
	// The identity-provider example binds its teams' roles in a workspace someone else made.
	"resources/zenmlpro_team_members": {seed: func(ctx context.Context, c *client.Client, orgID string) error {
		_, err := c.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "production", OrganizationID: orgID})
		return err
	}},
	"resources/zenmlpro_organization": {seed: func(ctx context.Context, c *client.Client, _ string) error {
		// The SaaS organization the example adopts with an import block.
		_, err := c.CreateOrganization(ctx, client.OrganizationCreate{Name: "acme"})
		return err
	}},
	"resources/zenmlpro_sso": {vars: func(*e2e.Mock) []string {
		return []string{"TF_VAR_oidc_client_secret=example-client-secret"}
	}},
	"provider": {vars: func(mock *e2e.Mock) []string {
		return []string{"TF_VAR_organization_id=" + mock.OrganizationID}
	}},
}

// exampleDirs lists the example directories the docs render, relative to examples/.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	dirs := []string{"provider"}
	for _, kind := range []string{"resources", "data-sources", "ephemeral-resources"} {
		entries, err := os.ReadDir(filepath.Join(repoRoot, "examples", kind))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				dirs = append(dirs, kind+"/"+e.Name())
			}
		}
	}
	sort.Strings(dirs)
	return dirs
}

// TestAccExamples applies every example directory, as pasted, against a fresh mock: apply, an
// empty second plan, and destroy, after which the mock holds what it held before the apply.
// (The zenmlpro_role_binding example used to refer to seven objects it did not declare.)
func TestAccExamples(t *testing.T) {
	if binaries == nil {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	if acctest.RealControlPlane() {
		t.Skip("the examples are applied against the mock binary only")
	}
	dirs := exampleDirs(t)
	known := map[string]bool{}
	for _, d := range dirs {
		known[d] = true
	}
	for name := range fixtures {
		if !known[name] {
			t.Errorf("fixture for %s, which is no example directory", name)
		}
	}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			applyExample(t, dir)
		})
	}
}

func applyExample(t *testing.T, dir string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"--provision-delay", "1s"}
	for _, u := range seededUsers {
		args = append(args, "--user", u)
	}
	mock, err := e2e.StartMock(binaries.Mock, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := mock.Stop(); err != nil {
			t.Errorf("stopping the mock: %v", err)
		}
	})
	f := fixtures[dir]
	if f.seed != nil {
		c, err := client.New(client.Config{APIURL: mock.URL, APIKey: mock.APIKey})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.seed(ctx, c, mock.OrganizationID); err != nil {
			t.Fatalf("seeding what the example expects: %v", err)
		}
	}
	before, err := mock.State()
	if err != nil {
		t.Fatal(err)
	}

	files := map[string]string{}
	paths, _ := filepath.Glob(filepath.Join(repoRoot, "examples", dir, "*.tf"))
	if len(paths) == 0 {
		t.Fatalf("examples/%s has no .tf file", dir)
	}
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = string(raw)
	}
	// An example of one type assumes the root module a reader pastes it into, which declares the
	// provider's source as the provider page shows; examples that declare it themselves keep theirs.
	declared := false
	for _, content := range files {
		declared = declared || strings.Contains(content, "required_providers")
	}
	if !declared {
		files["versions.tf"] = e2e.Preamble
	}
	var vars []string
	if f.vars != nil {
		vars = f.vars(mock)
	}
	tf, err := e2e.NewTerraform(t.TempDir(), binaries, mock, files, vars...)
	if err != nil {
		t.Fatal(err)
	}
	run := func(what string, args ...string) *e2e.Result {
		t.Helper()
		res, err := tf.Run(ctx, args...)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if err := res.MustSucceed(what); err != nil {
			t.Fatal(err)
		}
		return res
	}

	run("terraform apply", "apply", "-auto-approve", "-input=false", "-no-color")
	plan, err := tf.Run(ctx, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	if plan.ExitCode != 0 {
		t.Fatalf("the plan after the apply is not empty (exit %d):\n%s\n%s", plan.ExitCode, plan.Stdout, plan.Stderr)
	}

	// Deletion protection is on by default: turn it off the documented way (set it to false and
	// apply) before the destroy, with an override file that leaves the example's own files alone.
	if override := protectionOverride(t, run("terraform show", "show", "-json").Stdout); override != "" {
		if err := os.WriteFile(filepath.Join(tf.Dir, "protection_override.tf"), []byte(override), 0o600); err != nil {
			t.Fatal(err)
		}
		run("terraform apply (deletion_protection = false)", "apply", "-auto-approve", "-input=false", "-no-color")
	}
	run("terraform destroy", "destroy", "-auto-approve", "-input=false", "-no-color")

	after, err := mock.State()
	if err != nil {
		t.Fatal(err)
	}
	if diff := leftBehind(before, after); diff != "" {
		t.Errorf("the destroy left objects behind: %s", diff)
	}
}

// protectionOverride is an override file that sets deletion_protection = false on every resource
// of the state that has it on ("" when none has).
func protectionOverride(t *testing.T, showJSON string) string {
	t.Helper()
	var show struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string         `json:"type"`
					Name   string         `json:"name"`
					Mode   string         `json:"mode"`
					Values map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(showJSON), &show); err != nil {
		t.Fatalf("reading terraform show -json: %v", err)
	}
	seen := map[string]bool{}
	var b strings.Builder
	for _, r := range show.Values.RootModule.Resources {
		addr := r.Type + "." + r.Name
		if r.Mode != "managed" || r.Values["deletion_protection"] != true || seen[addr] {
			continue
		}
		seen[addr] = true
		fmt.Fprintf(&b, "resource %q %q {\n  deletion_protection = false\n}\n\n", r.Type, r.Name)
	}
	return b.String()
}

// leftBehind names the kinds of which the mock holds more objects after the destroy than before
// the apply ("" when none). Fewer is fine: an example may adopt (import) an object and destroy it.
func leftBehind(before, after *mockcontrolplane.State) string {
	counts := func(s *mockcontrolplane.State) map[string]int {
		return map[string]int{
			"organizations": len(s.Organizations), "workspaces": len(s.Workspaces), "users": len(s.Users),
			"invitations": len(s.Invitations), "teams": len(s.Teams), "team memberships": len(s.TeamMemberships),
			"roles": len(s.Roles), "role assignments": len(s.Assignments), "SSO configurations": len(s.SSOConfigs),
			"service accounts": len(s.ServiceAccounts), "API keys": len(s.APIKeys),
		}
	}
	b, a := counts(before), counts(after)
	var diffs []string
	for kind, n := range b {
		if a[kind] > n {
			diffs = append(diffs, fmt.Sprintf("%s: %d before, %d after", kind, n, a[kind]))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}
