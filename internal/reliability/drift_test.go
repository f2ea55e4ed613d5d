package reliability

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/acctest"
	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// The drift suite: for every resource type, an object changed outside Terraform plans exactly
// that change back, and one deleted outside Terraform plans its re-creation; each apply restores
// the API's object, and the plan after it is empty. plugin-testing fails a step on its own when
// the provider produces an inconsistent result, and runs a refreshing plan after every apply
// that must be empty.

// snapshot holds the attributes of every resource in the last applied state, so that out-of-band
// changes (which run before a step, without access to the state) know the objects' ids.
type snapshot struct {
	mu    sync.Mutex
	attrs map[string]map[string]string
}

func (s *snapshot) record(st *terraform.State) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attrs = map[string]map[string]string{}
	for addr, rs := range st.RootModule().Resources {
		s.attrs[addr] = rs.Primary.Attributes
	}
	return nil
}

// get returns one attribute of a resource of the last applied state.
func (s *snapshot) get(addr, attr string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.attrs[addr][attr]
}

// drift is one change made outside Terraform and the plan it must produce.
type drift struct {
	what string
	// outside makes the change through the API.
	outside func(ctx context.Context, s *snapshot) error
	// attr and want: the drifted attribute and the configured value the plan must bring back.
	attr string
	want knownvalue.Check
	// verify checks, after the apply, that the API holds the configured value again.
	verify func(ctx context.Context, s *snapshot) error
}

// driftCase is the drift test of one resource type.
type driftCase struct {
	// config is the configuration (without the provider block); addr the resource under test.
	config, addr string
	// created checks the object in the API after the first apply.
	created func(ctx context.Context, s *snapshot) error
	drifts  []drift
	// remove deletes the object outside Terraform; recreated lists every resource the plan must
	// then create (addr alone unless removing the object takes others with it).
	remove    func(ctx context.Context, s *snapshot) error
	recreated []string
	// restored checks the API after the re-creation.
	restored func(ctx context.Context, s *snapshot) error
}

// runDrift runs c against env: create, each drift (plan exactly that update, apply, check the
// API), delete outside (plan a re-creation, apply, check the API), and a plan that must be empty.
func runDrift(t *testing.T, env *acctest.Env, c driftCase) {
	t.Helper()
	ctx := context.Background()
	snap := &snapshot{}
	config := env.Config(c.config)
	after := func(check func(context.Context, *snapshot) error) resource.TestCheckFunc {
		return func(st *terraform.State) error {
			if err := snap.record(st); err != nil || check == nil {
				return err
			}
			return check(ctx, snap)
		}
	}
	outside := func(what string, change func(context.Context, *snapshot) error) func() {
		return func() {
			if err := change(ctx, snap); err != nil {
				t.Fatalf("%s outside Terraform: %v", what, err)
			}
		}
	}

	steps := []resource.TestStep{{Config: config, Check: after(c.created)}}
	for _, d := range c.drifts {
		steps = append(steps, resource.TestStep{
			PreConfig: outside(d.what, d.outside),
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(c.addr, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(c.addr, tfjsonpath.New(d.attr), d.want),
				expectChangedAttributes(c.addr, d.attr),
				expectChanges(c.addr),
			}},
			Check: after(d.verify),
		})
	}
	recreated := c.recreated
	if len(recreated) == 0 {
		recreated = []string{c.addr}
	}
	checks := []plancheck.PlanCheck{expectChanges(recreated...)}
	for _, addr := range recreated {
		checks = append(checks, plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate))
	}
	steps = append(steps,
		resource.TestStep{
			PreConfig:        outside("deleting "+c.addr, c.remove),
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: checks},
			Check:            after(c.restored),
		},
		resource.TestStep{Config: config, PlanOnly: true},
	)
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: acctest.Factories(), Steps: steps})
}

// changesCheck requires that the plan changes exactly the listed resources (any other planned
// change, in this resource or another one, is an unexpected diff).
type changesCheck struct{ addrs []string }

func expectChanges(addrs ...string) plancheck.PlanCheck { return changesCheck{addrs: addrs} }

