package e2e

import (
	"fmt"
	"slices"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/mockcontrolplane"
)

// Counts is how many objects of each kind the mock holds (built-in roles and deleted workspaces
// left out). The suites compare it before and after a run: after an apply the mock must hold the
// declared objects exactly (a duplicate or an orphan shows as one too many), after a destroy
// what it held before.
type Counts map[string]int

// CountState counts the objects of s, kind by kind.
func CountState(s *mockcontrolplane.State) Counts {
	c := Counts{
		"organizations":    len(s.Organizations),
		"workspaces":       0,
		"users":            len(s.Users),
		"invitations":      len(s.Invitations),
		"teams":            len(s.Teams),
		"team_memberships": len(s.TeamMemberships),
		"custom_roles":     0,
		"assignments":      len(s.Assignments),
		"sso_configs":      len(s.SSOConfigs),
		"service_accounts": len(s.ServiceAccounts),
		"api_keys":         len(s.APIKeys),
	}
	for _, w := range s.Workspaces {
		if w.Status != "deleted" {
			c["workspaces"]++
		}
	}
	for _, r := range s.Roles {
		if !r.SystemManaged {
			c["custom_roles"]++
		}
	}
	return c
}

// Declared is what applying m adds to the mock, kind by kind.
func (m Mix) Declared() Counts {
	authMembers := min(3, len(m.Users))
	if m.MixedMembers {
		authMembers += m.ServiceAccounts + m.Invitations
	}
	saBindings := m.ServiceAccounts * m.saBindings()
	c := Counts{
		"organizations":    m.Organizations,
		"workspaces":       m.Workspaces,
		"invitations":      m.Invitations,
		"teams":            m.Teams + m.AuthTeams,
		"team_memberships": m.Teams*m.TeamMembers + m.AuthTeams*authMembers,
		"custom_roles":     m.CustomRoles,
		// Bindings, the admin assignment the mock gives the caller in each organization it creates,
		// and the organization-level role each service account holds (its role_id).
		"assignments":      m.Teams*m.OrgBindings + m.Teams*m.WSBindings + m.ProjectBindings + saBindings + m.Organizations + m.ServiceAccounts,
		"service_accounts": m.ServiceAccounts,
		"api_keys":         m.ServiceAccounts * m.KeysPerSA,
	}
	if m.SSO {
		c["sso_configs"] = 1
	}
	return c
}

// Diff reports every kind whose count is not base + want, in a stable order. A count above it is
// a duplicate (after apply) or an orphan (after destroy); one below, an object missing.
func (c Counts) Diff(base, want Counts) []string {
	kinds := make([]string, 0, len(c))
	for kind := range c {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	var out []string
	for _, kind := range kinds {
		if expected := base[kind] + want[kind]; c[kind] != expected {
			out = append(out, fmt.Sprintf("%s: %d, want %d (%d before + %d declared)", kind, c[kind], expected, base[kind], want[kind]))
		}
	}
	return out
}

// Surplus is how many objects c holds beyond base + want, summed over the kinds: the duplicates
// after an apply, the orphans after a destroy.
func (c Counts) Surplus(base, want Counts) int {
	n := 0
	for kind, have := range c {
		n += max(0, have-base[kind]-want[kind])
	}
	return n
}
