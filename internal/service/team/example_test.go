package team_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/e2e"
)

const groupsExample = "examples/resources/zenmlpro_team_members/resource.tf"

// TestAccTeamMembers_identityProviderGroupsExample applies the example of zenmlpro_team_members,
// which the guide "Setting up SSO" shows too, exactly as it is written: with the Terraform CLI and
// the provider binary (the test framework cannot read for_each instances), against a mock with the
// seeded users ann, bob and cy and a workspace named production. It checks three teams whose
// members are the groups' addresses (users where they exist, invitations for the others, one
// invitation for the address in two groups), each holding its workspace role; then that a second
// plan is empty, and that destroy leaves no member and no pending invitation behind.
func TestAccTeamMembers_identityProviderGroupsExample(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("an acceptance test: set TF_ACC=1")
	}
	env := acctest.New(t)
	env.RequireMock(t)
	root, err := e2e.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(filepath.Join(root, groupsExample))
	if err != nil {
		t.Fatal(err)
	}
	binaries, err := e2e.Build(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(binaries.Dir) })
	ctx := context.Background()
	production, err := env.Client.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "production", OrganizationID: env.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	tf, err := e2e.NewTerraform(t.TempDir(), binaries,
		&e2e.Mock{URL: env.URL, OrganizationID: env.OrganizationID, APIKey: env.APIKey},
		map[string]string{
			"main.tf": string(example),
			// What every user's configuration has beside the example.
			"versions.tf": `terraform {
  required_providers {
    zenmlpro = { source = "zenml-io/zenmlpro" }
  }
}
`,
		})
	if err != nil {
		t.Fatal(err)
	}
	run := func(what string, args ...string) *e2e.Result {
		t.Helper()
		res, err := tf.Run(ctx, args...)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return res
	}
	if err := run("apply", "apply", "-auto-approve", "-input=false", "-no-color").MustSucceed("terraform apply"); err != nil {
		t.Fatal(err)
	}

	groups := map[string]struct {
		role    string
		members []string
	}{
		"ml-platform":  {"Workspace Admin", []string{"ann@example.com", "dana@example.com"}},
		"data-science": {"Workspace Developer", []string{"bob@example.com", "dana@example.com", "erin@example.com"}},
		"analytics":    {"Workspace Viewer", []string{"cy@example.com", "finn@example.com"}},
	}
	teams, err := env.Client.ListTeams(ctx, env.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	teamIDs := map[string]string{}
	for _, team := range teams {
		teamIDs[team.Name] = team.ID
	}
	for name, group := range groups {
		teamID := teamIDs[name]
		if teamID == "" {
			t.Errorf("no team %s", name)
			continue
		}
		var members []string
		for _, email := range group.members {
			if users, _ := env.Client.FindUsersByEmail(ctx, email); len(users) == 1 {
				members = append(members, "user:"+users[0].ID)
			} else {
				members = append(members, "invitation:"+pendingInvitation(t, env, email))
			}
		}
		if err := expectMembers(env, teamID, members...); err != nil {
			t.Errorf("team %s: %v", name, err)
		}
		a, err := env.Client.FindAssignment(ctx, client.AssignmentKey{RoleID: env.RoleID(t, group.role),
			SubjectKind: client.SubjectTeam, SubjectID: teamID, WorkspaceID: production.ID})
		if err != nil || a == nil {
			t.Errorf("team %s does not hold %s in workspace production (%v)", name, group.role, err)
		}
	}

	if plan := run("plan", "plan", "-detailed-exitcode", "-input=false", "-no-color"); plan.ExitCode != 0 {
		t.Errorf("the second plan exited %d, want 0 (no changes):\n%s\n%s", plan.ExitCode, plan.Stdout, plan.Stderr)
	}
	destroy := run("destroy", "destroy", "-auto-approve", "-input=false", "-no-color")
	if err := destroy.MustSucceed("terraform destroy"); err != nil {
		t.Fatal(err)
	}
	if teams, err := env.Client.ListTeams(ctx, env.OrganizationID); err != nil || len(teams) != 0 {
		t.Errorf("after destroy: %d teams (%v), want none", len(teams), err)
	}
	for _, email := range []string{"erin@example.com", "finn@example.com"} {
		if err := expectNoPendingInvitation(t, env, email); err != nil {
			t.Errorf("after destroy: %v", err)
		}
	}
	// Dana's one invitation served two teams, destroyed at the same time: the one that sent it
	// revokes it when it goes last, and otherwise leaves it pending and says so.
	if err := expectNoPendingInvitation(t, env, "dana@example.com"); err != nil &&
		!strings.Contains(destroy.Stdout+destroy.Stderr, "Invitations left pending") {
		t.Errorf("after destroy: %v, and destroy gave no warning about it:\n%s", err, destroy.Stdout+destroy.Stderr)
	}
}

// TestGroupsExampleInGuide: the guide "Setting up SSO" shows the example file itself, not a copy
// that could drift from what the test above applies.
func TestGroupsExampleInGuide(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "..", "templates", "guides", "setting-up-sso.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	if include := fmt.Sprintf("{{ tffile %q }}", groupsExample); !strings.Contains(string(guide), include) {
		t.Errorf("the guide does not include the example with %s", include)
	}
}