func (c changesCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var changed []string
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change == nil || rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		changed = append(changed, fmt.Sprintf("%s %v", rc.Address, rc.Change.Actions))
	}
	got := make([]string, 0, len(changed))
	for _, ch := range changed {
		got = append(got, strings.Fields(ch)[0])
	}
	want := slices.Clone(c.addrs)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		resp.Error = fmt.Errorf("the plan changes %d resource(s) %v; want exactly %v", len(changed), changed, want)
	}
}

// changedAttributesCheck requires that an update changes exactly the listed attributes of addr:
// no other attribute may differ between the prior state and the plan, or become unknown.
type changedAttributesCheck struct {
	addr  string
	attrs []string
}

func expectChangedAttributes(addr string, attrs ...string) plancheck.PlanCheck {
	return changedAttributesCheck{addr: addr, attrs: attrs}
}

func (c changedAttributesCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr || rc.Change == nil {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		unknown, _ := rc.Change.AfterUnknown.(map[string]any)
		var changed []string
		for name := range mergeKeys(before, after, unknown) {
			if isUnknown(unknown[name]) || !reflect.DeepEqual(before[name], after[name]) {
				changed = append(changed, name)
			}
		}
		slices.Sort(changed)
		want := slices.Clone(c.attrs)
		slices.Sort(want)
		if !slices.Equal(changed, want) {
			resp.Error = fmt.Errorf("%s: the plan changes the attributes %v; want exactly %v", c.addr, changed, want)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.addr)
}

func mergeKeys(maps ...map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, m := range maps {
		for k := range m {
			out[k] = true
		}
	}
	return out
}

// isUnknown reports whether an after_unknown entry marks a value (or part of it) unknown.
func isUnknown(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case []any:
		return slices.ContainsFunc(v, isUnknown)
	case map[string]any:
		for _, e := range v {
			if isUnknown(e) {
				return true
			}
		}
	}
	return false
}

// ---- helpers for out-of-band changes and API checks ----

func seededUserID(ctx context.Context, env *acctest.Env, email string) (string, error) {
	users, err := env.Client.FindUsersByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	if len(users) != 1 {
		return "", fmt.Errorf("%d users with email %s", len(users), email)
	}
	return users[0].ID, nil
}

