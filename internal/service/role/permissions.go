package role

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/zenml-io/terraform-provider-zenmlpro/internal/client"
)

// permission is one entry of the control plane's permission catalogue (GET /permissions).
type permission struct {
	name, level, description string
}

// permissionCatalogue is the provider's copy of GET /permissions: plan-time validation of a custom
// role's permissions checks against it, so that a typo or a permission of the wrong level fails
// at plan and never half-way through an apply. TestPermissionCatalogueMatchesAPI holds it equal
// to what the API lists; when the API adds a permission, add it here (same order). The same name
// may exist at two levels (project:read is both a workspace-level and a project-level permission).
var permissionCatalogue = []permission{
	{"organization:read", client.LevelOrganization, "View the organization's name, description and settings."},
	{"organization:update", client.LevelOrganization, "Change the organization's name, description and trusted domains."},
	{"organization:delete", client.LevelOrganization, "Delete the organization and everything in it."},
	{"member:read", client.LevelOrganization, "List the organization's members and the roles they hold."},
	{"member:invite", client.LevelOrganization, "Invite people to join the organization."},
	{"member:remove", client.LevelOrganization, "Remove members and revoke pending invitations."},
	{"team:read", client.LevelOrganization, "View teams and their members."},
	{"team:create", client.LevelOrganization, "Create teams."},
	{"team:update", client.LevelOrganization, "Rename teams and change who belongs to them."},
	{"team:delete", client.LevelOrganization, "Delete teams."},
	{"role:read", client.LevelOrganization, "View roles and role assignments."},
	{"role:create", client.LevelOrganization, "Create custom roles."},
	{"role:update", client.LevelOrganization, "Change custom roles and their permissions."},
	{"role:delete", client.LevelOrganization, "Delete custom roles."},
	{"role:assign", client.LevelOrganization, "Assign roles to users, teams and service accounts, and revoke them."},
	{"workspace:create", client.LevelOrganization, "Create workspaces in the organization."},
	{"workspace:list", client.LevelOrganization, "List the organization's workspaces."},
	{"service_account:read", client.LevelOrganization, "View service accounts and their API keys (never the key values)."},
	{"service_account:create", client.LevelOrganization, "Create service accounts and API keys."},
	{"service_account:update", client.LevelOrganization, "Change, deactivate and rotate service accounts and API keys."},
	{"service_account:delete", client.LevelOrganization, "Delete service accounts and API keys."},
	{"sso:read", client.LevelOrganization, "View the single sign-on configuration."},
	{"sso:update", client.LevelOrganization, "Configure or disable single sign-on."},
	{"billing:read", client.LevelOrganization, "View the subscription, usage and invoices."},
	{"billing:update", client.LevelOrganization, "Change the subscription and payment details."},

	{"workspace:read", client.LevelWorkspace, "View the workspace, its status and its server URL."},
	{"workspace:update", client.LevelWorkspace, "Change the workspace's display name, description, version and state."},
	{"workspace:delete", client.LevelWorkspace, "Delete the workspace."},
	{"workspace:share", client.LevelWorkspace, "Grant and revoke roles in the workspace."},
	{"project:read", client.LevelWorkspace, "List and view the workspace's projects."},
	{"project:create", client.LevelWorkspace, "Create projects in the workspace."},
	{"project:update", client.LevelWorkspace, "Change any project of the workspace."},
	{"project:delete", client.LevelWorkspace, "Delete projects of the workspace."},
	{"stack:read", client.LevelWorkspace, "View stacks."},
	{"stack:create", client.LevelWorkspace, "Register stacks."},
	{"stack:update", client.LevelWorkspace, "Change stacks."},
	{"stack:delete", client.LevelWorkspace, "Delete stacks."},
	{"component:read", client.LevelWorkspace, "View stack components."},
	{"component:create", client.LevelWorkspace, "Register stack components."},
	{"component:update", client.LevelWorkspace, "Change stack components."},
	{"component:delete", client.LevelWorkspace, "Delete stack components."},
	{"secret:read", client.LevelWorkspace, "Read secrets and their values."},
	{"secret:create", client.LevelWorkspace, "Create secrets."},
	{"secret:update", client.LevelWorkspace, "Change secret values."},
	{"secret:delete", client.LevelWorkspace, "Delete secrets."},
	{"service_connector:read", client.LevelWorkspace, "View service connectors."},
	{"service_connector:create", client.LevelWorkspace, "Register service connectors."},
	{"service_connector:use", client.LevelWorkspace, "Obtain credentials through service connectors."},
	{"service_connector:delete", client.LevelWorkspace, "Delete service connectors."},

	{"project:read", client.LevelProject, "View the project."},
	{"project:update", client.LevelProject, "Change the project's name and description."},
	{"project:delete", client.LevelProject, "Delete the project."},
	{"pipeline:read", client.LevelProject, "View pipelines and their definitions."},
	{"pipeline:create", client.LevelProject, "Register pipelines."},
	{"pipeline:run", client.LevelProject, "Run pipelines."},
	{"pipeline:delete", client.LevelProject, "Delete pipelines."},
	{"run:read", client.LevelProject, "View pipeline runs, steps and logs."},
	{"run:delete", client.LevelProject, "Delete pipeline runs."},
	{"artifact:read", client.LevelProject, "View artifacts and load their data."},
	{"artifact:create", client.LevelProject, "Register artifacts."},
	{"artifact:delete", client.LevelProject, "Delete artifacts."},
	{"model:read", client.LevelProject, "View models and model versions."},
	{"model:create", client.LevelProject, "Register models and model versions."},
	{"model:update", client.LevelProject, "Promote and change models."},
	{"model:delete", client.LevelProject, "Delete models."},
	{"deployment:read", client.LevelProject, "View deployments."},
	{"deployment:create", client.LevelProject, "Deploy pipelines and models."},
	{"deployment:delete", client.LevelProject, "Delete deployments."},
	{"schedule:read", client.LevelProject, "View schedules."},
	{"schedule:create", client.LevelProject, "Create schedules."},
	{"schedule:delete", client.LevelProject, "Delete schedules."},
	{"tag:read", client.LevelProject, "View tags."},
	{"tag:create", client.LevelProject, "Create and assign tags."},
}

