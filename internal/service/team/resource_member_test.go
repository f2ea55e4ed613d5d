package team_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

const memberAddr = "zenmlpro_team_member.test"

func memberConfig(env *acctest.Env, teamID, subject string) string {
	return env.Config(fmt.Sprintf(`
resource "zenmlpro_team_member" "test" {
  team_id = %q
  %s
}
`, teamID, subject))
}

// checkNoMembers is a CheckDestroy: the team (made outside Terraform, so it outlives the test's
// resources) has no members left.
func checkNoMembers(env *acctest.Env, teamID string) resource.TestCheckFunc {
	return func(*terraform.State) error { return expectMembers(env, teamID) }
}

// TestAccTeamMember_user covers a user membership: create by user_id, import, a no-change plan,
// drift (removed outside Terraform: re-created), replacement by another user and by an email
// that resolves to a user, and destroy.
func TestAccTeamMember_user(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	teamID := createTeam(t, env, acctest.RandomName("members"))
	ann, bob, cy := userID(t, env, "ann@example.com"), userID(t, env, "bob@example.com"), userID(t, env, "cy@example.com")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{
			{
				Config: memberConfig(env, teamID, fmt.Sprintf("user_id = %q", ann)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(teamID+"/"+ann)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("invitation_id"), knownvalue.Null()),
					// Named by id: the member's email, so that the configuration may name them either way.
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email"), knownvalue.StringExact("ann@example.com")),
				},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+ann) },
			},
			{ResourceName: memberAddr, ImportState: true, ImportStateId: teamID + "/" + ann, ImportStateVerify: true},
			{ResourceName: memberAddr, ImportState: true, ImportStateId: teamID + "/ann@example.com", ImportStateVerify: true},
			{
				// The same member named by email instead: no replacement, no change.
				Config: memberConfig(env, teamID, `email = "ann@example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionNoop),
				}},
			},
			{Config: memberConfig(env, teamID, fmt.Sprintf("user_id = %q", ann)), PlanOnly: true},
			{
				// Drift: removed outside Terraform; the membership is planned again and re-created.
				PreConfig: func() {
					if err := env.Client.RemoveTeamMember(ctx, teamID, client.SubjectUser, ann); err != nil {
						t.Fatal(err)
					}
				},
				Config: memberConfig(env, teamID, fmt.Sprintf("user_id = %q", ann)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+ann) },
			},
			{
				Config: memberConfig(env, teamID, fmt.Sprintf("user_id = %q", bob)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+bob) },
			},
			{
				// An email resolves, at creation, to the organization's user with that address.
				Config: memberConfig(env, teamID, `email = "Cy@Example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(cy)),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("invitation_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(teamID+"/"+cy)),
				},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+cy) },
			},
			{Config: memberConfig(env, teamID, `email = "Cy@Example.com"`), PlanOnly: true},
		},
	})
}

// TestAccTeamMember_importByEmail adopts a membership made outside Terraform into a configuration
// that names the member by email: imported by "<team_id>/<email>" or by "<team_id>/<user_id>",
// the import plans no change (email used to be null after an import, and a configured email then
// planned a replacement: the member removed and added back), and the same address in other
// letter case is an in-place change of notation, not a replacement.
func TestAccTeamMember_importByEmail(t *testing.T) {
	env := acctest.New(t)
	ctx := context.Background()
	teamID := createTeam(t, env, acctest.RandomName("adopted"))
	ann := userID(t, env, "ann@example.com")
	if _, err := env.Client.AddTeamMember(ctx, teamID, client.SubjectUser, ann); err != nil {
		t.Fatal(err)
	}
	byEmail := memberConfig(env, teamID, `email = "ann@example.com"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{
			// An import block by email plans a no-op import.
			{Config: byEmail, ResourceName: memberAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID, ImportStateId: teamID + "/ann@example.com"},
			{
				// An import block by user id, applied: the import itself, then an empty plan.
				Config: byEmail + fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", memberAddr, teamID+"/"+ann),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("email"), knownvalue.StringExact("ann@example.com")),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("user_id"), knownvalue.StringExact(ann)),
				},
			},
			{Config: byEmail, PlanOnly: true},
			{
				Config: memberConfig(env, teamID, `email = "Ann@Example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error { return expectMembers(env, teamID, "user:"+ann) },
			},
			{
				// Another address is another member: replaced.
				Config: memberConfig(env, teamID, `email = "bob@example.com"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(memberAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					return expectMembers(env, teamID, "user:"+userID(t, env, "bob@example.com"))
				},
			},
			{
				Config:        memberConfig(env, teamID, `email = "bob@example.com"`),
				ResourceName:  memberAddr,
				ImportState:   true,
				ImportStateId: teamID + "/nobody@example.com",
				ExpectError:   acctest.ErrorText(`has no member with the email "nobody@example.com"`),
			},
		},
	})
}

// TestAccTeamMember_invitation covers a member named by the email of a pending invitation: it
// resolves to the invitation; when the invitee accepts, the API moves the membership to the new
// user and the resource follows it without planning a change; destroy then removes the user.
func TestAccTeamMember_invitation(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	teamID := createTeam(t, env, acctest.RandomName("invitees"))
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_invitation" "dana" {
  email   = "dana@example.com"
  role_id = %q
}

resource "zenmlpro_team_member" "test" {
  team_id = %q
  email   = zenmlpro_invitation.dana.email
}
`, orgMemberRoleID(t, env), teamID))
	var invitationID, danaID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(memberAddr, tfjsonpath.New("invitation_id"),
						"zenmlpro_invitation.dana", tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("user_id"), knownvalue.Null()),
				},
				Check: func(s *terraform.State) error {
					invitationID, _ = acctest.ResourceID(s, "zenmlpro_invitation.dana")
					if id, _ := acctest.ResourceID(s, memberAddr); id != teamID+"/invitation:"+invitationID {
						return fmt.Errorf("id %q, want %q", id, teamID+"/invitation:"+invitationID)
					}
					return expectMembers(env, teamID, "invitation:"+invitationID)
				},
			},
			{
				ResourceName: memberAddr,
				ImportState:  true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return teamID + "/invitation:" + invitationID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"email"},
			},
			{
				// Dana accepts: the membership moves to her new user. The refresh follows it (user_id
				// set, invitation_id kept, id in the user form) and no change is planned.
				PreConfig: func() {
					var err error
					if danaID, err = env.Mock.AcceptInvitation(invitationID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(s *terraform.State) error {
					rs := s.RootModule().Resources[memberAddr].Primary
					if rs.ID != teamID+"/"+danaID || rs.Attributes["user_id"] != danaID || rs.Attributes["invitation_id"] != invitationID {
						return fmt.Errorf("after acceptance the state holds %v", rs.Attributes)
					}
					return expectMembers(env, teamID, "user:"+danaID)
				},
			},
			{Config: config, PlanOnly: true},
			{
				ResourceName: memberAddr,
				ImportState:  true,
				ImportStateIdFunc: func(*terraform.State) (string, error) {
					return teamID + "/" + danaID, nil
				},
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"email", "invitation_id"},
			},
		},
	})
}

