package rolebinding_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// The size of TestAccRoleBinding_listCaching: every role bound to every team.
const (
	cachingRoles = 10
	cachingTeams = 50
)

// TestAccRoleBinding_listCaching: refreshing 500 bindings (10 roles x 50 teams) lists each role's
// assignments once, through the client's per-role cache, instead of making one call per binding.
func TestAccRoleBinding_listCaching(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // counts the mock's requests
	ctx := context.Background()
	setupStart := time.Now()
	roles := make([]string, 0, cachingRoles)
	for i := range cachingRoles {
		r, err := env.Client.CreateRole(ctx, client.RoleCreate{
			OrganizationID: env.OrganizationID, Name: fmt.Sprintf("Caching role %02d", i),
			Level: client.LevelOrganization, Permissions: []string{"organization:read"},
		})
		if err != nil {
			t.Fatal(err)
		}
		roles = append(roles, fmt.Sprintf("%q", r.ID))
	}
	teams := make([]string, 0, cachingTeams)
	for i := range cachingTeams {
		team, err := env.Client.CreateTeam(ctx, client.TeamCreate{OrganizationID: env.OrganizationID, Name: fmt.Sprintf("caching-team-%02d", i)})
		if err != nil {
			t.Fatal(err)
		}
		teams = append(teams, fmt.Sprintf("%q", team.ID))
	}
	config := env.Config(fmt.Sprintf(`
locals {
  roles = [%s]
  teams = [%s]
  pairs = setproduct(local.roles, local.teams)
}

# count rather than for_each: the test harness's state reader does not take string instance keys.
resource "zenmlpro_role_binding" "all" {
  count   = length(local.pairs)
  role_id = local.pairs[count.index][0]
  team_id = local.pairs[count.index][1]
}
`, strings.Join(roles, ", "), strings.Join(teams, ", ")))

	var applyStart, refreshStart time.Time
	t.Logf("setup (%d roles, %d teams through the API): %s", cachingRoles, cachingTeams, time.Since(setupStart).Round(time.Millisecond))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.Factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() { applyStart = time.Now() },
				Config:    config,
				Check: func(s *terraform.State) error {
					t.Logf("create step (plan, apply, refresh and plan of %d bindings): %s", cachingRoles*cachingTeams, time.Since(applyStart).Round(time.Millisecond))
					n := 0
					for _, rs := range s.RootModule().Resources {
						if rs.Type == "zenmlpro_role_binding" {
							n++
						}
					}
					if n != cachingRoles*cachingTeams {
						return fmt.Errorf("%d bindings in state, want %d", n, cachingRoles*cachingTeams)
					}
					total := 0
					for _, r := range roles {
						list, err := env.Client.ListRoleAssignments(ctx, strings.Trim(r, `"`), "", "")
						if err != nil {
							return err
						}
						total += len(list)
					}
					if total != cachingRoles*cachingTeams {
						return fmt.Errorf("the API holds %d assignments of the roles, want %d", total, cachingRoles*cachingTeams)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					env.Mock.ResetStats()
					refreshStart = time.Now()
				},
				RefreshState: true,
				// Runs after the refresh, before the plan that follows it.
				Check: func(*terraform.State) error {
					elapsed := time.Since(refreshStart).Round(time.Millisecond)
					stats := env.Mock.Stats()
					lists := sum(stats.Requests["GET /roles/{id}/assignments"])
					gets := sum(stats.Requests["GET /roles/{id}"])
					t.Logf("refresh of %d bindings: %s, %d API requests: %d assignment lists, %d role reads; all routes: %v",
						cachingRoles*cachingTeams, elapsed, stats.Total, lists, gets, stats.Requests)
					if lists > 2*cachingRoles {
						return fmt.Errorf("the refresh listed assignments %d times; want at most %d (one per role)", lists, 2*cachingRoles)
					}
					if lists < cachingRoles {
						return fmt.Errorf("the refresh listed assignments only %d times for %d roles: did it read at all?", lists, cachingRoles)
					}
					if gets > 0 || stats.Writes > 0 {
						return fmt.Errorf("the refresh made %d role reads and %d writes, want none", gets, stats.Writes)
					}
					if other := stats.Total - lists - sum(stats.Requests["POST /auth/login"]); other > 0 {
						return fmt.Errorf("the refresh made %d requests besides assignment lists and the login: %v", other, stats.Requests)
					}
					return nil
				},
			},
		},
	})
}

func sum(byStatus map[string]int) int {
	n := 0
	for _, c := range byStatus {
		n += c
	}
	return n
}
