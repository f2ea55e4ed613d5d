package invitation_test

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
)

const addr = "zenmlpro_invitation.test"

func roleID(t *testing.T, env *acctest.Env, name string) string {
	t.Helper()
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", name)
	if err != nil || len(roles) != 1 {
		t.Fatalf("finding role %q: %d found, %v", name, len(roles), err)
	}
	return roles[0].ID
}

func invitationConfig(env *acctest.Env, email, role string, removeMember bool) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_invitation" "test" {
  email                    = %q
  role_id                  = %q
  remove_member_on_destroy = %t
}
`, email, role, removeMember))
}

// apiInvitation reads the invitation of addr from the API.
func apiInvitation(env *acctest.Env, s *terraform.State) (*client.Invitation, error) {
	id, err := acctest.ResourceID(s, addr)
	if err != nil {
		return nil, err
	}
	return env.Client.GetInvitation(context.Background(), env.OrganizationID, id, "")
}

// isOrgMember reports whether the email belongs to a user who is a member of the organization.
func isOrgMember(env *acctest.Env, email string) (bool, error) {
	members, err := env.Client.ListOrganizationMembers(context.Background(), env.OrganizationID)
	if err != nil {
		return false, err
	}
	for _, m := range members {
		if m.User != nil && m.User.Email != nil && strings.EqualFold(*m.User.Email, email) {
			return true, nil
		}
	}
	return false, nil
}

// TestAccInvitation_lifecycle covers a pending invitation: create, an in-place update of
// remove_member_on_destroy, import in both ID formats, a no-change plan, drift (revoked outside
// Terraform: invited again), a replacement by another role, acceptance (status and user_id
// recorded without a planned change) and destroy with remove_member_on_destroy = true, which
// removes the new member from the organization.
func TestAccInvitation_lifecycle(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	const email = "dana@example.com"
	member, viewer := roleID(t, env, "Organization Member"), roleID(t, env, "Organization Viewer")
	var userID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			in, err := isOrgMember(env, email)
			if err != nil {
				return err
			}
			if in {
				return fmt.Errorf("after destroy with remove_member_on_destroy = true, %s is still a member", email)
			}
			users, err := env.Client.FindUsersByEmail(ctx, email)
			if err == nil && len(users) != 0 {
				err = fmt.Errorf("GET /users?email=%s still finds %d users", email, len(users))
			}
			return err
		},
		Steps: []resource.TestStep{
			{
				Config: invitationConfig(env, email, member, false),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("organization_id"), knownvalue.StringExact(env.OrganizationID)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("remove_member_on_destroy"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("expires"), knownvalue.NotNull()),
				},
				Check: func(s *terraform.State) error {
					inv, err := apiInvitation(env, s)
					if err == nil && (inv.Email != email || inv.Role.ID != member || inv.Status != client.InvitationPending) {
						err = fmt.Errorf("API holds %+v", inv)
					}
					return err
				},
			},
			{
				Config: invitationConfig(env, email, member, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("remove_member_on_destroy"), knownvalue.Bool(true)),
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"remove_member_on_destroy"},
			},
			{
				ResourceName: addr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := acctest.ResourceID(s, addr)
					return env.OrganizationID + "/" + id, err
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"remove_member_on_destroy"},
			},
			{Config: invitationConfig(env, email, member, true), PlanOnly: true},
			{
				// Drift: revoked outside Terraform; a new invitation is planned and sent.
				PreConfig: func() {
					list, err := env.Client.ListInvitations(ctx, env.OrganizationID, email, true)
					if err != nil || len(list) != 1 {
						t.Fatalf("finding the invitation: %d, %v", len(list), err)
					}
					if err := env.Client.DeleteInvitation(ctx, env.OrganizationID, list[0].ID); err != nil {
						t.Fatal(err)
					}
				},
				Config: invitationConfig(env, email, member, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					_, err := apiInvitation(env, s)
					return err
				},
			},
			{
				// Another role replaces the invitation (revoke, invite again).
				Config: invitationConfig(env, email, viewer, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(s *terraform.State) error {
					list, err := env.Client.ListInvitations(ctx, env.OrganizationID, email, true)
					if err == nil && (len(list) != 1 || list[0].Role.ID != viewer) {
						err = fmt.Errorf("pending invitations for %s: %+v", email, list)
					}
					return err
				},
			},
			{
				// Accepted: status and user_id are recorded on refresh; nothing is planned.
				PreConfig: func() {
					list, err := env.Client.ListInvitations(ctx, env.OrganizationID, email, true)
					if err != nil || len(list) != 1 {
						t.Fatalf("finding the invitation: %d, %v", len(list), err)
					}
					if userID, err = env.Mock.AcceptInvitation(list[0].ID); err != nil {
						t.Fatal(err)
					}
				},
				Config:           invitationConfig(env, email, viewer, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("user_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f-]{36}$`))),
				},
				Check: func(s *terraform.State) error {
					if got, _ := acctest.Attribute(s, addr, "user_id"); got != userID {
						return fmt.Errorf("user_id %q, want %q", got, userID)
					}
					in, err := isOrgMember(env, email)
					if err == nil && !in {
						err = fmt.Errorf("%s is not a member after accepting", email)
					}
					return err
				},
			},
			{Config: invitationConfig(env, email, viewer, true), PlanOnly: true},
		},
	})
}