func mustUserID(t *testing.T, env *acctest.Env, email string) string {
	t.Helper()
	id, err := seededUserID(context.Background(), env, email)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustRoleID(t *testing.T, env *acctest.Env, name string) string {
	t.Helper()
	roles, err := env.Client.ListRoles(context.Background(), env.OrganizationID, "", name)
	if err != nil || len(roles) != 1 {
		t.Fatalf("finding role %q: %d found, %v", name, len(roles), err)
	}
	return roles[0].ID
}

// teamMembers lists a team's members as "user:<id>" and "invitation:<id>", sorted.
func teamMembers(ctx context.Context, env *acctest.Env, teamID string) ([]string, error) {
	members, err := env.Client.ListTeamMembers(ctx, teamID)
	if err != nil {
		return nil, err
	}
	var out []string
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

func expectTeamMembers(ctx context.Context, env *acctest.Env, teamID string, want ...string) error {
	got, err := teamMembers(ctx, env, teamID)
	if err != nil {
		return err
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("team %s has the members %v in the API; want %v", teamID, got, want)
	}
	return nil
}

func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

func sameSet(got []string, want ...string) bool {
	got, want = slices.Clone(got), slices.Clone(want)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(got, want)
}

// ---- one test per resource type ----

func TestAccDrift_organization(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // the SaaS control plane creates organizations only by sign-up
	const addr = "zenmlpro_organization.test"
	name := acctest.RandomName("drift-org")
	check := func(ctx context.Context, s *snapshot) error {
		org, err := env.Client.GetOrganization(ctx, s.get(addr, "id"))
		if err == nil && (org.Name != name || org.Description != "as configured" || !sameSet(org.TrustedDomains, "acme.example.com")) {
			err = fmt.Errorf("the API holds %+v", org)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_organization" "test" {
  name                = %q
  description         = "as configured"
  trusted_domains     = ["acme.example.com"]
  deletion_protection = false
}
`, name),
		created: check,
		drifts: []drift{
			{
				what: "changing the description",
				outside: func(ctx context.Context, s *snapshot) error {
					changed := "changed outside"
					_, err := env.Client.UpdateOrganization(ctx, s.get(addr, "id"), client.OrganizationUpdate{Description: &changed})
					return err
				},
				attr: "description", want: knownvalue.StringExact("as configured"), verify: check,
			},
			{
				what: "adding a trusted domain",
				outside: func(ctx context.Context, s *snapshot) error {
					domains := []string{"acme.example.com", "evil.example.com"}
					_, err := env.Client.UpdateOrganization(ctx, s.get(addr, "id"), client.OrganizationUpdate{TrustedDomains: &domains})
					return err
				},
				attr: "trusted_domains", want: stringsExact("acme.example.com"), verify: check,
			},
		},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteOrganization(ctx, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_workspace(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_workspace.test"
	name := acctest.RandomName("drift-ws")
	check := func(ctx context.Context, s *snapshot) error {
		ws, err := env.Client.GetWorkspace(ctx, s.get(addr, "id"))
		if err == nil && (ws.Name != name || ws.DisplayName != "Drift (configured)" || ws.Description != "as configured") {
			err = fmt.Errorf("the API holds %+v", ws)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_workspace" "test" {
  name                = %q
  display_name        = "Drift (configured)"
  description         = "as configured"
  deletion_protection = false
}
`, name),
		created: check,
		drifts: []drift{{
			what: "renaming the display name",
			outside: func(ctx context.Context, s *snapshot) error {
				changed := "renamed outside"
				_, err := env.Client.UpdateWorkspace(ctx, s.get(addr, "id"), client.WorkspaceUpdate{DisplayName: &changed})
				return err
			},
			attr: "display_name", want: knownvalue.StringExact("Drift (configured)"), verify: check,
		}},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteWorkspace(ctx, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_team(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_team.test"
	name := acctest.RandomName("drift-team")
	check := func(ctx context.Context, s *snapshot) error {
		team, err := env.Client.GetTeam(ctx, s.get(addr, "id"))
		if err == nil && (team.Name != name || team.Description != "as configured") {
			err = fmt.Errorf("the API holds %+v", team)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name        = %q
  description = "as configured"
}
`, name),
		created: check,
		drifts: []drift{{
			what: "changing the description",
			outside: func(ctx context.Context, s *snapshot) error {
				changed := "changed outside"
				_, err := env.Client.UpdateTeam(ctx, s.get(addr, "id"), client.TeamUpdate{Description: &changed})
				return err
			},
			attr: "description", want: knownvalue.StringExact("as configured"), verify: check,
		}},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteTeam(ctx, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_teamMember(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_team_member.ann"
	ann := mustUserID(t, env, "ann@example.com")
	check := func(ctx context.Context, s *snapshot) error {
		return expectTeamMembers(ctx, env, s.get("zenmlpro_team.test", "id"), "user:"+ann)
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name = %q
}

resource "zenmlpro_team_member" "ann" {
  team_id = zenmlpro_team.test.id
  user_id = %q
}
`, acctest.RandomName("drift-member"), ann),
		created: check,
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.RemoveTeamMember(ctx, s.get(addr, "team_id"), client.SubjectUser, ann)
		},
		restored: check,
	})
}

func TestAccDrift_teamMembers(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_team_members.test"
	ann, bob, cy := mustUserID(t, env, "ann@example.com"), mustUserID(t, env, "bob@example.com"), mustUserID(t, env, "cy@example.com")
	check := func(ctx context.Context, s *snapshot) error {
		return expectTeamMembers(ctx, env, s.get("zenmlpro_team.test", "id"), "user:"+ann, "user:"+bob)
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name = %q
}

resource "zenmlpro_team_members" "test" {
  team_id  = zenmlpro_team.test.id
  user_ids = [%q, %q]
}
`, acctest.RandomName("drift-members"), ann, bob),
		created: check,
		drifts: []drift{
			{
				what: "adding a member",
				outside: func(ctx context.Context, s *snapshot) error {
					_, err := env.Client.AddTeamMember(ctx, s.get(addr, "team_id"), client.SubjectUser, cy)
					return err
				},
				attr: "user_ids", want: stringsExact(ann, bob), verify: check,
			},
			{
				what: "removing a member",
				outside: func(ctx context.Context, s *snapshot) error {
					return env.Client.RemoveTeamMember(ctx, s.get(addr, "team_id"), client.SubjectUser, bob)
				},
				attr: "user_ids", want: stringsExact(ann, bob), verify: check,
			},
		},
		// The member list exists as long as its team: deleting the team outside Terraform deletes
		// it, and both are planned for re-creation.
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteTeam(ctx, s.get(addr, "team_id"))
		},
		recreated: []string{"zenmlpro_team.test", addr},
		restored:  check,
	})
}

func TestAccDrift_invitation(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_invitation.test"
	check := func(ctx context.Context, s *snapshot) error {
		inv, err := env.Client.GetInvitation(ctx, env.OrganizationID, s.get(addr, "id"), "")
		if err == nil && (inv.Email != "dana@example.com" || inv.Status != client.InvitationPending) {
			err = fmt.Errorf("the API holds %+v", inv)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_invitation" "test" {
  email   = "dana@example.com"
  role_id = %q
}
`, mustRoleID(t, env, "Organization Member")),
		created: check,
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteInvitation(ctx, env.OrganizationID, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_role(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_role.test"
	configured := []string{"stack:read", "workspace:read"}
	check := func(ctx context.Context, s *snapshot) error {
		role, err := env.Client.GetRole(ctx, s.get(addr, "id"))
		if err == nil && (role.Level != client.LevelWorkspace || !sameSet(role.Permissions, configured...)) {
			err = fmt.Errorf("the API holds %+v", role)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_role" "test" {
  name        = %q
  level       = "workspace"
  permissions = ["stack:read", "workspace:read"]
}
`, acctest.RandomName("Drift Role")),
		created: check,
		drifts: []drift{{
			what: "changing the permissions",
			outside: func(ctx context.Context, s *snapshot) error {
				perms := []string{"stack:read", "secret:read"}
				_, err := env.Client.UpdateRole(ctx, s.get(addr, "id"), client.RoleUpdate{Permissions: &perms})
				return err
			},
			attr: "permissions", want: stringsExact(configured...), verify: check,
		}},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteRole(ctx, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_roleBinding(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_role_binding.test"
	viewer := mustRoleID(t, env, "Organization Viewer")
	key := func(s *snapshot) client.AssignmentKey {
		return client.AssignmentKey{RoleID: viewer, SubjectKind: client.SubjectTeam, SubjectID: s.get("zenmlpro_team.test", "id")}
	}
	check := func(ctx context.Context, s *snapshot) error {
		list, err := env.Client.ListRoleAssignments(ctx, viewer, "", "")
		if err != nil {
			return err
		}
		for i := range list {
			if key(s).Matches(&list[i]) {
				return nil
			}
		}
		return fmt.Errorf("the API has no assignment %+v", key(s))
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_team" "test" {
  name = %q
}

resource "zenmlpro_role_binding" "test" {
  role_id = %q
  team_id = zenmlpro_team.test.id
}
`, acctest.RandomName("drift-binding"), viewer),
		created: check,
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteAssignment(ctx, key(s))
		},
		restored: check,
	})
}

