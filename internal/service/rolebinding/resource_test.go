package rolebinding_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// projectID stands for a project of the workspace's server: the control plane does not know
// projects, it only scopes assignments by their id.
const projectID = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"

// fixture is what the bindings of a test refer to, made through the API beforehand.
type fixture struct {
	orgMember, orgViewer, wsDeveloper, projectViewer *client.Role
	user, invitation, serviceAccount, workspace      string
	teams                                            []string
}

func newFixture(t *testing.T, env *acctest.Env, teams int) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{
		orgMember:     findRole(t, env, "Organization Member"),
		orgViewer:     findRole(t, env, "Organization Viewer"),
		wsDeveloper:   findRole(t, env, "Workspace Developer"),
		projectViewer: findRole(t, env, "Project Viewer"),
	}
	users, err := env.Client.FindUsersByEmail(ctx, "ann@example.com")
	if err != nil || len(users) != 1 {
		t.Fatalf("finding ann@example.com: %d found, %v", len(users), err)
	}
	f.user = users[0].ID
	inv, err := env.Client.CreateInvitation(ctx, env.OrganizationID, client.InvitationCreate{Email: acctest.RandomName("dana") + "@example.com", RoleID: f.orgMember.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.invitation = inv.ID
	f.serviceAccount = env.CreateServiceAccount(t, acctest.RandomName("ci-bot")).ID
	ws, err := env.Client.CreateWorkspace(ctx, client.WorkspaceCreate{Name: acctest.RandomName("tf-acc-bind"), OrganizationID: env.OrganizationID})
	if err != nil {
		t.Fatal(err)
	}
	f.workspace = ws.ID
	for i := range teams {
		team, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: env.OrganizationID, Name: fmt.Sprintf("%s-%03d", acctest.RandomName("team"), i)})
		if err != nil {
			t.Fatal(err)
		}
		f.teams = append(f.teams, team.ID)
	}
	return f
}

func findRole(t *testing.T, env *acctest.Env, name string) *client.Role {
	t.Helper()
	list, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", name)
	if err != nil || len(list) != 1 {
		t.Fatalf("finding role %q: %d found, %v", name, len(list), err)
	}
	return &list[0]
}

// keyOf reads the assignment a binding in state stands for.
func keyOf(rs *terraform.ResourceState) client.AssignmentKey {
	a := rs.Primary.Attributes
	k := client.AssignmentKey{RoleID: a["role_id"], WorkspaceID: a["workspace_id"], ProjectID: a["project_id"]}
	for _, kind := range client.SubjectKinds {
		if id := a[kind+"_id"]; id != "" {
			k.SubjectKind, k.SubjectID = kind, id
		}
	}
	return k
}

// assignmentExists asks the API, uncached, whether k exists (a deleted role has none).
func assignmentExists(env *acctest.Env, k client.AssignmentKey) (bool, error) {
	list, err := env.Client.ListRoleAssignments(context.Background(), k.RoleID, "", "")
	if client.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for i := range list {
		if k.Matches(&list[i]) {
			return true, nil
		}
	}
	return false, nil
}

// checkDestroyed verifies through the API that no binding left in the final state still exists.
func checkDestroyed(env *acctest.Env) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "zenmlpro_role_binding" {
				continue
			}
			exists, err := assignmentExists(env, keyOf(rs))
			if err != nil {
				return err
			}
			if exists {
				return fmt.Errorf("%s (%s) still exists after destroy", name, rs.Primary.ID)
			}
		}
		return nil
	}
}

// checkInAPI verifies that each named binding exists in the API, exactly as in state.
func checkInAPI(env *acctest.Env, names ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, name := range names {
			rs, ok := s.RootModule().Resources[name]
			if !ok {
				return fmt.Errorf("%s is not in state", name)
			}
			exists, err := assignmentExists(env, keyOf(rs))
			if err != nil {
				return err
			}
			if !exists {
				return fmt.Errorf("%s (%s) is not in the API", name, rs.Primary.ID)
			}
		}
		return nil
	}
}

