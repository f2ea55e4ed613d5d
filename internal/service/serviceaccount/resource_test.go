package serviceaccount_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
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

const addr = "zenmlpro_service_account.test"

func TestMain(m *testing.M) { acctest.Main(m) }

func accountConfig(env *acctest.Env, name, description string, active bool) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_service_account" "test" {
  name        = %q
  description = %q
  active      = %t
}
`, name, description, active))
}

func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return acctest.CheckGone("zenmlpro_service_account", client.IsNotFound, func(id string) error {
		_, err := env.Client.GetServiceAccount(context.Background(), id)
		return err
	})
}

func apiAccount(env *acctest.Env, s *terraform.State) (*client.ServiceAccount, error) {
	id, err := acctest.ResourceID(s, addr)
	if err != nil {
		return nil, err
	}
	return env.Client.GetServiceAccount(context.Background(), id)
}

// TestAccServiceAccount_lifecycle covers create, update (description, suspend and resume, rename),
// import in both ID formats, a no-change plan, drift (changed and deleted outside Terraform) and
// destroy.
func TestAccServiceAccount_lifecycle(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	name := acctest.RandomName("ci-pipeline")
	renamed := name + "-v2"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: accountConfig(env, name, "Runs the training pipelines", true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					sa, err := apiAccount(env, s)
					if err == nil && (sa.Name != name || sa.Description != "Runs the training pipelines" || !sa.Active ||
						sa.OrganizationID != env.OrganizationID) {
						err = fmt.Errorf("API holds %+v", sa)
					}
					return err
				},
			},
			{
				Config: accountConfig(env, name, "Suspended while we move CI", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					sa, err := apiAccount(env, s)
					if err == nil && (sa.Description != "Suspended while we move CI" || sa.Active) {
						err = fmt.Errorf("API holds %+v", sa)
					}
					return err
				},
			},
			{
				// Resume and rename in place.
				Config: accountConfig(env, renamed, "Runs the training pipelines", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					sa, err := apiAccount(env, s)
					if err == nil && (sa.Name != renamed || !sa.Active) {
						err = fmt.Errorf("API holds %+v", sa)
					}
					return err
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName: addr,
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
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     env.OrganizationID + "/" + renamed,
				ImportStateVerify: true,
			},
			{
				Config:   accountConfig(env, renamed, "Runs the training pipelines", true),
				PlanOnly: true,
			},
			{
				// Drift: suspended and redescribed outside Terraform; exactly that is planned back.
				PreConfig: func() {
					sa := findByName(t, env, renamed)
					off, text := false, "changed in the dashboard"
					if _, err := env.Client.UpdateServiceAccount(ctx, sa.ID, client.ServiceAccountUpdate{Active: &off, Description: &text}); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(env, renamed, "Runs the training pipelines", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Runs the training pipelines")),
				}},
			},
			{
				// Drift: deleted outside Terraform; a re-creation is planned.
				PreConfig: func() {
					if err := env.Client.DeleteServiceAccount(ctx, findByName(t, env, renamed).ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(env, renamed, "Runs the training pipelines", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccServiceAccount_dataSource looks a service account up by name and by id.
func TestAccServiceAccount_dataSource(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("deployer")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{{
			Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_service_account" "test" {
  name        = %q
  description = "Deploys models"
}

data "zenmlpro_service_account" "by_name" {
  name       = zenmlpro_service_account.test.name
}

data "zenmlpro_service_account" "by_id" {
  id = zenmlpro_service_account.test.id
}
`, name)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.zenmlpro_service_account.by_name", tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareEqual{}),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_name", tfjsonpath.New("description"), knownvalue.StringExact("Deploys models")),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_name", tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_id", tfjsonpath.New("name"), knownvalue.StringExact(name)),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_id", tfjsonpath.New("active"), knownvalue.Bool(true)),
			},
		}},
	})
}

// TestAccServiceAccount_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccServiceAccount_invalid(t *testing.T) {
	env := acctest.New(t)
	cases := []struct{ config, want string }{
		{`resource "zenmlpro_service_account" "test" { name = "ci pipeline" }`,
			`"ci pipeline" is not a valid name: use 1 to 50 letters, digits, dots, hyphens and underscores, starting with a letter or digit (no spaces).`},
		{`resource "zenmlpro_service_account" "test" { name = "-ci" }`, `"-ci" is not a valid name`},
		{`resource "zenmlpro_service_account" "test" {
  name            = "ci"
  organization_id = "acme"
}`, `"acme" is not a UUID`},
		{fmt.Sprintf(`resource "zenmlpro_service_account" "test" {
  name        = "ci"
  description = %q
}`, strings.Repeat("x", 1001)), `The value is 1001 characters long; the limit is 1000.`},
		{`data "zenmlpro_service_account" "test" {}`, `Exactly one of these attributes must be configured: [id,name]`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: env.Config(c.config), PlanOnly: true, ExpectError: acctest.ErrorText(c.want)})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}

func findByName(t *testing.T, env *acctest.Env, name string) *client.ServiceAccount {
	t.Helper()
	list, err := env.Client.ListServiceAccounts(context.Background(), env.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	t.Fatalf("no service account named %q", name)
	return nil
}

// compareEqual is a value comparer: the two values are equal.
type compareEqual struct{}

func (compareEqual) CompareValues(values ...any) error {
	for _, v := range values[1:] {
		if fmt.Sprint(v) != fmt.Sprint(values[0]) {
			return fmt.Errorf("values differ: %v", values)
		}
	}
	return nil
}
