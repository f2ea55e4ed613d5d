package team_test

import (
	"context"
	"fmt"
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

// emailsConfig is a zenmlpro_team_members that names its members by email only.
func emailsConfig(env *acctest.Env, teamID string, emails ...string) string {
	quoted := make([]string, len(emails))
	for i, e := range emails {
		quoted[i] = fmt.Sprintf("%q", e)
	}
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_team_members" "test" {
  team_id = %q
  emails  = [%s]
}
`, teamID, strings.Join(quoted, ", ")))
}

func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// invitationsOf lists the organization's invitations for email, whatever their status.
func invitationsOf(t *testing.T, env *acctest.Env, email string) []client.Invitation {
	t.Helper()
	list, err := env.Client.ListInvitations(context.Background(), env.OrganizationID, email, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []client.Invitation
	for _, inv := range list {
		if strings.EqualFold(inv.Email, email) {
			out = append(out, inv)
		}
	}
	return out
}

// pendingInvitation returns the id of the one pending invitation for email, failing otherwise.
func pendingInvitation(t *testing.T, env *acctest.Env, email string) string {
	t.Helper()
	var pending []client.Invitation
	for _, inv := range invitationsOf(t, env, email) {
		if inv.Status == client.InvitationPending {
			pending = append(pending, inv)
		}
	}
	if len(pending) != 1 {
		t.Fatalf("%d pending invitations for %s, want 1", len(pending), email)
	}
	return pending[0].ID
}

// expectNoPendingInvitation checks that email has no pending invitation left.
func expectNoPendingInvitation(t *testing.T, env *acctest.Env, email string) error {
	for _, inv := range invitationsOf(t, env, email) {
		if inv.Status == client.InvitationPending {
			return fmt.Errorf("invitation %s for %s is still pending", inv.ID, email)
		}
	}
	return nil
}

// TestAccTeamMembers_emails covers members named by email: create with existing users and new
// addresses (invited with the default role, a pending invitation made elsewhere used as it is),
// an invitation accepted (no change planned), addresses removed (the invitation the resource sent
// revoked, the other one left pending), import, drift (memberships removed outside put back,
// without a second invitation) and destroy (its pending invitations revoked, others untouched).
func TestAccTeamMembers_emails(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	teamID := createTeam(t, env, acctest.RandomName("idp-group"))
	ann, bob := userID(t, env, "ann@example.com"), userID(t, env, "bob@example.com")
	memberRole := orgMemberRoleID(t, env)
	// Finn was invited outside this resource (a zenmlpro_invitation, say): it is used, never revoked.
	finn := invite(t, env, "finn@example.com")
	var dana, erin, hal, danaUser string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if err := expectMembers(env, teamID); err != nil {
				return err
			}
			if err := expectNoPendingInvitation(t, env, "hal@example.com"); err != nil {
				return fmt.Errorf("destroy did not revoke the invitation it sent: %w", err)
			}
			if got := pendingInvitation(t, env, "finn@example.com"); got != finn {
				return fmt.Errorf("destroy touched the invitation it did not send (finn: %s, want %s)", got, finn)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: emailsConfig(env, teamID, "ann@example.com", "bob@example.com", "dana@example.com",
					"erin@example.com", "finn@example.com"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("emails"), stringsExact(
						"ann@example.com", "bob@example.com", "dana@example.com", "erin@example.com", "finn@example.com")),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact()),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invitation_ids"), idsExact()),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("default_invitation_role_id"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					dana, erin = pendingInvitation(t, env, "dana@example.com"), pendingInvitation(t, env, "erin@example.com")
					if got := pendingInvitation(t, env, "finn@example.com"); got != finn {
						return fmt.Errorf("finn has invitation %s, want the one made before (%s)", got, finn)
					}
					for _, email := range []string{"dana@example.com", "erin@example.com"} {
						inv := invitationsOf(t, env, email)[0]
						if inv.Role == nil || inv.Role.ID != memberRole {
							return fmt.Errorf("the invitation of %s gives %+v, want the built-in Organization Member (%s)", email, inv.Role, memberRole)
						}
					}
					return expectMembers(env, teamID, "user:"+ann, "user:"+bob,
						"invitation:"+dana, "invitation:"+erin, "invitation:"+finn)
				},
			},
			{
				Config: emailsConfig(env, teamID, "ann@example.com", "bob@example.com", "dana@example.com",
					"erin@example.com", "finn@example.com"),
				PlanOnly: true,
			},
			{
				// Dana accepts: her membership moves to her new user, who carries the address; no
				// change is planned and nothing is written.
				PreConfig: func() {
					var err error
					if danaUser, err = env.Mock.AcceptInvitation(dana); err != nil {
						t.Fatal(err)
					}
					env.Mock.ResetStats()
				},
				Config: emailsConfig(env, teamID, "ann@example.com", "bob@example.com", "dana@example.com",
					"erin@example.com", "finn@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact()),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invitation_ids"), idsExact()),
				},
				Check: func(*terraform.State) error {
					if w := env.Mock.Stats().Writes; w != 0 {
						return fmt.Errorf("an accepted invitation made %d writes, want 0", w)
					}
					return expectMembers(env, teamID, "user:"+ann, "user:"+bob, "user:"+danaUser,
						"invitation:"+erin, "invitation:"+finn)
				},
			},
			{
				// Bob, Erin and Finn leave the group, Hal joins: Erin's invitation (sent by the
				// resource) is revoked; Finn's (made elsewhere) only leaves the team.
				Config: emailsConfig(env, teamID, "ann@example.com", "dana@example.com", "hal@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					hal = pendingInvitation(t, env, "hal@example.com")
					if err := expectNoPendingInvitation(t, env, "erin@example.com"); err != nil {
						return fmt.Errorf("removing an address did not revoke the invitation the resource sent: %w", err)
					}
					if got := pendingInvitation(t, env, "finn@example.com"); got != finn {
						return fmt.Errorf("removing finn's address revoked an invitation the resource did not send")
					}
					return expectMembers(env, teamID, "user:"+ann, "user:"+danaUser, "invitation:"+hal)
				},
			},
			{
				// An import cannot tell which members came from emails: they show as users and
				// invitations, and the resource owns no invitation.
				ResourceName: membersAddr, ImportState: true, ImportStateId: teamID,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if a["emails.#"] != "0" || a["user_ids.#"] != "2" || a["invitation_ids.#"] != "1" {
						return fmt.Errorf("imported %s emails, %s users and %s invitations, want 0, 2 and 1",
							a["emails.#"], a["user_ids.#"], a["invitation_ids.#"])
					}
					return nil
				},
			},
			{
				// Drift: Ann's membership and Hal's invitation removed outside Terraform. The apply
				// puts both back, with the same invitation (no second one is sent).
				PreConfig: func() {
					if err := env.Client.RemoveTeamMember(ctx, teamID, client.SubjectUser, ann); err != nil {
						t.Fatal(err)
					}
					if err := env.Client.RemoveTeamMember(ctx, teamID, client.SubjectInvitation, hal); err != nil {
						t.Fatal(err)
					}
				},
				Config: emailsConfig(env, teamID, "ann@example.com", "dana@example.com", "hal@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := pendingInvitation(t, env, "hal@example.com"); got != hal {
						return fmt.Errorf("drift sent hal a new invitation (%s), want the pending one (%s) reused", got, hal)
					}
					return expectMembers(env, teamID, "user:"+ann, "user:"+danaUser, "invitation:"+hal)
				},
			},
			{Config: emailsConfig(env, teamID, "ann@example.com", "dana@example.com", "hal@example.com"), PlanOnly: true},
		},
	})
}

// TestAccTeamMembers_emailsImport: a team whose members were added outside Terraform is imported
// with an import block; the configuration's emails then stand for them, which plans an update
// that writes nothing, and destroy removes them without revoking an invitation it did not send.
func TestAccTeamMembers_emailsImport(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	teamID := createTeam(t, env, acctest.RandomName("imported"))
	ann := userID(t, env, "ann@example.com")
	gus := invite(t, env, "gus@example.com")
	for _, m := range []struct{ kind, id string }{{client.SubjectUser, ann}, {client.SubjectInvitation, gus}} {
		if _, err := env.Client.AddTeamMember(ctx, teamID, m.kind, m.id); err != nil {
			t.Fatal(err)
		}
	}
	config := env.Config(fmt.Sprintf(`
import {
  to = zenmlpro_team_members.test
  id = %q
}

resource "zenmlpro_team_members" "test" {
  team_id = %q
  emails  = ["ann@example.com", "gus@example.com"]
}
`, teamID, teamID))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			if got := pendingInvitation(t, env, "gus@example.com"); got != gus {
				return fmt.Errorf("destroy revoked gus's invitation, which the imported resource did not send")
			}
			return expectMembers(env, teamID)
		},
		Steps: []resource.TestStep{
			{
				PreConfig: env.Mock.ResetStats,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("emails"), stringsExact("ann@example.com", "gus@example.com")),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact()),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invitation_ids"), idsExact()),
				},
				Check: func(*terraform.State) error {
					if w := env.Mock.Stats().Writes; w != 0 {
						return fmt.Errorf("adopting the members by email made %d writes, want 0", w)
					}
					return expectMembers(env, teamID, "user:"+ann, "invitation:"+gus)
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccTeamMembers_emailsShared: two teams list the same new address (a person in two groups of
// the identity provider). One invitation serves both; the team that sent it does not revoke it
// while the other still has it, and revokes it once neither does.
func TestAccTeamMembers_emailsShared(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	first, second := createTeam(t, env, acctest.RandomName("first")), createTeam(t, env, acctest.RandomName("second"))
	ann := userID(t, env, "ann@example.com")
	config := func(firstEmails, secondEmails string) string {
		// depends_on makes the first team's resource send the invitation.
		return env.Config(fmt.Sprintf(`
resource "zenmlpro_team_members" "first" {
  team_id = %q
  emails  = %s
}

resource "zenmlpro_team_members" "second" {
  team_id    = %q
  emails     = %s
  depends_on = [zenmlpro_team_members.first]
}
`, first, firstEmails, second, secondEmails))
	}
	var ivy string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config: config(`["ivy@example.com"]`, `["ivy@example.com"]`),
				Check: func(*terraform.State) error {
					ivy = pendingInvitation(t, env, "ivy@example.com") // exactly one, for both teams
					if err := expectMembers(env, first, "invitation:"+ivy); err != nil {
						return err
					}
					return expectMembers(env, second, "invitation:"+ivy)
				},
			},
			{
				// The first team lets ivy go; the second still has her invitation: not revoked.
				Config: config(`[]`, `["ivy@example.com"]`),
				Check: func(*terraform.State) error {
					if got := pendingInvitation(t, env, "ivy@example.com"); got != ivy {
						return fmt.Errorf("ivy's invitation is %s, want %s still pending", got, ivy)
					}
					if err := expectMembers(env, first); err != nil {
						return err
					}
					return expectMembers(env, second, "invitation:"+ivy)
				},
			},
			{
				// The second team lets ivy go too; it did not send the invitation, so it stays.
				Config: config(`[]`, `[]`),
				Check: func(*terraform.State) error {
					if got := pendingInvitation(t, env, "ivy@example.com"); got != ivy {
						return fmt.Errorf("the team that did not send ivy's invitation revoked it")
					}
					return expectMembers(env, second)
				},
			},
			{
				// The next apply of the first team revokes it: no team uses it any more.
				Config: config(`["ann@example.com"]`, `[]`),
				Check: func(*terraform.State) error {
					if err := expectNoPendingInvitation(t, env, "ivy@example.com"); err != nil {
						return fmt.Errorf("the team that sent it did not revoke it once unused: %w", err)
					}
					return expectMembers(env, first, "user:"+ann)
				},
			},
		},
	})
}

// TestAccTeamMembers_emailsInvalid: addresses are checked at plan time.
func TestAccTeamMembers_emailsInvalid(t *testing.T) {
	env := acctest.New(t)
	const team = "123e4567-e89b-12d3-a456-426614174000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      emailsConfig(env, team, "ann@example.com", "not-an-address"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"not-an-address" is not an email address. Use the form name@example.com.`),
			},
			{
				Config:      emailsConfig(env, team, "ann@example.com", "Ann@Example.com"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"Ann@Example.com" and "ann@example.com" are the same address`),
			},
			{
				Config: env.Config(fmt.Sprintf(`
resource "zenmlpro_team_members" "test" {
  team_id                    = %q
  emails                     = ["ann@example.com"]
  default_invitation_role_id = "Organization Member"
}
`, team)),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"Organization Member" is not a UUID.`),
			},
		},
	})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}

