package provider_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// adoption is one object made outside Terraform (as in the dashboard), the configuration that
// describes it exactly, and the import ID that adopts it.
type adoption struct {
	address  string // the resource that adopts the object
	config   string // after the provider block
	importID string
}

// adoptions makes one object of every resource type through the API and says how each is adopted.
// Names carry prefix, so that the objects of one test do not meet another's.
func adoptions(t *testing.T, env *acctest.Env, prefix string) map[string]adoption {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	org, err := env.Client.GetOrganization(ctx, env.OrganizationID)
	must(err)
	roles, err := env.Client.ListRoles(ctx, env.OrganizationID, "", "")
	must(err)
	builtIn := map[string]string{}
	for _, r := range roles {
		builtIn[r.Name] = r.ID
	}
	users, err := env.Client.FindUsersByEmail(ctx, "ann@example.com")
	must(err)
	if len(users) != 1 {
		t.Fatalf("ann@example.com: %d users", len(users))
	}
	ann := users[0]

	out := map[string]adoption{}

	ws, err := env.Client.CreateWorkspace(ctx, client.WorkspaceCreate{Name: prefix + "-ws", DisplayName: "Adopted workspace",
		Description: "made in the dashboard", OrganizationID: env.OrganizationID})
	must(err)
	out["zenmlpro_workspace"] = adoption{"zenmlpro_workspace.adopted", fmt.Sprintf(`
resource "zenmlpro_workspace" "adopted" {
  name         = %q
  display_name = "Adopted workspace"
  description  = "made in the dashboard"
}
`, ws.Name), org.Name + "/" + ws.Name}

	team, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: env.OrganizationID, Name: prefix + "-team", Description: "made in the dashboard"})
	must(err)
	out["zenmlpro_team"] = adoption{"zenmlpro_team.adopted", fmt.Sprintf(`
resource "zenmlpro_team" "adopted" {
  name        = %q
  description = "made in the dashboard"
}
`, team.Name), team.ID}

	memberTeam, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: env.OrganizationID, Name: prefix + "-member-team"})
	must(err)
	_, err = env.Client.AddTeamMember(ctx, memberTeam.ID, client.SubjectUser, ann.ID)
	must(err)
	out["zenmlpro_team_member"] = adoption{"zenmlpro_team_member.adopted", fmt.Sprintf(`
resource "zenmlpro_team_member" "adopted" {
  team_id = %q
  email   = "ann@example.com"
}
`, memberTeam.ID), memberTeam.ID + "/ann@example.com"}

	membersTeam, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: env.OrganizationID, Name: prefix + "-members-team"})
	must(err)
	_, err = env.Client.AddTeamMember(ctx, membersTeam.ID, client.SubjectUser, ann.ID)
	must(err)
	out["zenmlpro_team_members"] = adoption{"zenmlpro_team_members.adopted", fmt.Sprintf(`
resource "zenmlpro_team_members" "adopted" {
  team_id  = %q
  user_ids = [%q]
}
`, membersTeam.ID, ann.ID), membersTeam.ID}

	inv, err := env.Client.CreateInvitation(ctx, env.OrganizationID, client.InvitationCreate{Email: prefix + "-dana@example.com", RoleID: builtIn["Organization Member"]})
	must(err)
	out["zenmlpro_invitation"] = adoption{"zenmlpro_invitation.adopted", fmt.Sprintf(`
resource "zenmlpro_invitation" "adopted" {
  email   = %q
  role_id = %q
}
`, inv.Email, builtIn["Organization Member"]), env.OrganizationID + "/" + inv.ID}

	role, err := env.Client.CreateRole(ctx, client.RoleCreate{OrganizationID: env.OrganizationID, Name: prefix + " operator",
		Description: "made in the dashboard", Level: client.LevelWorkspace, Permissions: []string{"stack:read", "workspace:read"}})
	must(err)
	out["zenmlpro_role"] = adoption{"zenmlpro_role.adopted", fmt.Sprintf(`
resource "zenmlpro_role" "adopted" {
  name        = %q
  level       = "workspace"
  description = "made in the dashboard"
  permissions = ["workspace:read", "stack:read"]
}
`, role.Name), org.Name + "/" + role.Name}

	key := client.AssignmentKey{RoleID: builtIn["Workspace Developer"], SubjectKind: client.SubjectTeam, SubjectID: team.ID, WorkspaceID: ws.ID}
	_, err = env.Client.CreateAssignment(ctx, key)
	must(err)
	out["zenmlpro_role_binding"] = adoption{"zenmlpro_role_binding.adopted", fmt.Sprintf(`
resource "zenmlpro_role_binding" "adopted" {
  role_id      = %q
  team_id      = %q
  workspace_id = %q
}
`, key.RoleID, team.ID, ws.ID), fmt.Sprintf("%s/team:%s/%s", key.RoleID, team.ID, ws.ID)}

	sa, err := env.Client.CreateServiceAccount(ctx, env.OrganizationID, client.ServiceAccountCreate{Name: prefix + "-ci",
		Username: prefix + "-ci", Description: "made in the dashboard", RoleID: env.RoleID(t, "Organization Member")})
	must(err)
	out["zenmlpro_service_account"] = adoption{"zenmlpro_service_account.adopted", fmt.Sprintf(`
resource "zenmlpro_service_account" "adopted" {
  name        = %q
  description = "made in the dashboard"
}
`, sa.Name), sa.ID}

	expiry := time.Date(2031, 1, 31, 0, 0, 0, 0, time.UTC)
	apiKey, err := env.Client.CreateAPIKey(ctx, env.OrganizationID, sa.ID, client.APIKeyCreate{Name: "default",
		Description: "made in the dashboard", ExpiresAt: &expiry})
	must(err)
	// The configuration that matches the key names the expiry the API made of the one asked for (it
	// counts whole minutes from the create).
	expires := *apiKey.ExpiresAt
	out["zenmlpro_api_key"] = adoption{"zenmlpro_api_key.adopted", fmt.Sprintf(`
resource "zenmlpro_api_key" "adopted" {
  service_account_id = %q
  name               = "default"
  description        = "made in the dashboard"
  expires_at         = %q
}
`, sa.ID, expires), sa.ID + "/" + apiKey.ID}

	secret := "s3cret-from-the-dashboard"
	_, err = env.Client.PutSSO(ctx, env.OrganizationID, client.SSOUpdate{Enabled: true, Protocol: "oidc",
		IssuerURL: "https://login.example.com/oauth2", ClientID: prefix + "-client", ClientSecret: &secret,
		Scopes: []string{"openid", "email", "profile"}, Domains: []string{"example.com"}})
	must(err)
	out["zenmlpro_sso"] = adoption{"zenmlpro_sso.adopted", fmt.Sprintf(`
resource "zenmlpro_sso" "adopted" {
  issuer_url = "https://login.example.com/oauth2"
  client_id  = %q
  domains    = ["example.com"]
}
`, prefix+"-client"), env.OrganizationID}

	orgName := prefix + "-org"
	_, err = env.Client.CreateOrganization(ctx, client.OrganizationCreate{Name: orgName, Description: "made by sign-up", TrustedDomains: []string{"adopted.example.com"}})
	must(err)
	out["zenmlpro_organization"] = adoption{"zenmlpro_organization.adopted", fmt.Sprintf(`
resource "zenmlpro_organization" "adopted" {
  name            = %q
  description     = "made by sign-up"
  trusted_domains = ["adopted.example.com"]
}
`, orgName), orgName}
	return out
}