func lifecycleConfig(env *acctest.Env, f *fixture, orgTeam string, extra string) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_role" "operator" {
  name        = "Pipeline Operator"
  level       = "project"
  permissions = ["pipeline:run", "run:read"]
}

resource "zenmlpro_role_binding" "org" {
  role_id = %[1]q
  team_id = %[2]q
}

resource "zenmlpro_role_binding" "workspace" {
  role_id      = %[3]q
  user_id      = %[4]q
  workspace_id = %[5]q
}

resource "zenmlpro_role_binding" "project" {
  role_id            = %[6]q
  service_account_id = %[7]q
  workspace_id       = %[5]q
  project_id         = %[8]q
}

resource "zenmlpro_role_binding" "invitation" {
  role_id       = %[3]q
  invitation_id = %[9]q
  workspace_id  = %[5]q
}

# The role is created in the same apply: its id is unknown at plan time.
resource "zenmlpro_role_binding" "custom" {
  role_id      = zenmlpro_role.operator.id
  team_id      = %[10]q
  workspace_id = %[5]q
  project_id   = %[8]q
}
%[11]s`, f.orgViewer.ID, orgTeam, f.wsDeveloper.ID, f.user, f.workspace, f.projectViewer.ID, f.serviceAccount, projectID,
		f.invitation, f.teams[1], extra))
}

// TestAccRoleBinding_lifecycle binds at the three scopes and to the four subject kinds, replaces a
// binding, imports every ID form, checks a no-change plan, re-creates a binding removed outside
// Terraform, adopts an identical assignment made outside Terraform, and destroys.
func TestAccRoleBinding_lifecycle(t *testing.T) {
	env := acctest.New(t)
	f := newFixture(t, env, 2)
	ctx := context.Background()
	all := []string{"zenmlpro_role_binding.org", "zenmlpro_role_binding.workspace", "zenmlpro_role_binding.project",
		"zenmlpro_role_binding.invitation", "zenmlpro_role_binding.custom"}
	replaced := lifecycleConfig(env, f, f.teams[1], "")
	id := func(parts ...string) knownvalue.Check {
		s := parts[0] + "/" + parts[1]
		for _, p := range parts[2:] {
			s += "/" + p
		}
		return knownvalue.StringExact(s)
	}
	importStep := func(name string) resource.TestStep {
		return resource.TestStep{ResourceName: name, ImportState: true, ImportStateVerify: true}
	}
	adopted := `