// TestAccTeamMember_existing: a membership that already exists answers 409 on create; the member
// list confirms it is this very membership, so the resource adopts it.
func TestAccTeamMember_existing(t *testing.T) {
	env := acctest.New(t)
	teamID := createTeam(t, env, acctest.RandomName("existing"))
	ann := userID(t, env, "ann@example.com")
	if _, err := env.Client.AddTeamMember(context.Background(), teamID, client.SubjectUser, ann); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{{
			Config: memberConfig(env, teamID, fmt.Sprintf("user_id = %q", ann)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(memberAddr, tfjsonpath.New("id"), knownvalue.StringExact(teamID+"/"+ann)),
			},
			Check: func(*terraform.State) error {
				if env.Mock != nil {
					if n := env.Mock.Stats().Requests["POST /teams/{id}/members"]["409"]; n != 1 {
						return fmt.Errorf("want one 409 from adding the existing member, got %d", n)
					}
				}
				return expectMembers(env, teamID, "user:"+ann)
			},
		}},
	})
}

// TestAccTeamMember_cachedReads: refreshing many memberships of one team lists its members once
// per Terraform command, not once per membership.
func TestAccTeamMember_cachedReads(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t)
	teamID := createTeam(t, env, acctest.RandomName("cached"))
	config := env.Config(fmt.Sprintf(`
resource "zenmlpro_team_member" "m" {
  count   = 3
  team_id = %q
  email   = ["ann@example.com", "bob@example.com", "cy@example.com"][count.index]
}
`, teamID))
	const route = "GET /teams/{id}/members"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		CheckDestroy:             checkNoMembers(env, teamID),
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: env.Mock.ResetStats,
				Config:    config,
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					// The plan-only step ran one plan, whose refresh of the three memberships listed
					// the team once (without the cache: three times).
					n := env.Mock.Stats().Requests[route]["200"]
					if n != 1 {
						t.Errorf("%s was called %d times to refresh 3 memberships, want 1", route, n)
					}
				},
				Config:   config,
				PlanOnly: true,
			},
		},
	})
}

// TestAccTeamMember_unknownEmail: an address that is neither a member nor invited is refused with
// what to do.
func TestAccTeamMember_unknownEmail(t *testing.T) {
	env := acctest.New(t)
	teamID := createTeam(t, env, acctest.RandomName("unknown"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{{
			Config:      memberConfig(env, teamID, `email = "nobody@example.com"`),
			ExpectError: acctest.ErrorText(`has no member and no pending invitation with the email "nobody@example.com"`),
		}},
	})
}

// TestAccTeamMember_invalid: bad input is refused at plan time with a message naming the fix.
func TestAccTeamMember_invalid(t *testing.T) {
	env := acctest.New(t)
	const team = "123e4567-e89b-12d3-a456-426614174000"
	const user = `user_id = "123e4567-e89b-12d3-a456-426614174001"`
	cases := []struct{ team, subject, want string }{
		{team, user + "\n  email = \"ann@example.com\"",
			"A zenmlpro_team_member names exactly one member, but this one sets user_id and email. Keep only one of user_id, invitation_id or email"},
		{team, user + "\n  invitation_id = \"123e4567-e89b-12d3-a456-426614174002\"",
			"but this one sets user_id and invitation_id."},
		{team, "", "A zenmlpro_team_member names exactly one member: set one of user_id, invitation_id or email."},
		{team, `email = "ann@"`, `"ann@" is not an email address. Use the form name@example.com.`},
		{"team-1", user, `"team-1" is not a UUID.`},
		{team, `user_id = "ann"`, `"ann" is not a UUID.`},
		{team, `invitation_id = "123E4567-E89B-12D3-A456-426614174002"`, `"123E4567-E89B-12D3-A456-426614174002" is not a UUID.`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      memberConfig(env, c.team, c.subject),
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