// TestAccTeamMembers_emailsRole: default_invitation_role_id gives the invitations that role, and a
// role of another level is refused: a warning at plan time for a new resource (an error there
// would also stop the refresh before terraform destroy), an error when the apply reaches it,
// before any invitation is sent.
func TestAccTeamMembers_emailsRole(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	teamID := createTeam(t, env, acctest.RandomName("viewers"))
	config := func(roleID string) string {
		return env.Config(fmt.Sprintf(`
resource "zenmlpro_team_members" "test" {
  team_id                    = %q
  emails                     = ["jo@example.com"]
  default_invitation_role_id = %q
}
`, teamID, roleID))
	}
	viewer := env.RoleID(t, "Organization Viewer")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      config(env.RoleID(t, "Workspace Viewer")),
				ExpectError: acctest.ErrorText(`Role "Workspace Viewer" is a workspace-level role; an invitation gives an organization-level role.`),
			},
			{
				PreConfig: func() {
					if inv := invitationsOf(t, env, "jo@example.com"); len(inv) != 0 {
						t.Errorf("an invitation was sent with a refused role: %+v", inv)
					}
				},
				Config: config(viewer),
				Check: func(*terraform.State) error {
					inv := invitationsOf(t, env, "jo@example.com")
					if len(inv) != 1 || inv[0].Role == nil || inv[0].Role.ID != viewer {
						return fmt.Errorf("jo's invitations: %+v, want one giving Organization Viewer (%s)", inv, viewer)
					}
					return expectMembers(env, teamID, "invitation:"+inv[0].ID)
				},
			},
		},
	})
}