// TestAccInvitation_keepMember: destroying an accepted invitation with the default
// remove_member_on_destroy = false leaves the member in the organization.
func TestAccInvitation_keepMember(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	const email = "eve@example.com"
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_invitation" "test" {
  email   = %q
  role_id = %q
}
`, email, roleID(t, env, "Organization Member")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: func(*terraform.State) error {
			in, err := isOrgMember(env, email)
			if err == nil && !in {
				err = fmt.Errorf("%s was removed from the organization, though remove_member_on_destroy is false", email)
			}
			return err
		},
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() {
					list, err := env.Client.ListInvitations(context.Background(), env.OrganizationID, email, true)
					if err != nil || len(list) != 1 {
						t.Fatalf("finding the invitation: %d, %v", len(list), err)
					}
					if _, err := env.Mock.AcceptInvitation(list[0].ID); err != nil {
						t.Fatal(err)
					}
				},
				Config:           config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
				},
			},
		},
	})
}

// TestAccInvitation_expired: an invitation that expired is replaced (revoked and sent again) on
// the next apply; a pending one that is destroyed is revoked.
func TestAccInvitation_expired(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	const email = "frank@example.com"
	config := invitationConfig(env, email, roleID(t, env, "Organization Member"), false)
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy: acctest.CheckGone("zenmlpro_invitation", client.IsNotFound, func(id string) error {
			_, err := env.Client.GetInvitation(context.Background(), env.OrganizationID, id, "")
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					var err error
					firstID, err = acctest.ResourceID(s, addr)
					return err
				},
			},
			{
				PreConfig: func() { env.Mock.AdvanceClock(8 * 24 * time.Hour) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				},
				Check: func(s *terraform.State) error {
					id, _ := acctest.ResourceID(s, addr)
					if id == firstID {
						return fmt.Errorf("the expired invitation %s was kept", id)
					}
					if _, err := env.Client.GetInvitation(context.Background(), env.OrganizationID, firstID, ""); !client.IsNotFound(err) {
						return fmt.Errorf("the expired invitation was not revoked: %w", err)
					}
					return nil
				},
			},
			{Config: config, PlanOnly: true},
		},
	})
}

// TestAccInvitation_conflict: inviting an existing member is refused with the API's reason.
func TestAccInvitation_conflict(t *testing.T) {
	env := acctest.New(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      invitationConfig(env, "ann@example.com", roleID(t, env, "Organization Member"), false),
			ExpectError: acctest.ErrorText(`Could not invite "ann@example.com" into organization`),
		}},
	})
}

// TestAccInvitation_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccInvitation_invalid(t *testing.T) {
	env := acctest.New(t)
	const role = "123e4567-e89b-12d3-a456-426614174000"
	cases := []struct{ body, want string }{
		{`email = "dana.example.com"` + "\n  role_id = \"" + role + `"`, `"dana.example.com" is not an email address. Use the form name@example.com.`},
		{`email = "dana@example.com"` + "\n  role_id = \"Organization Member\"", `"Organization Member" is not a UUID.`},
		{`email = "dana@example.com"` + "\n  role_id = \"" + role + "\"\n  organization_id = \"acme\"", `"acme" is not a UUID.`},
	}
	// Checked against the role (a read, no write): a warning at plan time (an error there would
	// stop the refresh before terraform destroy too), and an error when the apply reaches the
	// invitation, before anything is written.
	atApply := []struct{ body, want string }{
		{`email = "dana@example.com"` + "\n  role_id = \"" + roleID(t, env, "Workspace Developer") + `"`,
			`Role "Workspace Developer" is a workspace-level role; an invitation gives an organization-level role.`},
		{`email = "dana@example.com"` + "\n  role_id = \"" + role + `"`, `There is no role ` + role + ` in any organization this API key can see;`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+len(atApply)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_invitation\" \"test\" {\n  " + c.body + "\n}\n"),
			PlanOnly:    true,
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	for _, c := range atApply {
		steps = append(steps, resource.TestStep{
			Config:      env.Config("resource \"zenmlpro_invitation\" \"test\" {\n  " + c.body + "\n}\n"),
			ExpectError: acctest.ErrorText(c.want),
		})
	}
	steps = append(steps, resource.TestStep{
		ResourceName:  addr,
		ImportState:   true,
		ImportStateId: "acme/dana",
		Config:        env.Config("resource \"zenmlpro_invitation\" \"test\" {\n  email = \"dana@example.com\"\n  role_id = \"" + role + "\"\n}\n"),
		ExpectError:   acctest.ErrorText(`does not have the form <organization_id>/<invitation_id>, or <invitation_id> with the provider's organization_id, where both ids are UUIDs.`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}
