package workspace_test

import (
	"context"
	"fmt"
	"regexp"
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

const addr = "zenmlpro_workspace.test"

func TestMain(m *testing.M) { acctest.Main(m) }

// hybridConfig is a hybrid workspace with the attributes the lifecycle test changes.
func hybridConfig(env *acctest.Env, name, displayName, description string, active bool, keyVersion int, protected bool) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                   = %q
  display_name           = %q
  description            = %q
  active                 = %t
  enrollment_key_version = %d
  deletion_protection    = %t
}
`, name, displayName, description, active, keyVersion, protected))
}

func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return acctest.CheckGone("zenmlpro_workspace", client.IsNotFound, func(id string) error {
		_, err := env.Client.GetWorkspace(context.Background(), id)
		return err
	})
}

// apiWorkspace fetches the workspace of addr from the API.
func apiWorkspace(env *acctest.Env, s *terraform.State) (*client.Workspace, error) {
	id, err := acctest.ResourceID(s, addr)
	if err != nil {
		return nil, err
	}
	return env.Client.GetWorkspace(context.Background(), id)
}

// TestAccWorkspace_hybrid covers a hybrid workspace's whole life: create with an enrollment key,
// update, deactivate and reactivate, key rotation (the old key refused, the new one accepted),
// import in both ID formats, a no-change plan, drift, deletion protection and destroy.
func TestAccWorkspace_hybrid(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-hybrid")
	var firstKey string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: hybridConfig(env, name, "ML platform", "first", true, 0, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("hosting"), knownvalue.StringExact("hybrid")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("not_initialized")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("wait_for"), knownvalue.StringExact("none")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.StringRegexp(regexp.MustCompile(`^\S{20,}$`))),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_url"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("dashboard_url"), knownvalue.StringRegexp(regexp.MustCompile(`/workspaces/`+name+`$`))),
				},
				Check: func(s *terraform.State) error {
					ws, err := apiWorkspace(env, s)
					if err != nil {
						return err
					}
					if ws.Name != name || ws.DisplayName != "ML platform" || ws.IsManaged || ws.Organization.ID != env.OrganizationID {
						return fmt.Errorf("API holds %+v", ws)
					}
					firstKey, _ = acctest.Attribute(s, addr, "enrollment_key")
					if _, err := env.Client.WorkspaceServerLogin(ctx, client.WorkspaceServer{WorkspaceID: ws.ID, Version: "0.98.0"}, firstKey); err != nil {
						return fmt.Errorf("the enrollment key from state does not log in: %w", err)
					}
					return nil
				},
			},
			{
				Config: hybridConfig(env, name, "ML platform (prod)", "second", true, 0, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.NotNull()),
				}},
				Check: func(s *terraform.State) error {
					ws, err := apiWorkspace(env, s)
					if err == nil && (ws.DisplayName != "ML platform (prod)" || ws.Description != "second") {
						err = fmt.Errorf("API holds %+v", ws)
					}
					return err
				},
			},
			{
				Config: hybridConfig(env, name, "ML platform (prod)", "second", false, 0, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("deactivated")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("active"), knownvalue.Bool(false)),
				},
			},
			{
				Config: hybridConfig(env, name, "ML platform (prod)", "second", true, 0, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("not_initialized")),
				},
			},
			{
				// Rotation: a new key in state; the mock refuses the old one and accepts the new one.
				Config: hybridConfig(env, name, "ML platform (prod)", "second", true, 1, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("enrollment_key")),
				}},
				Check: func(s *terraform.State) error {
					id, _ := acctest.ResourceID(s, addr)
					newKey, _ := acctest.Attribute(s, addr, "enrollment_key")
					if newKey == "" || newKey == firstKey {
						return fmt.Errorf("enrollment key not rotated in state")
					}
					if _, err := env.Client.WorkspaceServerLogin(ctx, client.WorkspaceServer{WorkspaceID: id, Version: "0.98.0"}, firstKey); !client.IsUnauthorized(err) {
						return fmt.Errorf("old key after rotation: want 401, got %w", err)
					}
					if _, err := env.Client.WorkspaceServerLogin(ctx, client.WorkspaceServer{WorkspaceID: id, Version: "0.98.0"}, newKey); err != nil {
						return fmt.Errorf("new key refused: %w", err)
					}
					return nil
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"enrollment_key", "enrollment_key_version", "deletion_protection"},
			},
			{
				ResourceName: addr,
				ImportState:  true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					org, err := env.Client.GetOrganization(ctx, env.OrganizationID)
					if err != nil {
						return "", err
					}
					return org.Name + "/" + name, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"enrollment_key", "enrollment_key_version", "deletion_protection"},
			},
			{
				Config:   hybridConfig(env, name, "ML platform (prod)", "second", true, 1, true),
				PlanOnly: true,
			},
			{
				// Drift: changed outside Terraform; exactly that change is planned back.
				PreConfig: func() {
					ws := findByName(t, env, name)
					outside := "renamed outside"
					if _, err := env.Client.UpdateWorkspace(ctx, ws.ID, client.WorkspaceUpdate{DisplayName: &outside}); err != nil {
						t.Fatal(err)
					}
				},
				Config: hybridConfig(env, name, "ML platform (prod)", "second", true, 1, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact("ML platform (prod)")),
					// A new display name does not change the status: not "(known after apply)".
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("not_initialized")),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("state_reason"), knownvalue.NotNull()),
				}},
			},
			{
				Config:      env.ProviderBlock(),
				ExpectError: regexp.MustCompile(`deletion protection is on`),
			},
			{
				// Drift: deleted outside Terraform; a re-creation is planned.
				PreConfig: func() {
					if err := env.Client.DeleteWorkspace(ctx, findByName(t, env, name).ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: hybridConfig(env, name, "ML platform (prod)", "second", true, 1, false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// TestAccWorkspace_managed creates a managed workspace, which by default waits until it is
// available, and imports it.
func TestAccWorkspace_managed(t *testing.T) {
	env := acctest.New(t, func(o *mockcontrolplane.Options) { o.ProvisionDelay = 2 * time.Second })
	name := acctest.RandomName("tf-acc-managed")
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  hosting             = "managed"
  zenml_version       = "0.90.0"
  deletion_protection = false
}
`, name))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("available")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("wait_for"), knownvalue.StringExact("available")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("zenml_version"), knownvalue.StringExact("0.90.0")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact(name)),
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"deletion_protection"},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccWorkspace_waitForConnect: with wait_for = "available", create waits until the hybrid
// server enrolls (simulated through the mock's connect endpoint).
func TestAccWorkspace_waitForConnect(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	name := acctest.RandomName("tf-acc-wait")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				go whenCreated(t, env, name, func(id string) error {
					return env.Mock.ConnectWorkspace(id, "https://zenml.example.com", "0.91.0")
				})
			},
			Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  wait_for            = "available"
  deletion_protection = false
  timeouts {
    create = "1m"
  }
}
`, name)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("available")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_url"), knownvalue.StringExact("https://zenml.example.com")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("server_version"), knownvalue.StringExact("0.91.0")),
			},
		}},
	})
}

// TestAccWorkspace_waitTimesOut: a hybrid workspace whose server does not enroll before the create
// timeout is kept in state, untainted (its server may be deployed by another pipeline, later):
// the apply ends with a warning, the next plan is empty, and the server enrolls afterwards. It
// used to end with an error, and the tainted workspace was planned for replacement: a new id and
// key that the other pipeline did not have.
func TestAccWorkspace_waitTimesOut(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	name := acctest.RandomName("tf-acc-late")
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  wait_for            = "available"
  deletion_protection = false
  timeouts {
    create = "2s"
  }
}
`, name))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("not_initialized")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.NotNull()),
				},
			},
			{Config: config, PlanOnly: true},
			{
				// The other pipeline's server enrolls, with the key from state.
				PreConfig: func() {
					if err := env.Mock.ConnectWorkspace(findByName(t, env, name).ID, "https://zenml.example.com", "0.91.0"); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("available")),
				},
			},
		},
	})
}

