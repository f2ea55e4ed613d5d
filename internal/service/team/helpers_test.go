package team_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// userID returns the id of the seeded user with the email.
func userID(t *testing.T, env *acctest.Env, email string) string {
	t.Helper()
	users, err := env.Client.FindUsersByEmail(context.Background(), email)
	if err != nil || len(users) != 1 {
		t.Fatalf("finding user %s: %d found, %v", email, len(users), err)
	}
	return users[0].ID
}

// orgMemberRoleID returns the id of the built-in Organization Member role.
func orgMemberRoleID(t *testing.T, env *acctest.Env) string {
	t.Helper()
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, client.LevelOrganization, "Organization Member")
	if err != nil || len(roles) != 1 {
		t.Fatalf("finding the Organization Member role: %d found, %v", len(roles), err)
	}
	return roles[0].ID
}

// createTeam makes a team outside Terraform.
func createTeam(t *testing.T, env *acctest.Env, name string) string {
	t.Helper()
	team, err := env.Client.CreateTeam(context.Background(), client.TeamCreate{OrganizationID: env.OrganizationID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return team.ID
}

// invite invites an email outside Terraform and returns the invitation's id.
func invite(t *testing.T, env *acctest.Env, email string) string {
	t.Helper()
	inv, err := env.Client.CreateInvitation(context.Background(), env.OrganizationID,
		client.InvitationCreate{Email: email, RoleID: orgMemberRoleID(t, env)})
	if err != nil {
		t.Fatal(err)
	}
	return inv.ID
}

// apiMembers lists a team's members as "user:<id>" and "invitation:<id>", sorted.
func apiMembers(teamID string, env *acctest.Env) ([]string, error) {
	members, err := env.Client.ListTeamMembers(context.Background(), teamID)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, m := range members {
		switch {
		case m.User != nil:
			out = append(out, "user:"+m.User.ID)
		case m.Invitation != nil:
			out = append(out, "invitation:"+m.Invitation.ID)
		}
	}
	slices.Sort(out)
	return out, nil
}

// expectMembers checks the team's members in the API.
func expectMembers(env *acctest.Env, teamID string, want ...string) error {
	got, err := apiMembers(teamID, env)
	if err != nil {
		return err
	}
	want = slices.Clone(want)
	slices.Sort(want)
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		return fmt.Errorf("team %s has members %v in the API, want %v", teamID, got, want)
	}
	return nil
}

// expectMembersOf is expectMembers for the team of a resource in state.
func expectMembersOf(env *acctest.Env, teamAddr string, want ...string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		teamID, err := acctest.ResourceID(s, teamAddr)
		if err != nil {
			return err
		}
		return expectMembers(env, teamID, want...)
	}
}