func TestAccDrift_sso(t *testing.T) {
	env := acctest.New(t)
	env.RequireMock(t) // an organization has one SSO configuration: never touch a real one
	const addr = "zenmlpro_sso.test"
	check := func(ctx context.Context, _ *snapshot) error {
		sso, err := env.Client.GetSSO(ctx, env.OrganizationID)
		if err == nil && (sso.IssuerURL != "https://login.example.com" || !sameSet(sso.Domains, "acme.example.com") || !sso.ClientSecretSet) {
			err = fmt.Errorf("the API holds %+v", sso)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: `
resource "zenmlpro_sso" "test" {
  issuer_url               = "https://login.example.com"
  client_id                = "terraform"
  client_secret_wo         = "s3cret"
  client_secret_wo_version = 1
  domains                  = ["acme.example.com"]
}
`,
		created: check,
		drifts: []drift{{
			what: "changing the domains",
			outside: func(ctx context.Context, _ *snapshot) error {
				sso, err := env.Client.GetSSO(ctx, env.OrganizationID)
				if err != nil {
					return err
				}
				_, err = env.Client.PutSSO(ctx, env.OrganizationID, client.SSOUpdate{
					Enabled: sso.Enabled, Protocol: sso.Protocol, IssuerURL: sso.IssuerURL, ClientID: sso.ClientID,
					Scopes: sso.Scopes, Domains: []string{"acme.example.com", "other.example.com"},
					JITProvisioning: sso.JITProvisioning, DefaultRoleID: sso.DefaultRoleID, EnforceSSO: sso.EnforceSSO,
				})
				return err
			},
			attr: "domains", want: stringsExact("acme.example.com"), verify: check,
		}},
		remove: func(ctx context.Context, _ *snapshot) error {
			return env.Client.DeleteSSO(ctx, env.OrganizationID)
		},
		restored: check,
	})
}

