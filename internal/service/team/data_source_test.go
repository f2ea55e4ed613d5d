package team_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
)

func TestAccTeamDataSource(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("Data Scientists")
	ann := userID(t, env, "ann@example.com")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		// The error steps come first: the test ends by destroying with the last step's configuration.
		Steps: []resource.TestStep{
			{
				Config:      env.Config(`data "zenmlpro_team" "x" {}`),
				ExpectError: acctest.ErrorText(`Exactly one of these attributes must be configured: [id,name]`),
			},
			{
				Config:      env.Config(fmt.Sprintf("data \"zenmlpro_team\" \"x\" {\n  name = %q\n}\n", name)),
				ExpectError: acctest.ErrorText(fmt.Sprintf("has no team named %q", name)),
			},
			{
				Config:      env.Config(`data "zenmlpro_team" "x" { name = " padded" }`),
				ExpectError: acctest.ErrorText(`" padded" has leading or trailing white space; remove it.`),
			},
			{
				Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_team" "t" {
  name        = %q
  description = "Notebook people"
}

resource "zenmlpro_team_members" "t" {
  team_id  = zenmlpro_team.t.id
  user_ids = [%q]
}

data "zenmlpro_team" "by_name" {
  name       = zenmlpro_team.t.name
  depends_on = [zenmlpro_team_members.t]
}

data "zenmlpro_team" "by_id" {
  id         = zenmlpro_team.t.id
  depends_on = [zenmlpro_team_members.t]
}
`, name, ann)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("data.zenmlpro_team.by_name", tfjsonpath.New("id"), "zenmlpro_team.t", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.CompareValuePairs("data.zenmlpro_team.by_id", tfjsonpath.New("name"), "zenmlpro_team.t", tfjsonpath.New("name"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.zenmlpro_team.by_name", tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue("data.zenmlpro_team.by_id", tfjsonpath.New("description"), knownvalue.StringExact("Notebook people")),
					statecheck.ExpectKnownValue("data.zenmlpro_team.by_id", tfjsonpath.New("member_count"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.zenmlpro_team.by_id", tfjsonpath.New("user_ids"), idsExact(ann)),
					statecheck.ExpectKnownValue("data.zenmlpro_team.by_name", tfjsonpath.New("invitation_ids"), idsExact()),
				},
			},
		},
	})
}
