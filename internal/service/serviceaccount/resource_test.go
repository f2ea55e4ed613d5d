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

// accountConfig is a service account; role names a built-in organization role ("" leaves role_id
// out, for the default).
func accountConfig(t *testing.T, env *acctest.Env, name, username, description, role string, active bool) string {
	roleID := ""
	if role != "" {
		roleID = fmt.Sprintf("role_id = %q", env.RoleID(t, role))
	}
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_service_account" "test" {
  name        = %q
  username    = %q
  description = %q
  active      = %t
  %s
}
`, name, username, description, active, roleID))
}

func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return acctest.CheckGone("zenmlpro_service_account", client.IsNotFound, func(id string) error {
		_, err := env.Client.GetServiceAccount(context.Background(), env.OrganizationID, id)
		return err
	})
}

func apiAccount(env *acctest.Env, s *terraform.State) (*client.ServiceAccount, error) {
	id, err := acctest.ResourceID(s, addr)
	if err != nil {
		return nil, err
	}
	return env.Client.GetServiceAccount(context.Background(), env.OrganizationID, id)
}

// holds checks, through the API, which organization-level roles the service account holds.
func holds(t *testing.T, env *acctest.Env, s *terraform.State, want string, notWant ...string) error {
	id, err := acctest.ResourceID(s, addr)
	if err != nil {
		return err
	}
	c := newUncachedClient(env)
	for _, name := range append([]string{want}, notWant...) {
		a, err := c.FindAssignment(context.Background(), client.AssignmentKey{RoleID: env.RoleID(t, name),
			SubjectKind: client.SubjectServiceAccount, SubjectID: id})
		if err != nil {
			return err
		}
		if (a != nil) != (name == want) {
			return fmt.Errorf("service account %s holds %q: %v, want %v", id, name, a != nil, name == want)
		}
	}
	return nil
}

// newUncachedClient is a client of its own, whose assignment lists are read fresh.
func newUncachedClient(env *acctest.Env) *client.Client {
	c, err := client.New(client.Config{APIURL: env.URL, APIKey: env.APIKey})
	if err != nil {
		panic(err)
	}
	return c
}

// TestAccServiceAccount_lifecycle covers create (the default role), update (description, suspend
// and resume, rename, a new username, another role, in place), import by id and by
// <organization>/<username>, a no-change plan, drift (changed, role taken away and deleted
// outside Terraform) and destroy.
func TestAccServiceAccount_lifecycle(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	username := acctest.RandomName("ci-pipeline")
	newUsername := username + "-v2"
	const name, renamed = "CI pipeline", "CI pipeline (GitHub)"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: accountConfig(t, env, name, username, "Runs the training pipelines", "", true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("username"), knownvalue.StringExact(username)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("role_id"), knownvalue.StringExact(env.RoleID(t, "Organization Member"))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					sa, err := apiAccount(env, s)
					if err == nil && (sa.Name != name || sa.Username != username || sa.Description != "Runs the training pipelines" ||
						!sa.Active || sa.OrganizationID != env.OrganizationID) {
						err = fmt.Errorf("API holds %+v", sa)
					}
					if err == nil {
						err = holds(t, env, s, "Organization Member")
					}
					return err
				},
			},
			{
				Config: accountConfig(t, env, name, username, "Suspended while we move CI", "", false),
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
				// Resume, rename, a new username and another role: all in place.
				Config: accountConfig(t, env, renamed, newUsername, "Runs the training pipelines", "Organization Admin", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					sa, err := apiAccount(env, s)
					if err == nil && (sa.Name != renamed || sa.Username != newUsername || !sa.Active) {
						err = fmt.Errorf("API holds %+v", sa)
					}
					if err == nil {
						err = holds(t, env, s, "Organization Admin", "Organization Member")
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
					return org.Name + "/" + newUsername, nil
				},
				ImportStateVerify: true,
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateId:     env.OrganizationID + "/" + newUsername,
				ImportStateVerify: true,
			},
			{
				Config:   accountConfig(t, env, renamed, newUsername, "Runs the training pipelines", "Organization Admin", true),
				PlanOnly: true,
			},
			{
				// Drift: suspended and redescribed outside Terraform; exactly that is planned back.
				PreConfig: func() {
					sa := findByUsername(t, env, newUsername)
					off, text := false, "changed in the dashboard"
					if _, err := env.Client.UpdateServiceAccount(ctx, env.OrganizationID, sa.ID, client.ServiceAccountUpdate{Active: &off, Description: &text}); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(t, env, renamed, newUsername, "Runs the training pipelines", "Organization Admin", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(true)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("description"), knownvalue.StringExact("Runs the training pipelines")),
				}},
			},
			{
				// Drift: its role taken away outside Terraform; it is given back.
				PreConfig: func() {
					sa := findByUsername(t, env, newUsername)
					if err := env.Client.DeleteAssignment(ctx, client.AssignmentKey{RoleID: env.RoleID(t, "Organization Admin"),
						SubjectKind: client.SubjectServiceAccount, SubjectID: sa.ID}); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(t, env, renamed, newUsername, "Runs the training pipelines", "Organization Admin", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("role_id"), knownvalue.StringExact(env.RoleID(t, "Organization Admin"))),
				}},
				Check: func(s *terraform.State) error { return holds(t, env, s, "Organization Admin") },
			},
			{
				// Drift: deleted outside Terraform; a re-creation is planned.
				PreConfig: func() {
					if err := env.Client.DeleteServiceAccount(ctx, env.OrganizationID, findByUsername(t, env, newUsername).ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(t, env, renamed, newUsername, "Runs the training pipelines", "Organization Admin", true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccServiceAccount_usernameDefaultsToName: a name that is a valid username is the username
// when none is set.
func TestAccServiceAccount_usernameDefaultsToName(t *testing.T) {
	env := acctest.New(t)
	name := acctest.RandomName("deployer")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.Config(fmt.Sprintf(`resource "zenmlpro_service_account" "test" { name = %q }`, name)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("username"), knownvalue.StringExact(name)),
				},
			},
			{
				Config:   env.Config(fmt.Sprintf(`resource "zenmlpro_service_account" "test" { name = %q }`, name)),
				PlanOnly: true,
			},
		},
	})
}

// TestAccServiceAccount_dataSource looks a service account up by username and by id.
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

data "zenmlpro_service_account" "by_username" {
  username = zenmlpro_service_account.test.username
}

data "zenmlpro_service_account" "by_id" {
  id = zenmlpro_service_account.test.id
}
`, name)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValuePairs("data.zenmlpro_service_account.by_username", tfjsonpath.New("id"), addr, tfjsonpath.New("id"), compareEqual{}),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_username", tfjsonpath.New("description"), knownvalue.StringExact("Deploys models")),
				statecheck.ExpectKnownValue("data.zenmlpro_service_account.by_username", tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
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
		{`resource "zenmlpro_service_account" "test" { name = "CI pipeline" }`,
			`The service account's name "CI pipeline" is not a valid username, so username cannot default to it. Set username`},
		{`resource "zenmlpro_service_account" "test" {
  name     = "CI"
  username = "-ci"
}`, `"-ci" is not a valid name`},
		{`resource "zenmlpro_service_account" "test" {
  name    = "ci"
  role_id = "not-a-role"
}`, `"not-a-role" is not a UUID`},
		{`resource "zenmlpro_service_account" "test" {
  name            = "ci"
  organization_id = "acme"
}`, `"acme" is not a UUID`},
		{fmt.Sprintf(`resource "zenmlpro_service_account" "test" {
  name        = "ci"
  description = %q
}`, strings.Repeat("x", 1001)), `The value is 1001 characters long; the limit is 1000.`},
		{`data "zenmlpro_service_account" "test" {}`, `Exactly one of these attributes must be configured: [id,username]`},
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

func findByUsername(t *testing.T, env *acctest.Env, username string) *client.ServiceAccount {
	t.Helper()
	list, err := env.Client.ListServiceAccounts(context.Background(), env.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Username == username {
			return &list[i]
		}
	}
	t.Fatalf("no service account with username %q", username)
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
