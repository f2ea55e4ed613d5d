package role_test

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
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

const addr = "zenmlpro_role.test"

func roleConfig(env *acctest.Env, name, level, description string, permissions ...string) string {
	quoted := make([]string, len(permissions))
	for i, p := range permissions {
		quoted[i] = fmt.Sprintf("%q", p)
	}
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_role" "test" {
  name        = %q
  level       = %q
  description = %q
  permissions = [%s]
}
`, name, level, description, strings.Join(quoted, ", ")))
}

func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return acctest.CheckGone("zenmlpro_role", client.IsNotFound, func(id string) error {
		_, err := env.Client.GetRole(context.Background(), id)
		return err
	})
}

func stringSet(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// apiRoleMatches checks the role of addr in the API.
func apiRoleMatches(env *acctest.Env, name, level, description string, permissions ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := acctest.ResourceID(s, addr)
		if err != nil {
			return err
		}
		r, err := env.Client.GetRole(context.Background(), id)
		if err != nil {
			return err
		}
		got := slices.Sorted(slices.Values(r.Permissions))
		want := slices.Sorted(slices.Values(permissions))
		if r.Name != name || r.Level != level || r.Description != description || !slices.Equal(got, want) ||
			r.SystemManaged || r.OrganizationID != env.OrganizationID {
			return fmt.Errorf("API holds %+v", r)
		}
		return nil
	}
}

// expectOnlyChanges asserts that the plan updates addr in place and changes exactly the named
// attributes (drift shows as that diff and nothing else).
type expectOnlyChanges struct {
	address    string
	attributes []string
}

func (e expectOnlyChanges) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != e.address {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		var changed []string
		for k := range after {
			if !reflect.DeepEqual(before[k], after[k]) {
				changed = append(changed, k)
			}
		}
		slices.Sort(changed)
		if !slices.Equal(changed, e.attributes) {
			resp.Error = fmt.Errorf("%s: planned changes to %v, want exactly %v", e.address, changed, e.attributes)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", e.address)
}

// TestAccRole_lifecycle covers a custom role's life: create, update of name, description and
// permissions, import in every ID format, a no-change plan, drift of its permissions, a level change
// (replacement), deletion outside Terraform, and destroy.
func TestAccRole_lifecycle(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	name := acctest.RandomName("Pipeline Operator")
	renamed := name + " / prod" // a "/" in the name: the import ID splits at the first one
	updated := roleConfig(env, renamed, "workspace", "second", "workspace:read", "stack:read", "secret:read")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: roleConfig(env, name, "workspace", "first", "workspace:read", "stack:read"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("level"), knownvalue.StringExact("workspace")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringSet("workspace:read", "stack:read")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("system_managed"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created"), knownvalue.NotNull()),
				},
				Check: apiRoleMatches(env, name, "workspace", "first", "workspace:read", "stack:read"),
			},
			{
				// In place: rename, new description, a permission added.
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringSet("workspace:read", "stack:read", "secret:read")),
				},
				Check: apiRoleMatches(env, renamed, "workspace", "second", "workspace:read", "stack:read", "secret:read"),
			},
			{ResourceName: addr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					org, err := env.Client.GetOrganization(ctx, env.OrganizationID)
					if err != nil {
						return "", err
					}
					return org.Name + "/" + renamed, nil
				},
			},
			{
				ResourceName: addr, ImportState: true, ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return env.OrganizationID + "/" + renamed, nil },
			},
			{
				ResourceName: addr, ImportState: true,
				ImportStateId: env.OrganizationID + "/No Such Role",
				ExpectError:   acctest.ErrorText(`has no role named "No Such Role"`),
			},
			{Config: updated, PlanOnly: true},
			{
				// Drift: permissions changed outside Terraform; exactly that is planned back.
				PreConfig: func() {
					perms := []string{"workspace:read", "workspace:delete"}
					if _, err := env.Client.UpdateRole(ctx, findRole(t, env, renamed).ID, client.RoleUpdate{Permissions: &perms}); err != nil {
						t.Fatal(err)
					}
				},
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					expectOnlyChanges{addr, []string{"permissions"}},
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("permissions"), stringSet("workspace:read", "stack:read", "secret:read")),
				}},
				Check: apiRoleMatches(env, renamed, "workspace", "second", "workspace:read", "stack:read", "secret:read"),
			},
			{
				// The level cannot change in place.
				Config: roleConfig(env, renamed, "project", "second", "pipeline:run", "run:read"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: apiRoleMatches(env, renamed, "project", "second", "pipeline:run", "run:read"),
			},
			{
				// Deleted outside Terraform: a re-creation is planned.
				PreConfig: func() {
					if err := env.Client.DeleteRole(ctx, findRole(t, env, renamed).ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: roleConfig(env, renamed, "project", "second", "pipeline:run", "run:read"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccRole_importBuiltIn: a built-in role cannot be imported, by id or by name.
func TestAccRole_importBuiltIn(t *testing.T) {
	env := acctest.New(t)
	admin := findRole(t, env, "Organization Admin")
	config := roleConfig(env, "Custom", "organization", "", "organization:read") + `