// levels lists the role levels in their usual order.
var levels = []string{client.LevelOrganization, client.LevelWorkspace, client.LevelProject}

// permissionNames returns the names of the level's permissions, in catalogue order.
func permissionNames(level string) []string {
	var out []string
	for _, p := range permissionCatalogue {
		if p.level == level {
			out = append(out, p.name)
		}
	}
	return out
}

// levelsOf returns the levels at which name is a permission.
func levelsOf(name string) []string {
	var out []string
	for _, p := range permissionCatalogue {
		if p.name == name {
			out = append(out, p.level)
		}
	}
	return out
}

// checkPermission returns "" when name is a permission a role of the level may hold, and
// otherwise the sentence that says why not and what would do: the close matches at that level, or
// all of the level's permissions when nothing is close. level "" (not known yet at plan time)
// checks only that the permission exists at some level.
func checkPermission(level, name string) string {
	found := levelsOf(name)
	if level == "" {
		if len(found) > 0 {
			return ""
		}
		var all []string
		for _, l := range levels {
			all = append(all, permissionNames(l)...)
		}
		return fmt.Sprintf("Unknown permission %q. %s", name, suggestion(name, dedupe(all), "The permissions are"))
	}
	if slices.Contains(found, level) {
		return ""
	}
	valid := permissionNames(level)
	if len(found) > 0 {
		return fmt.Sprintf("Permission %q is %s %s-level permission; %s %s-level role cannot hold it. Use %s %s-level role for it, or choose among the %s-level permissions. %s",
			name, article(found[0]), strings.Join(found, "- and "), article(level), level, article(found[0]), found[0], level,
			suggestion(name, valid, "The "+level+"-level permissions are"))
	}
	return fmt.Sprintf("Unknown permission %q for %s %s-level role. %s", name, article(level), level,
		suggestion(name, valid, "The "+level+"-level permissions are"))
}

// suggestion names the candidates close to name, or lists them all (after intro) when none is.
// The nearest misspellings come first; failing those, permissions of the same resource or with the
// same action on a similarly named resource.
func suggestion(name string, candidates []string, intro string) string {
	near := nearestSpellings(name, candidates)
	if len(near) == 0 {
		for _, c := range candidates {
			if relatedTo(name, c) {
				near = append(near, c)
			}
		}
	}
	if len(near) > 0 {
		return "Did you mean " + quoteJoin(near, " or ") + "?"
	}
	return intro + ": " + quoteJoin(candidates, ", ") + "."
}

// nearestSpellings returns the candidates a few typing mistakes (or a change of case) from name,
// only those at the smallest distance.
func nearestSpellings(name string, candidates []string) []string {
	var near []string
	best := -1
	for _, c := range candidates {
		limit := 2
		if len(c) >= 12 {
			limit = 3
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		switch {
		case d > limit || best >= 0 && d > best:
		case d == best:
			near = append(near, c)
		default:
			best, near = d, []string{c}
		}
	}
	return near
}

// roleNameHint says which roles of the organization a name that matched none may have meant: the
// nearest spellings (letter case included), else the names that contain it, else every role of
// the level asked for (or of the organization). It lists the roles for it; when that fails, the
// hint does without them.
func roleNameHint(ctx context.Context, c *client.Client, orgID, level, name string) string {
	const tail = "Role names are case-sensitive; the zenmlpro_roles data source lists them all."
	roles, err := c.ListRoles(ctx, orgID, level, "")
	if err != nil || len(roles) == 0 {
		return tail
	}
	return suggestRole(name, level, roles) + " " + tail
}

// suggestRole is the "did you mean" of roleNameHint.
func suggestRole(name, level string, roles []client.Role) string {
	names := make([]string, 0, len(roles))
	for _, r := range roles {
		names = append(names, r.Name)
	}
	near := nearestSpellings(name, names)
	if len(near) == 0 {
		for _, n := range names {
			if strings.Contains(strings.ToLower(n), strings.ToLower(name)) {
				near = append(near, n)
			}
		}
	}
	if len(near) > 0 {
		return "Did you mean " + quoteJoin(near, " or ") + "?"
	}
	intro := "The organization's roles are"
	if level != "" {
		intro = "The " + level + "-level roles are"
	}
	slices.Sort(names)
	return intro + ": " + quoteJoin(names, ", ") + "."
}

// relatedTo reports whether candidate is about the same resource ("secret:get" and "secret:read"),
// or is the same action on a similarly named resource ("stacks:read" and "stack:read").
func relatedTo(name, candidate string) bool {
	nr, na, ok := strings.Cut(strings.ToLower(name), ":")
	cr, ca, _ := strings.Cut(strings.ToLower(candidate), ":")
	return ok && (nr == cr || (na == ca && editDistance(nr, cr) <= 2))
}

// editDistance is the Levenshtein distance between a and b (bytes: permission names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// article is "a" or "an", for the level that follows it.
func article(level string) string {
	if level == client.LevelOrganization {
		return "an"
	}
	return "a"
}

func quoteJoin(items []string, sep string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, sep)
}

func dedupe(items []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