// TestAccWorkspace_failed: a workspace that fails while Terraform waits ends the apply with the
// API's reason.
func TestAccWorkspace_failed(t *testing.T) {
	env := acctest.New(t, func(o *mockcontrolplane.Options) { o.ProvisionDelay = time.Hour })
	env.RequireMock(t)
	name := acctest.RandomName("tf-acc-failed")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				go whenCreated(t, env, name, func(id string) error {
					return env.Mock.FailWorkspace(id, "no capacity left in region eu-west-1")
				})
			},
			Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  hosting             = "managed"
  deletion_protection = false
}
`, name)),
			ExpectError: regexp.MustCompile(`(?s)the workspace failed: no capacity left in region eu-west-1`),
		}},
	})
}

// TestAccWorkspace_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccWorkspace_invalid(t *testing.T) {
	env := acctest.New(t)
	cases := []struct{ body, want string }{
		{`name = "My_Workspace"`, `"My_Workspace" is not a valid workspace name: use 1 to 50 lowercase letters, digits and hyphens, starting with a letter (for example "my-workspace")`},
		{`name = "9lives"`, `"9lives" is not a valid workspace name`},
		{"name = \"ok\"\n  hosting = \"cloud\"", `value must be one of: ["hybrid" "managed"]`},
		{"name = \"ok\"\n  hosting = \"managed\"\n  enrollment_key_version = 2", `enrollment_key_version applies to hybrid workspaces only`},
		{"name = \"ok\"\n  active = false\n  wait_for = \"available\"", `wait_for = "available" can never be met while active = false`},
		{"name = \"ok\"\n  organization_id = \"acme\"", `"acme" is not a UUID`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_workspace\" \"test\" {\n  " + c.body + "\n}\n"),
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

func findByName(t *testing.T, env *acctest.Env, name string) *client.Workspace {
	t.Helper()
	list, err := env.Client.ListWorkspaces(context.Background(), client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: env.OrganizationID, Name: name})
	if err != nil || len(list) != 1 {
		t.Fatalf("finding workspace %q: %d found, %v", name, len(list), err)
	}
	return &list[0]
}

// whenCreated waits (up to a minute) for the workspace to exist, then calls do with its id. It
// plays the part of the world outside Terraform while an apply waits.
func whenCreated(t *testing.T, env *acctest.Env, name string, do func(id string) error) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		list, err := env.Client.ListWorkspaces(context.Background(), client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: env.OrganizationID, Name: name})
		if err == nil && len(list) == 1 {
			time.Sleep(300 * time.Millisecond) // let the apply start waiting
			if err := do(list[0].ID); err != nil {
				t.Errorf("acting on workspace %q: %v", name, err)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("workspace %q never appeared", name)
}

// TestAccWorkspace_protectedAtPlan: a plan that would destroy or replace a protected workspace fails
// at plan time, before anything is deleted: `plan -destroy` leaves the mock untouched (no write at
// all: the role binding and the team that a destroy removes first are still there), and a rename,
// which replaces the workspace, is refused with a message that says so. (The protection used to
// show only at apply, after the other objects were gone.)
func TestAccWorkspace_protectedAtPlan(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // writes are counted through the mock
	name := acctest.RandomName("tf-acc-protected")
	config := func(name string, protected bool) string {
		return env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  deletion_protection = %t
}

resource "zenmlpro_team" "ops" {
  name = %q
}

data "zenmlpro_role" "developer" {
  name  = "Workspace Developer"
  level = "workspace"
}

resource "zenmlpro_role_binding" "ops" {
  role_id      = data.zenmlpro_role.developer.id
  team_id      = zenmlpro_team.ops.id
  workspace_id = zenmlpro_workspace.test.id
}
`, name, protected, name+"-ops"))
	}
	writes := -1
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{Config: config(name, true)},
			{
				PreConfig:   func() { writes = env.Mock.Stats().Writes },
				Config:      config(name, true),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)Error running pre-apply plan.*Cannot destroy workspace.*deletion_protection = true`),
			},
			{
				PreConfig: func() {
					if got := env.Mock.Stats().Writes; got != writes {
						t.Errorf("plan -destroy of a protected workspace made %d writes, want none", got-writes)
					}
				},
				Config:      config(name+"-renamed", true),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(fmt.Sprintf(`Changing name from %q to %q replaces the workspace`, name, name+"-renamed")),
			},
			{
				// Off, applied, then the rename goes through (a replacement).
				Config: config(name, false),
			},
			{
				Config: config(name+"-renamed", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
	if writes < 0 {
		t.Error("the destroy step did not run")
	}
}

// TestAccWorkspace_adoptHybrid adopts a hybrid workspace whose server runs already (enrolled with a
// key Terraform never saw) into a configuration with enrollment_key_version = 1, as the docs
// write it: the import plans no key change and no rotation — only enrollment_key_version is
// recorded, and applying that writes nothing — so the server's key still logs in; the key stays
// null in state until the first rotation, which a later change of the version does. (The import
// used to plan a new enrollment_key, and the apply rotated the key and cut the server off.)
func TestAccWorkspace_adoptHybrid(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // writes are counted through the mock
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-adopt")
	ws, err := env.Client.CreateWorkspace(ctx, client.WorkspaceCreate{Name: name, Description: "made in the dashboard", OrganizationID: env.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	serverKey := ws.EnrollmentKey
	config := func(version int) string {
		return env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                   = %q
  description            = "made in the dashboard"
  enrollment_key_version = %d
  deletion_protection    = false
}
`, name, version))
	}
	withImport := config(1) + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", addr, ws.ID)
	serverLogsIn := func(key *string, want bool) func(*terraform.State) error {
		return func(*terraform.State) error {
			_, err := env.Client.WorkspaceServerLogin(ctx, client.WorkspaceServer{WorkspaceID: ws.ID, Version: "0.98.0"}, *key)
			switch {
			case want && err != nil:
				return fmt.Errorf("the server's enrollment key no longer logs in: %w", err)
			case !want && err == nil:
				return fmt.Errorf("the server's enrollment key still logs in")
			}
			return nil
		}
	}
	writes := 0
	var rotatedKey string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				// The import block's plan: the version recorded in place, the key unchanged (null).
				Config: config(1), ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: ws.ID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.Null()),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key_version"), knownvalue.Int64Exact(1)),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("not_initialized")),
				}},
			},
			{
				PreConfig: func() { writes = env.Mock.Stats().Writes },
				Config:    withImport,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.Null()),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("enrollment_key_version"), knownvalue.Int64Exact(1)),
				},
				Check: resource.ComposeTestCheckFunc(
					func(*terraform.State) error {
						if got := env.Mock.Stats().Writes - writes; got != 0 {
							return fmt.Errorf("adopting the workspace made %d writes, want none", got)
						}
						return nil
					},
					serverLogsIn(&serverKey, true),
				),
			},
			{Config: config(1), PlanOnly: true},
			{
				// From now on the version is Terraform's: changing it rotates the key.
				Config: config(2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("enrollment_key")),
				}},
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						rotatedKey, _ = acctest.Attribute(s, addr, "enrollment_key")
						return nil
					},
					serverLogsIn(&serverKey, false),
					serverLogsIn(&rotatedKey, true),
				),
			},
		},
	})
}
