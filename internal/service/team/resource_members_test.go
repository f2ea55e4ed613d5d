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

const membersAddr = "zenmlpro_team_members.test"

func membersConfig(env *acctest.Env, teamID string, userIDs, invitationIDs []string) string {
	quoted := func(ids []string) string {
		q := make([]string, len(ids))
		for i, id := range ids {
			q[i] = fmt.Sprintf("%q", id)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_team_members" "test" {
  team_id        = %q
  user_ids       = %s
  invitation_ids = %s
}
`, teamID, quoted(userIDs), quoted(invitationIDs)))
}

func idsExact(ids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.StringExact(id)
	}
	return knownvalue.SetExact(checks)
}

// TestAccTeamMembers_authoritative covers the authoritative member list: create (removing a member
// not listed), update (adding and removing users and an invitation), import, a no-change plan,
// drift (a member added outside Terraform is removed; one removed outside is added back), an
// invitation accepted (no change planned, then moved into user_ids without an API change) and
// destroy (the listed members removed).
func TestAccTeamMembers_authoritative(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	ctx := context.Background()
	teamID := createTeam(t, env, acctest.RandomName("authoritative"))
	ann, bob, cy := userID(t, env, "ann@example.com"), userID(t, env, "bob@example.com"), userID(t, env, "cy@example.com")
	dana := invite(t, env, "dana@example.com")
	// Cy is a member before Terraform takes the list over.
	if _, err := env.Client.AddTeamMember(ctx, teamID, client.SubjectUser, cy); err != nil {
		t.Fatal(err)
	}
	var danaUser string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{
			{
				Config: membersConfig(env, teamID, []string{ann, bob}, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("id"), knownvalue.StringExact(teamID)),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact(ann, bob)),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invitation_ids"), idsExact()),
				},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+ann, "user:"+bob) },
			},
			{
				Config: membersConfig(env, teamID, []string{ann, cy}, []string{dana}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					return expectMembers(env, teamID, "user:"+ann, "user:"+cy, "invitation:"+dana)
				},
			},
			{ResourceName: membersAddr, ImportState: true, ImportStateId: teamID, ImportStateVerify: true},
			{Config: membersConfig(env, teamID, []string{ann, cy}, []string{dana}), PlanOnly: true},
			{
				// Drift: Bob added outside Terraform; the plan removes him, and so does the apply.
				PreConfig: func() {
					if _, err := env.Client.AddTeamMember(ctx, teamID, client.SubjectUser, bob); err != nil {
						t.Fatal(err)
					}
				},
				Config: membersConfig(env, teamID, []string{ann, cy}, []string{dana}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact(ann, cy)),
				}},
				Check: func(*terraform.State) error {
					return expectMembers(env, teamID, "user:"+ann, "user:"+cy, "invitation:"+dana)
				},
			},
			{
				// Drift: Cy removed outside Terraform; the apply adds her back.
				PreConfig: func() {
					if err := env.Client.RemoveTeamMember(ctx, teamID, client.SubjectUser, cy); err != nil {
						t.Fatal(err)
					}
				},
				Config: membersConfig(env, teamID, []string{ann, cy}, []string{dana}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					return expectMembers(env, teamID, "user:"+ann, "user:"+cy, "invitation:"+dana)
				},
			},
			{
				// Dana accepts: her membership moves to her new user, which the resource counts as
				// the invitation's; no change is planned.
				PreConfig: func() {
					var err error
					if danaUser, err = env.Mock.AcceptInvitation(dana); err != nil {
						t.Fatal(err)
					}
				},
				Config:           membersConfig(env, teamID, []string{ann, cy}, []string{dana}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("user_ids"), idsExact(ann, cy)),
					statecheck.ExpectKnownValue(membersAddr, tfjsonpath.New("invitation_ids"), idsExact(dana)),
				},
				Check: func(*terraform.State) error {
					return expectMembers(env, teamID, "user:"+ann, "user:"+cy, "user:"+danaUser)
				},
			},
			{
				// Moving Dana from invitation_ids to user_ids (her id looked up by email) is an
				// update that changes nothing in the API.
				PreConfig: env.Mock.ResetStats,
				Config: env.Config(fmt.Sprintf(`
data "zenmlpro_user" "dana" {
  email = "dana@example.com"
}

resource "zenmlpro_team_members" "test" {
  team_id        = %q
  user_ids       = [%q, %q, data.zenmlpro_user.dana.id]
  invitation_ids = []
}
`, teamID, ann, cy)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(membersAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if w := env.Mock.Stats().Writes; w != 0 {
						return fmt.Errorf("moving an accepted invitation into user_ids made %d writes, want 0", w)
					}
					return expectMembers(env, teamID, "user:"+ann, "user:"+cy, "user:"+danaUser)
				},
			},
		},
	})
}

// TestAccTeamMembers_invalid: a malformed id in a set is refused at plan time.
func TestAccTeamMembers_invalid(t *testing.T) {
	env := acctest.New(t)
	const team = "123e4567-e89b-12d3-a456-426614174000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				Config:      membersConfig(env, team, []string{"ann@example.com"}, nil),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"ann@example.com" is not a UUID.`),
			},
			{
				Config:      membersConfig(env, "my-team", nil, nil),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"my-team" is not a UUID.`),
			},
			{
				Config:      membersConfig(env, team, nil, []string{"42"}),
				PlanOnly:    true,
				ExpectError: acctest.ErrorText(`"42" is not a UUID.`),
			},
		},
	})
	if env.Mock != nil {
		if writes := env.Mock.Stats().Writes; writes != 0 {
			t.Errorf("invalid configurations reached the API: %d writes", writes)
		}
	}
}
