package organization_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const addr = "zenmlpro_organization.test"

func orgConfig(env *acctest.Env, name, description, domains string, protected bool) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_organization" "test" {
  name                = %q
  description         = %q
  trusted_domains     = %s
  deletion_protection = %t
}
`, name, description, domains, protected))
}

// TestAccOrganization_lifecycle covers create, update, import by id and by name, a no-change plan,
// drift (changed and deleted outside Terraform), deletion protection and destroy.
func TestAccOrganization_lifecycle(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the SaaS control plane creates organizations only by sign-up
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-org")
	renamed := name + "-renamed"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: acctest.CheckGone("zenmlpro_organization", client.IsNotFound, func(id string) error {
			_, err := env.Client.GetOrganization(ctx, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: orgConfig(env, name, "first", `["example.com", "corp.example.com"]`, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("trusted_domains"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("example.com"), knownvalue.StringExact("corp.example.com")})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("deletion_protection"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					id, err := acctest.ResourceID(s, addr)
					if err != nil {
						return err
					}
					org, err := env.Client.GetOrganization(ctx, id)
					if err != nil {
						return err
					}
					if org.Name != name || org.Description != "first" || len(org.TrustedDomains) != 2 {
						return fmt.Errorf("API holds %+v", org)
					}
					return nil
				},
			},
			{
				// Update in place: rename, new description, one domain removed and one added.
				Config: orgConfig(env, renamed, "second", `["example.com", "example.org"]`, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					id, _ := acctest.ResourceID(s, addr)
					org, err := env.Client.GetOrganization(ctx, id)
					if err != nil {
						return err
					}
					if org.Name != renamed || org.Description != "second" || fmt.Sprint(org.TrustedDomains) != "[example.com example.org]" {
						return fmt.Errorf("API holds %+v", org)
					}
					return nil
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           renamed, // by name
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
			{
				Config:   orgConfig(env, renamed, "second", `["example.com", "example.org"]`, true),
				PlanOnly: true,
			},
			{
				// Drift: changed outside Terraform; the plan puts it back.
				PreConfig: func() {
					org, err := env.Client.GetOrganization(ctx, renamed)
					if err != nil {
						t.Fatal(err)
					}
					outside := "changed outside"
					if _, err := env.Client.UpdateOrganization(ctx, org.ID, client.OrganizationUpdate{Description: &outside, TrustedDomains: &[]string{}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: orgConfig(env, renamed, "second", `["example.com", "example.org"]`, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("second")),
				}},
			},
			{
				// Deletion protection: removing the organization from the configuration fails.
				Config:      env.ProviderBlock(),
				ExpectError: regexp.MustCompile(`deletion protection is on`),
			},
			{
				// Drift: deleted outside Terraform; the plan re-creates it.
				PreConfig: func() {
					org, err := env.Client.GetOrganization(ctx, renamed)
					if err != nil {
						t.Fatal(err)
					}
					if err := env.Client.DeleteOrganization(ctx, org.ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: orgConfig(env, renamed, "second", `["example.com", "example.org"]`, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccOrganization_invalid shows plan-time validation: nothing reaches the API.
func TestAccOrganization_invalid(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      orgConfig(env, "ok-name", "", `["https://example.com"]`, true),
				ExpectError: regexp.MustCompile(`"https://example.com" is not a domain name`),
				PlanOnly:    true,
			},
			{
				// Letter case is the only fault: the fix is named.
				Config:      orgConfig(env, "ok-name", "", `["Example.com"]`, true),
				ExpectError: acctest.ErrorText(`"Example.com" must be written in lowercase: use "example.com"`),
				PlanOnly:    true,
			},
			{
				Config:      orgConfig(env, "-bad name!", "", `[]`, true),
				ExpectError: regexp.MustCompile(`is not a valid organization name`),
				PlanOnly:    true,
			},
		},
	})
}

// TestAccOrganization_protectedAtPlan: `plan -destroy` of a protected organization fails at plan
// time with nothing deleted (not even the team in it, which a destroy removes first), and its
// message shows the removed block that lets go of the organization without deleting it; that
// block, applied, does exactly that.
func TestAccOrganization_protectedAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // writes are counted through the mock
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-kept")
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_organization" "test" {
  name = %q
}

resource "zenmlpro_team" "in_it" {
  organization_id = zenmlpro_organization.test.id
  name            = "platform"
}
`, name))
	writes := -1
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { writes = env.Mock.Stats().Writes },
				Config:    config,
				Destroy:   true,
				ExpectError: regexp.MustCompile(`(?s)Error running pre-apply plan.*Cannot destroy organization.*` +
					`removed \{\s+from = zenmlpro_organization\.<name>\s+lifecycle \{\s+destroy = false\s+\}\s+\}`),
			},
			{
				// The advice, followed: the team is destroyed, the organization only forgotten.
				PreConfig: func() {
					if got := env.Mock.Stats().Writes; got != writes {
						t.Errorf("plan -destroy of a protected organization made %d writes, want none", got-writes)
					}
				},
				Config: env.Config(`
removed {
  from = zenmlpro_organization.test
  lifecycle {
    destroy = false
  }
}
`),
				Check: func(*terraform.State) error {
					org, err := env.Client.GetOrganization(ctx, name)
					if err != nil {
						return fmt.Errorf("the organization is gone: %w", err)
					}
					teams, err := env.Client.ListTeams(ctx, org.ID)
					if err == nil && len(teams) != 0 {
						err = fmt.Errorf("the team is left: %+v", teams)
					}
					return err
				},
			},
		},
	})
	if writes < 0 {
		t.Error("the destroy step did not run")
	}
}