func TestAccDrift_serviceAccount(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_service_account.test"
	name := acctest.RandomName("drift-sa")
	check := func(ctx context.Context, s *snapshot) error {
		sa, err := env.Client.GetServiceAccount(ctx, env.OrganizationID, s.get(addr, "id"))
		if err == nil && (sa.Name != name || sa.Description != "as configured" || !sa.Active) {
			err = fmt.Errorf("the API holds %+v", sa)
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_service_account" "test" {
  name        = %q
  description = "as configured"
}
`, name),
		created: check,
		drifts: []drift{
			{
				what: "changing the description",
				outside: func(ctx context.Context, s *snapshot) error {
					changed := "changed outside"
					_, err := env.Client.UpdateServiceAccount(ctx, env.OrganizationID, s.get(addr, "id"), client.ServiceAccountUpdate{Description: &changed})
					return err
				},
				attr: "description", want: knownvalue.StringExact("as configured"), verify: check,
			},
			{
				what: "deactivating it",
				outside: func(ctx context.Context, s *snapshot) error {
					inactive := false
					_, err := env.Client.UpdateServiceAccount(ctx, env.OrganizationID, s.get(addr, "id"), client.ServiceAccountUpdate{Active: &inactive})
					return err
				},
				attr: "active", want: knownvalue.Bool(true), verify: check,
			},
		},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteServiceAccount(ctx, env.OrganizationID, s.get(addr, "id"))
		},
		restored: check,
	})
}

func TestAccDrift_apiKey(t *testing.T) {
	env := acctest.New(t)
	const addr = "zenmlpro_api_key.test"
	check := func(ctx context.Context, s *snapshot) error {
		k, err := env.Client.GetAPIKey(ctx, env.OrganizationID, s.get(addr, "service_account_id"), s.get(addr, "id"))
		if err == nil && (k.Name != "ci" || !k.Active) {
			err = fmt.Errorf("the API holds %+v", k)
		}
		if err == nil {
			// The key in state logs in: it is the live key of this object.
			_, err = env.Client.NewAccessToken(ctx, s.get(addr, "key"))
		}
		return err
	}
	runDrift(t, env, driftCase{
		addr: addr,
		config: fmt.Sprintf(`
resource "zenmlpro_service_account" "test" {
  name = %q
}

resource "zenmlpro_api_key" "test" {
  service_account_id = zenmlpro_service_account.test.id
  name               = "ci"
}
`, acctest.RandomName("drift-key")),
		created: check,
		drifts: []drift{{
			what: "deactivating it",
			outside: func(ctx context.Context, s *snapshot) error {
				inactive := false
				_, err := env.Client.UpdateAPIKey(ctx, env.OrganizationID, s.get(addr, "service_account_id"), s.get(addr, "id"), client.APIKeyUpdate{Active: &inactive})
				return err
			},
			attr: "active", want: knownvalue.Bool(true), verify: check,
		}},
		remove: func(ctx context.Context, s *snapshot) error {
			return env.Client.DeleteAPIKey(ctx, env.OrganizationID, s.get(addr, "service_account_id"), s.get(addr, "id"))
		},
		restored: check,
	})
}
