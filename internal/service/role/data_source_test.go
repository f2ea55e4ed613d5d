package role_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// TestAccRoleDataSources looks up built-in and custom roles by name and level, and lists them.
func TestAccRoleDataSources(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	custom, err := env.Client.CreateRole(ctx, client.RoleCreate{
		OrganizationID: env.OrganizationID, Name: acctest.RandomName("Data Reader"), Level: client.LevelProject,
		Description: "Reads runs and artifacts.", Permissions: []string{"run:read", "artifact:read"},
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := findRole(t, env, "Organization Admin")
	viewer := findRole(t, env, "Project Viewer")
	all, err := env.Client.ListRoles(ctx, env.OrganizationID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	projectRoles, err := env.Client.ListRoles(ctx, env.OrganizationID, client.LevelProject, "")
	if err != nil {
		t.Fatal(err)
	}

	config := env.Config(fmt.Sprintf(`
data "zenmlpro_role" "admin" {
  name  = "Organization Admin"
  level = "organization"
}

data "zenmlpro_role" "viewer" {
  name            = "Project Viewer"
  organization_id = %q
}

data "zenmlpro_role" "custom" {
  name  = %q
  level = "project"
}

data "zenmlpro_roles" "all" {}

data "zenmlpro_roles" "project" {
  level = "project"
}
`, env.OrganizationID, custom.Name))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.zenmlpro_role.admin", tfjsonpath.New("id"), knownvalue.StringExact(admin.ID)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.admin", tfjsonpath.New("system_managed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.admin", tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.admin", tfjsonpath.New("permissions"), knownvalue.SetSizeExact(len(admin.Permissions))),
					statecheck.ExpectKnownValue("data.zenmlpro_role.admin", tfjsonpath.New("description"), knownvalue.StringExact(admin.Description)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.viewer", tfjsonpath.New("id"), knownvalue.StringExact(viewer.ID)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.viewer", tfjsonpath.New("level"), knownvalue.StringExact("project")),
					statecheck.ExpectKnownValue("data.zenmlpro_role.custom", tfjsonpath.New("id"), knownvalue.StringExact(custom.ID)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.custom", tfjsonpath.New("system_managed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.zenmlpro_role.custom", tfjsonpath.New("permissions"), stringSet("run:read", "artifact:read")),
					statecheck.ExpectKnownValue("data.zenmlpro_role.custom", tfjsonpath.New("description"), knownvalue.StringExact("Reads runs and artifacts.")),
					statecheck.ExpectKnownValue("data.zenmlpro_roles.all", tfjsonpath.New("roles"), knownvalue.ListSizeExact(len(all))),
					statecheck.ExpectKnownValue("data.zenmlpro_roles.all", tfjsonpath.New("roles").AtSliceIndex(0).AtMapKey("level"), knownvalue.StringExact("organization")),
					statecheck.ExpectKnownValue("data.zenmlpro_roles.project", tfjsonpath.New("roles"), knownvalue.ListSizeExact(len(projectRoles))),
					// Built-in roles first, then custom ones: the custom project role is last.
					statecheck.ExpectKnownValue("data.zenmlpro_roles.project", tfjsonpath.New("roles").AtSliceIndex(len(projectRoles)-1),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"id":             knownvalue.StringExact(custom.ID),
							"system_managed": knownvalue.Bool(false),
							"permissions":    stringSet("run:read", "artifact:read"),
						})),
				},
				Check: func(*terraform.State) error {
					if len(all) < 15 || len(projectRoles) != 5 {
						return fmt.Errorf("want the 14 built-in roles and the custom one; the API lists %d, %d of them project-level", len(all), len(projectRoles))
					}
					return nil
				},
			},
			{
				Config:      env.Config("data \"zenmlpro_role\" \"x\" {\n  name  = \"Workspace Developer\"\n  level = \"organization\"\n}\n"),
				ExpectError: acctest.ErrorText(`is a workspace-level role, not an organization-level one. Set level = "workspace"`),
			},
			{
				Config:      env.Config("data \"zenmlpro_role\" \"x\" {\n  name = \"workspace developer\"\n}\n"),
				ExpectError: acctest.ErrorText(`has no role named "workspace developer". Did you mean "Workspace Developer"? Role names are case-sensitive`),
			},
			{
				// A misspelled built-in role, and a misspelled custom one.
				Config:      env.Config("data \"zenmlpro_role\" \"x\" {\n  name = \"Workspace Developper\"\n}\n"),
				ExpectError: acctest.ErrorText(`has no role named "Workspace Developper". Did you mean "Workspace Developer"?`),
			},
			{
				Config:      env.Config("data \"zenmlpro_role\" \"x\" {\n  name = " + fmt.Sprintf("%q", custom.Name+"s") + "\n}\n"),
				ExpectError: acctest.ErrorText(fmt.Sprintf(`Did you mean %q?`, custom.Name)),
			},
			{
				// Nothing close: the roles of the level asked for are listed.
				Config:      env.Config("data \"zenmlpro_role\" \"x\" {\n  name  = \"Auditor\"\n  level = \"project\"\n}\n"),
				ExpectError: acctest.ErrorText(`The project-level roles are: "Project Admin", "Project Contributor", "Project Developer", "Project Viewer"`),
			},
		},
	})
}
