package team_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

const teamAddr = "zenmlpro_team.test"

func teamConfig(env *acctest.Env, name, description string) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name        = %q
  description = %q
}
`, name, description))
}

func findTeam(t *testing.T, env *acctest.Env, name string) *client.Team {
	t.Helper()
	teams, err := env.Client.ListTeams(context.Background(), env.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range teams {
		if teams[i].Name == name {
			return &teams[i]
		}
	}
	t.Fatalf("no team named %q", name)
	return nil
}

// TestAccTeam_lifecycle covers create, rename and new description in place, import by id and by
// "<organization>/<team name>", a no-change plan, drift (changed and deleted outside Terraform)
// and destroy.
func TestAccTeam_lifecycle(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	name := acctest.RandomName("ML Engineers")
	renamed := name + " (core)"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: acctest.CheckGone("zenmlpro_team", client.IsNotFound, func(id string) error {
			_, err := env.Client.GetTeam(ctx, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: teamConfig(env, name, "first"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("member_count"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(teamAddr, tfjsonpath.New("created"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					id, err := acctest.ResourceID(s, teamAddr)
					if err != nil {
						return err
					}
					team, err := env.Client.GetTeam(ctx, id)
					if err == nil && (team.Name != name || team.Description != "first" || team.OrganizationID != env.OrganizationID) {
						err = fmt.Errorf("API holds %+v", team)
					}
					return err
				},
			},
			{
				Config: teamConfig(env, renamed, "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionUpdate),
					// A rename does not change the members: the count is not "(known after apply)".
					plancheck.ExpectKnownValue(teamAddr, tfjsonpath.New("member_count"), knownvalue.Int64Exact(0)),
				}},
				Check: func(s *terraform.State) error {
					id, _ := acctest.ResourceID(s, teamAddr)
					team, err := env.Client.GetTeam(ctx, id)
					if err == nil && (team.Name != renamed || team.Description != "second") {
						err = fmt.Errorf("API holds %+v", team)
					}
					return err
				},
			},
			{ResourceName: teamAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName: teamAddr,
				ImportState:  true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					org, err := env.Client.GetOrganization(ctx, env.OrganizationID)
					if err != nil {
						return "", err
					}
					return org.Name + "/" + renamed, nil
				},
				ImportStateVerify: true,
			},
			{
				ResourceName:      teamAddr,
				ImportState:       true,
				ImportStateId:     env.OrganizationID + "/" + renamed,
				ImportStateVerify: true,
			},
			{
				ResourceName:  teamAddr,
				ImportState:   true,
				ImportStateId: env.OrganizationID + "/no such team",
				ExpectError:   regexp.MustCompile(`has no team named "no such team"`),
			},
			{Config: teamConfig(env, renamed, "second"), PlanOnly: true},
			{
				// Drift: changed outside Terraform; exactly that change is planned back.
				PreConfig: func() {
					outside := "changed outside"
					if _, err := env.Client.UpdateTeam(ctx, findTeam(t, env, renamed).ID, client.TeamUpdate{Description: &outside}); err != nil {
						t.Fatal(err)
					}
				},
				Config: teamConfig(env, renamed, "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(teamAddr, tfjsonpath.New("description"), knownvalue.StringExact("second")),
				}},
			},
			{
				// Drift: deleted outside Terraform; a re-creation is planned.
				PreConfig: func() {
					if err := env.Client.DeleteTeam(ctx, findTeam(t, env, renamed).ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: teamConfig(env, renamed, "second"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(teamAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccTeam_duplicateName: the API's conflict is reported with what was attempted.
func TestAccTeam_duplicateName(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("dup")
	createTeam(t, env, name)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      teamConfig(env, name, ""),
			ExpectError: acctest.ErrorText(fmt.Sprintf("Could not create team %q in organization %s", name, env.OrganizationID)),
		}},
	})
}

// TestAccTeam_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccTeam_invalid(t *testing.T) {
	env := acctest.New(t)
	cases := []struct{ body, want string }{
		{`name = "ml-engineers "`, `"ml-engineers " has leading or trailing white space; remove it.`},
		{`name = ""`, `The name must not be empty.`},
		{`name = "` + strings.Repeat("x", 101) + `"`, `The name is 101 characters long; the limit is 100.`},
		{"name = \"ok\"\n  organization_id = \"acme\"", `"acme" is not a UUID`},
		{"name = \"ok\"\n  description = \"" + strings.Repeat("d", 1001) + "\"", `The value is 1001 characters long; the limit is 1000.`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_team\" \"test\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}

// TestAccTeam_faults: a team with members by email and by list is created and refreshed cleanly
// while the API lags its reads (a new team answers 404 for a moment), fails transiently and
// drops responses of writes it did.
func TestAccTeam_faults(t *testing.T) {
	env := acctest.New(t, func(o *mockcontrolplane.Options) {
		o.Faults = mockcontrolplane.Faults{ConsistencyLag: 2 * time.Second, ErrorRate: 0.15, DropResponse: 0.3, Seed: 42}
	})
	env.RequireMock(t)
	name := acctest.RandomName("faulty")
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name = %q
}

resource "zenmlpro_team_member" "cy" {
  team_id = zenmlpro_team.test.id
  email   = "cy@example.com"
}

resource "zenmlpro_team" "other" {
  name = "%s-other"
}

resource "zenmlpro_team_members" "other" {
  team_id  = zenmlpro_team.other.id
  user_ids = [zenmlpro_team_member.cy.user_id]
}
`, name, name))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: acctest.CheckGone("zenmlpro_team", client.IsNotFound, func(id string) error {
			_, err := env.Client.GetTeam(context.Background(), id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					cy := userID(t, env, "cy@example.com")
					if err := expectMembersOf(env, teamAddr, "user:"+cy)(s); err != nil {
						return err
					}
					if err := expectMembersOf(env, "zenmlpro_team.other", "user:"+cy)(s); err != nil {
						return err
					}
					if f := env.Mock.Stats().Faults; f["lag"] == 0 || f["drop_response"] == 0 {
						return fmt.Errorf("the faults this test is about were not injected: %v", f)
					}
					return nil
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}