resource "zenmlpro_role_binding" "adopted" {
  role_id = "` + f.orgMember.ID + `"
  team_id = "` + f.teams[0] + `"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: lifecycleConfig(env, f, f.teams[0], ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Known at plan time: the id, and the role's name and level (read from the role).
					plancheck.ExpectKnownValue("zenmlpro_role_binding.project", tfjsonpath.New("id"), id(f.projectViewer.ID, "service_account:"+f.serviceAccount, f.workspace, projectID)),
					plancheck.ExpectKnownValue("zenmlpro_role_binding.project", tfjsonpath.New("role_name"), knownvalue.StringExact("Project Viewer")),
					plancheck.ExpectUnknownValue("zenmlpro_role_binding.custom", tfjsonpath.New("role_level")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zenmlpro_role_binding.org", tfjsonpath.New("id"), id(f.orgViewer.ID, "team:"+f.teams[0])),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.org", tfjsonpath.New("role_name"), knownvalue.StringExact("Organization Viewer")),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.org", tfjsonpath.New("role_level"), knownvalue.StringExact("organization")),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.org", tfjsonpath.New("workspace_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.workspace", tfjsonpath.New("id"), id(f.wsDeveloper.ID, "user:"+f.user, f.workspace)),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.workspace", tfjsonpath.New("role_level"), knownvalue.StringExact("workspace")),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.project", tfjsonpath.New("role_level"), knownvalue.StringExact("project")),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.invitation", tfjsonpath.New("id"), id(f.wsDeveloper.ID, "invitation:"+f.invitation, f.workspace)),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.custom", tfjsonpath.New("role_name"), knownvalue.StringExact("Pipeline Operator")),
					statecheck.ExpectKnownValue("zenmlpro_role_binding.custom", tfjsonpath.New("role_level"), knownvalue.StringExact("project")),
				},
				Check: checkInAPI(env, all...),
			},
			{
				// Nothing changes in place: another subject is another binding.
				Config: replaced,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zenmlpro_role_binding.org", plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectResourceAction("zenmlpro_role_binding.workspace", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeTestCheckFunc(checkInAPI(env, all...), func(*terraform.State) error {
					old := client.AssignmentKey{RoleID: f.orgViewer.ID, SubjectKind: client.SubjectTeam, SubjectID: f.teams[0]}
					exists, err := assignmentExists(env, old)
					if err == nil && exists {
						err = fmt.Errorf("the replaced assignment is still there")
					}
					return err
				}),
			},
			importStep("zenmlpro_role_binding.org"),
			importStep("zenmlpro_role_binding.workspace"),
			importStep("zenmlpro_role_binding.project"),
			importStep("zenmlpro_role_binding.invitation"),
			importStep("zenmlpro_role_binding.custom"),
			{
				ResourceName: "zenmlpro_role_binding.org", ImportState: true,
				ImportStateId: f.orgViewer.ID + "/group:" + f.teams[1],
				ExpectError:   acctest.ErrorText(`"group" is not a subject kind`),
			},
			{
				ResourceName: "zenmlpro_role_binding.org", ImportState: true,
				ImportStateId: f.orgViewer.ID + "/team:" + f.teams[0], // no such assignment any more
				ExpectError:   acctest.ErrorText(`Cannot import non-existent remote object`),
			},
			{Config: replaced, PlanOnly: true},
			{
				// Drift: removed outside Terraform; only that binding is re-created.
				PreConfig: func() {
					k := client.AssignmentKey{RoleID: f.wsDeveloper.ID, SubjectKind: client.SubjectUser, SubjectID: f.user, WorkspaceID: f.workspace}
					if err := env.Client.DeleteAssignment(ctx, k); err != nil {
						t.Fatal(err)
					}
				},
				Config: replaced,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zenmlpro_role_binding.workspace", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("zenmlpro_role_binding.org", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("zenmlpro_role_binding.project", plancheck.ResourceActionNoop),
				}},
				Check: checkInAPI(env, all...),
			},
			{
				// An identical assignment made outside Terraform: the create's 409 adopts it.
				PreConfig: func() {
					k := client.AssignmentKey{RoleID: f.orgMember.ID, SubjectKind: client.SubjectTeam, SubjectID: f.teams[0]}
					if _, err := env.Client.CreateAssignment(ctx, k); err != nil {
						t.Fatal(err)
					}
				},
				Config: lifecycleConfig(env, f, f.teams[1], adopted),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("zenmlpro_role_binding.adopted", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zenmlpro_role_binding.adopted", tfjsonpath.New("id"), id(f.orgMember.ID, "team:"+f.teams[0])),
				},
				Check: checkInAPI(env, append(all, "zenmlpro_role_binding.adopted")...),
			},
			{Config: lifecycleConfig(env, f, f.teams[1], adopted), PlanOnly: true},
		},
	})
}

