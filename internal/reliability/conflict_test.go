package reliability

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// TestAccCreateConflictNamesTheImportID: a create whose name (email, username) is taken fails with
// a diagnostic naming the exact import ID of the object in the way, and that ID, pasted into an
// import block as the diagnostic shows, adopts the object with an empty plan.
func TestAccCreateConflictNamesTheImportID(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	org := env.OrganizationID
	member := env.RoleID(t, "Organization Member")
	team, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: org, Name: "taken-team"})
	if err != nil {
		t.Fatal(err)
	}
	sa, err := env.Client.CreateServiceAccount(ctx, org, client.ServiceAccountCreate{Name: "taken", Username: "taken-bot", RoleID: member})
	if err != nil {
		t.Fatal(err)
	}
	// The key's own service account: the import of the one above destroys it at the end of its case.
	owner, err := env.Client.CreateServiceAccount(ctx, org, client.ServiceAccountCreate{Name: "owner", Username: "key-owner", RoleID: member})
	if err != nil {
		t.Fatal(err)
	}
	key, err := env.Client.CreateAPIKey(ctx, org, owner.ID, client.APIKeyCreate{Name: "taken-key"})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := env.Client.CreateInvitation(ctx, org, client.InvitationCreate{Email: "taken@example.org", RoleID: member})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := env.Client.CreateWorkspace(ctx, client.WorkspaceCreate{Name: "taken-ws", OrganizationID: org})
	if err != nil {
		t.Fatal(err)
	}
	role, err := env.Client.CreateRole(ctx, client.RoleCreate{OrganizationID: org, Name: "taken role", Level: client.LevelWorkspace,
		Permissions: []string{"workspace:read"}})
	if err != nil {
		t.Fatal(err)
	}
	otherOrg, err := env.Client.CreateOrganization(ctx, client.OrganizationCreate{Name: "taken-org"})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name, config, importID string
		// planned is what the plan after the import does: nothing, or for a workspace set
		// deletion_protection (an imported object starts protected).
		planned plancheck.ResourceActionType
	}{
		{"team", `resource "zenmlpro_team" "x" {
  name = "taken-team"
}`, team.ID, plancheck.ResourceActionNoop},
		{"service account", `resource "zenmlpro_service_account" "x" {
  name     = "taken"
  username = "taken-bot"
}`, org + "/" + sa.ID, plancheck.ResourceActionNoop},
		{"API key", fmt.Sprintf(`resource "zenmlpro_api_key" "x" {
  service_account_id = %q
  name               = "taken-key"
}`, owner.ID), org + "/" + owner.ID + "/" + key.ID, plancheck.ResourceActionNoop},
		{"invitation", fmt.Sprintf(`resource "zenmlpro_invitation" "x" {
  email   = "taken@example.org"
  role_id = %q
}`, member), org + "/" + inv.ID, plancheck.ResourceActionNoop},
		{"workspace", `resource "zenmlpro_workspace" "x" {
  name                = "taken-ws"
  deletion_protection = false
}`, ws.ID, plancheck.ResourceActionUpdate},
		{"role", `resource "zenmlpro_role" "x" {
  name        = "taken role"
  level       = "workspace"
  permissions = ["workspace:read"]
}`, role.ID, plancheck.ResourceActionNoop},
		{"organization", `resource "zenmlpro_organization" "x" {
  name                = "taken-org"
  deletion_protection = false
}`, otherOrg.ID, plancheck.ResourceActionUpdate},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			imported := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", addressOf(c.config), c.importID)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{
					{
						Config: env.Config(c.config),
						// Terraform wraps the detail: any white space between the words.
						ExpectError: regexp.MustCompile(`import\s+ID\s+"` + regexp.QuoteMeta(c.importID) + `"`),
					},
					{
						// The ID from the diagnostic adopts the existing object: nothing to create.
						Config: env.Config(imported + c.config),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addressOf(c.config), c.planned),
						}},
					},
				},
			})
		})
	}
}

// addressOf is the address of the one resource a configuration declares.
func addressOf(config string) string {
	m := regexp.MustCompile(`resource "([a-z_]+)" "([a-z_]+)"`).FindStringSubmatch(config)
	return m[1] + "." + m[2]
}