resource "zenmlpro_role" "builtin" {
  name        = "Organization Admin"
  level       = "organization"
  permissions = []
}
`
	want := acctest.ErrorText(`"Organization Admin" is a built-in role: built-in roles are managed by ZenML; use the zenmlpro_role data source`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{Config: roleConfig(env, "Custom", "organization", "", "organization:read")},
			{Config: config, ResourceName: "zenmlpro_role.builtin", ImportState: true, ImportStateId: admin.ID, ExpectError: want},
			{Config: config, ResourceName: "zenmlpro_role.builtin", ImportState: true, ExpectError: want,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					org, err := env.Client.GetOrganization(context.Background(), env.OrganizationID)
					if err != nil {
						return "", err
					}
					return org.Name + "/Organization Admin", nil
				}},
			{Config: roleConfig(env, "Custom", "organization", "", "organization:read"), PlanOnly: true},
		},
	})
}

// TestAccRole_invalid: bad input is refused at plan time with a message naming the fix, and
// nothing reaches the API.
func TestAccRole_invalid(t *testing.T) {
	env := acctest.New(t)
	cases := []struct{ body, want string }{
		{`level = "workspace"
  permissions = ["workspace:raed"]`, `Unknown permission "workspace:raed" for a workspace-level role. Did you mean "workspace:read"?`},
		{`level = "organization"
  permissions = ["organization:read", "foo:bar"]`, `Unknown permission "foo:bar" for an organization-level role. The organization-level permissions are: "organization:read", "organization:update", "organization:delete"`},
		{`level = "workspace"
  permissions = ["workspace:read", "pipeline:run"]`, `Permission "pipeline:run" is a project-level permission; a workspace-level role cannot hold it. Use a project-level role for it, or choose among the workspace-level permissions.`},
		{`level = "project"
  permissions = ["billing:update"]`, `Permission "billing:update" is an organization-level permission; a project-level role cannot hold it.`},
		{`level = "team"
  permissions = []`, `value must be one of: ["organization" "workspace" "project"]`},
		{`level = "workspace"
  organization_id = "acme"
  permissions = []`, `"acme" is not a UUID`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_role\" \"test\" {\n  name = \"Operators\"\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      env.Config("resource \"zenmlpro_role\" \"test\" {\n  name = \" Operators\"\n  level = \"workspace\"\n  permissions = []\n}\n"),
		PlanOnly:    true,
		ExpectError: acctest.ErrorText(`" Operators" has leading or trailing white space; remove it.`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}

// findRole returns the role of the test organization with that name.
func findRole(t *testing.T, env *acctest.Env, name string) *client.Role {
	t.Helper()
	list, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", name)
	if err != nil || len(list) != 1 {
		t.Fatalf("finding role %q: %d found, %v", name, len(list), err)
	}
	return &list[0]
}