// TestAccImport_emptyPlan adopts one object of every resource type, made outside Terraform, with a
// configuration that describes it: the import {} block plans a no-op import (nothing to change,
// nothing replaced), and once imported the next plan is empty. Then the objects are let go of
// with removed blocks (they stay, as adopted objects should).
func TestAccImport_emptyPlan(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // organizations and SSO are made through the API, as only a self-hosted control plane allows
	cases := adoptions(t, env, acctest.RandomName("adopt"))
	for _, typ := range []string{
		"zenmlpro_organization", "zenmlpro_workspace", "zenmlpro_team", "zenmlpro_team_member", "zenmlpro_team_members",
		"zenmlpro_invitation", "zenmlpro_role", "zenmlpro_role_binding", "zenmlpro_sso", "zenmlpro_service_account",
		"zenmlpro_api_key",
	} {
		c, ok := cases[typ]
		if !ok {
			t.Fatalf("no adoption case for %s", typ)
		}
		t.Run(typ, func(t *testing.T) {
			config := env.Config(c.config)
			withImport := config + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", c.address, c.importID)
			release := env.Config(fmt.Sprintf("\nremoved {\n  from = %s\n  lifecycle {\n    destroy = false\n  }\n}\n", c.address))
			// In parallel: one mock, one object of each type; the cases do not meet.
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.Factories(),
				Steps: []resource.TestStep{
					{
						// The import block's plan: an import, and no change at all.
						Config:          config,
						ResourceName:    c.address,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithID,
						ImportStateId:   c.importID,
					},
					// Imported (the apply must leave an empty plan), then planned again.
					{Config: withImport},
					{Config: config, PlanOnly: true},
					{Config: release},
				},
			})
		})
	}
}