// TestAccRoleBinding_invalid: every malformed binding is refused with a message that names the fix,
// and nothing reaches the API. What the configuration alone shows is refused at plan time; what
// needs the role (its level, its existence) is a warning at plan time and refused when the
// binding is to be created, before anything is written (apply below: see framework.Problem).
func TestAccRoleBinding_invalid(t *testing.T) {
	env := acctest.New(t)
	f := newFixture(t, env, 1)
	team, ws := f.teams[0], f.workspace
	cases := []struct {
		body, want string
		atApply    bool
	}{
		{fmt.Sprintf("role_id = %q\n  user_id = %q\n  team_id = %q", f.orgMember.ID, f.user, team),
			`A role binding gives its role to exactly one subject, but user_id and team_id are both set. Keep one of them`, false},
		{fmt.Sprintf("role_id = %q", f.orgMember.ID),
			`A role binding needs the subject that receives the role: set exactly one of user_id, team_id, invitation_id or service_account_id.`, false},
		{fmt.Sprintf("role_id = %q\n  team_id = %q\n  project_id = %q", f.projectViewer.ID, team, projectID),
			`project_id is set but workspace_id is not: a project belongs to a workspace, so a project-level binding needs both.`, false},
		{fmt.Sprintf("role_id = %q\n  team_id = %q", f.wsDeveloper.ID, team),
			`role "Workspace Developer" is a workspace-level role: set workspace_id to the workspace it applies in.`, true},
		{fmt.Sprintf("role_id = %q\n  team_id = %q\n  workspace_id = %q", f.orgMember.ID, team, ws),
			`role "Organization Member" is an organization-level role: remove workspace_id and project_id`, true},
		{fmt.Sprintf("role_id = %q\n  team_id = %q\n  workspace_id = %q\n  project_id = %q", f.wsDeveloper.ID, team, ws, projectID),
			`role "Workspace Developer" is a workspace-level role: remove project_id`, true},
		{fmt.Sprintf("role_id = %q\n  team_id = %q\n  workspace_id = %q", f.projectViewer.ID, team, ws),
			`role "Project Viewer" is a project-level role: set workspace_id and project_id`, true},
		{fmt.Sprintf("role_id = %q\n  team_id = \"team-1\"", f.orgMember.ID),
			`"team-1" is not a UUID`, false},
		{fmt.Sprintf("role_id = %q\n  team_id = %q", "0e4f9a3c-1b2d-4c5e-8f70-9a1b2c3d4e5f", team),
			`There is no role 0e4f9a3c-1b2d-4c5e-8f70-9a1b2c3d4e5f in any organization this API key can see.`, true},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_role_binding\" \"test\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    !c.atApply,
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	if env.Mock != nil {
		env.Mock.ResetStats() // the fixture's writes
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}

// TestAccRoleBinding_invitationAccepted: when the invitee accepts, the API moves the invitation's
// assignment to the new user; the binding follows it (no change planned), and destroying it
// removes the user's assignment.
func TestAccRoleBinding_invitationAccepted(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the invitee's acceptance is simulated
	f := newFixture(t, env, 0)
	var userKey client.AssignmentKey
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_role_binding" "test" {
  role_id       = %q
  invitation_id = %q
  workspace_id  = %q
}
`, f.wsDeveloper.ID, f.invitation, f.workspace))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(s *terraform.State) error {
			exists, err := assignmentExists(env, userKey)
			if err == nil && exists {
				err = fmt.Errorf("the accepted user's assignment is still there after destroy")
			}
			if err != nil {
				return err
			}
			return checkDestroyed(env)(s)
		},
		Steps: []resource.TestStep{
			{Config: config, Check: checkInAPI(env, "zenmlpro_role_binding.test")},
			{
				PreConfig: func() {
					userID, err := env.Mock.AcceptInvitation(f.invitation)
					if err != nil {
						t.Fatal(err)
					}
					userKey = client.AssignmentKey{RoleID: f.wsDeveloper.ID, SubjectKind: client.SubjectUser, SubjectID: userID, WorkspaceID: f.workspace}
				},
				Config:   config,
				PlanOnly: true,
			},
			{
				Config: config,
				Check: func(*terraform.State) error {
					exists, err := assignmentExists(env, userKey)
					if err == nil && !exists {
						err = fmt.Errorf("the assignment did not move to the user")
					}
					return err
				},
			},
			{ResourceName: "zenmlpro_role_binding.test", ImportState: true, ImportStateVerify: true},
		},
	})
}

// TestAccRoleBinding_conflictNotAdopted: a 409 on create is adopted only when the role really has
// the identical assignment. Here the control plane answers 409 without holding it (a stand-in for
// any other conflict), and the apply fails with a clear error instead of recording a binding that
// does not exist.
func TestAccRoleBinding_conflictNotAdopted(t *testing.T) {
	if acctest.RealControlPlane() {
		t.Skip("needs a control plane that answers 409 on demand")
	}
	mock, err := mockcontrolplane.New(mockcontrolplane.Options{Organization: "acc-org", Users: []string{"ann@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	// Every assignment create answers 409 and does nothing; everything else reaches the mock.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/assignments") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"detail": "conflicting assignment"}`))
			return
		}
		mock.ServeHTTP(w, r)
	}))
	defer srv.Close()
	env := &acctest.Env{URL: srv.URL, APIKey: mock.APIKey(), OrganizationID: mock.OrganizationID(), Mock: mock}
	env.Client, err = client.New(client.Config{APIURL: srv.URL, APIKey: mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, env, 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_role_binding" "test" {
  role_id = %q
  team_id = %q
}
`, f.orgViewer.ID, f.teams[0])),
			ExpectError: acctest.ErrorText(`the API reports a conflict, but the role has no identical assignment to adopt`),
		}},
	})
}

// TestAccRoleBinding_destroyAfterFailedApply: an organization-level custom role, created in the same
// apply, bound with a workspace_id fails the apply (the scope does not fit the role's level) after
// the role, the team and the workspace were created; `terraform destroy` then removes all three.
// It used to fail with the same error (the refresh before a destroy is a normal plan, which plans
// the missing binding's creation again), leaving them behind. The binding's check still speaks
// at plan time, as a warning (see TestRoleBindingScopeWarnsAtPlan), and still fails the apply
// before anything is written for the binding.
func TestAccRoleBinding_destroyAfterFailedApply(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	name := acctest.RandomName("tf-acc-failed")
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_workspace" "ws" {
  name                = %[1]q
  deletion_protection = false
}

resource "zenmlpro_team" "team" {
  name = %[1]q
}

resource "zenmlpro_role" "org_custom" {
  name        = %[1]q
  level       = "organization"
  permissions = ["organization:read"]
}

resource "zenmlpro_role_binding" "misfit" {
  role_id      = zenmlpro_role.org_custom.id
  team_id      = zenmlpro_team.team.id
  workspace_id = zenmlpro_workspace.ws.id
}
`, name))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: acctest.ErrorText(fmt.Sprintf(`role %q is an organization-level role: remove workspace_id and project_id`, name)),
			},
			{
				// plan -destroy with its refresh, then apply: what terraform destroy does.
				Config:  config,
				Destroy: true,
				Check: func(*terraform.State) error {
					var left []string
					if list, err := env.Client.ListWorkspaces(ctx, client.WorkspacesAll, client.WorkspaceFilter{OrganizationID: env.OrganizationID, Name: name}); err != nil {
						return err
					} else if len(list) > 0 && list[0].Status != client.WorkspaceStatusDeleted {
						left = append(left, "workspace")
					}
					teams, err := env.Client.ListTeams(ctx, env.OrganizationID)
					if err != nil {
						return err
					}
					for _, team := range teams {
						if team.Name == name {
							left = append(left, "team")
						}
					}
					roles, err := env.Client.ListRoles(ctx, env.OrganizationID, "", name)
					if err != nil {
						return err
					}
					if len(roles) > 0 {
						left = append(left, "role")
					}
					if len(left) > 0 {
						return fmt.Errorf("left behind by the destroy: %v", left)
					}
					return nil
				},
			},
		},
	})
}
