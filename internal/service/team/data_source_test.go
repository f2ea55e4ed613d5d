package team_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
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

// TestAccTeamDataSource_membersNotServed: where the control plane does not serve the team calls
// of the provider's own contract (team_crud), a team made in the dashboard is still found by name
// (the public list), with its members null rather than an error, so that its id can be bound.
func TestAccTeamDataSource_membersNotServed(t *testing.T) {
	const key = "ZENPROKEY_team-members-not-served"
	state := filepath.Join(t.TempDir(), "state.json")
	// The team is made where the calls are served, and the state handed to a mock without them.
	before, err := mockcontrolplane.New(mockcontrolplane.Options{Organization: "acc-org", APIKeys: []string{key}, StatePath: state})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(before)
	c, err := client.New(client.Config{APIURL: srv.URL, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	team, err := c.CreateTeam(context.Background(), client.TeamCreate{OrganizationID: before.OrganizationID(), Name: "made-in-the-dashboard"})
	srv.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := before.Save(); err != nil {
		t.Fatal(err)
	}
	env := acctest.New(t, func(o *mockcontrolplane.Options) {
		o.StatePath, o.APIKeys, o.Without = state, []string{key}, []string{"team_crud"}
	})
	env.RequireMock(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`data "zenmlpro_team" "t" { name = "made-in-the-dashboard" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zenmlpro_team.t", tfjsonpath.New("id"), knownvalue.StringExact(team.ID)),
				statecheck.ExpectKnownValue("data.zenmlpro_team.t", tfjsonpath.New("user_ids"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.zenmlpro_team.t", tfjsonpath.New("invitation_ids"), knownvalue.Null()),
			},
		}},
	})
}
