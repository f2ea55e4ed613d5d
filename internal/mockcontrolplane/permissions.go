package mockcontrolplane

import "strings"

// Role levels.
const (
	levelOrganization = "organization"
	levelWorkspace    = "workspace"
	levelProject      = "project"
)

func validLevel(l string) bool {
	return l == levelOrganization || l == levelWorkspace || l == levelProject
}

// permission is one entry of GET /permissions: what a custom role of that level may hold.
type permission struct {
	Name        string `json:"name"`
	Level       string `json:"level"`
	Description string `json:"description"`
}

// permissionCatalogue is the immutable list of permissions, by level, in the order
// GET /permissions lists them. The strings follow ZenML's resource:action style.
var permissionCatalogue = []permission{
	{"organization:read", levelOrganization, "View the organization's name, description and settings."},
	{"organization:update", levelOrganization, "Change the organization's name, description and trusted domains."},
	{"organization:delete", levelOrganization, "Delete the organization and everything in it."},
	{"member:read", levelOrganization, "List the organization's members and the roles they hold."},
	{"member:invite", levelOrganization, "Invite people to join the organization."},
	{"member:remove", levelOrganization, "Remove members and revoke pending invitations."},
	{"team:read", levelOrganization, "View teams and their members."},
	{"team:create", levelOrganization, "Create teams."},
	{"team:update", levelOrganization, "Rename teams and change who belongs to them."},
	{"team:delete", levelOrganization, "Delete teams."},
	{"role:read", levelOrganization, "View roles and role assignments."},
	{"role:create", levelOrganization, "Create custom roles."},
	{"role:update", levelOrganization, "Change custom roles and their permissions."},
	{"role:delete", levelOrganization, "Delete custom roles."},
	{"role:assign", levelOrganization, "Assign roles to users, teams and service accounts, and revoke them."},
	{"workspace:create", levelOrganization, "Create workspaces in the organization."},
	{"workspace:list", levelOrganization, "List the organization's workspaces."},
	{"service_account:read", levelOrganization, "View service accounts and their API keys (never the key values)."},
	{"service_account:create", levelOrganization, "Create service accounts and API keys."},
	{"service_account:update", levelOrganization, "Change, deactivate and rotate service accounts and API keys."},
	{"service_account:delete", levelOrganization, "Delete service accounts and API keys."},
	{"sso:read", levelOrganization, "View the single sign-on configuration."},
	{"sso:update", levelOrganization, "Configure or disable single sign-on."},
	{"billing:read", levelOrganization, "View the subscription, usage and invoices."},
	{"billing:update", levelOrganization, "Change the subscription and payment details."},

	{"workspace:read", levelWorkspace, "View the workspace, its status and its server URL."},
	{"workspace:update", levelWorkspace, "Change the workspace's display name, description, version and state."},
	{"workspace:delete", levelWorkspace, "Delete the workspace."},
	{"workspace:share", levelWorkspace, "Grant and revoke roles in the workspace."},
	{"project:read", levelWorkspace, "List and view the workspace's projects."},
	{"project:create", levelWorkspace, "Create projects in the workspace."},
	{"project:update", levelWorkspace, "Change any project of the workspace."},
	{"project:delete", levelWorkspace, "Delete projects of the workspace."},
	{"stack:read", levelWorkspace, "View stacks."},
	{"stack:create", levelWorkspace, "Register stacks."},
	{"stack:update", levelWorkspace, "Change stacks."},
	{"stack:delete", levelWorkspace, "Delete stacks."},
	{"component:read", levelWorkspace, "View stack components."},
	{"component:create", levelWorkspace, "Register stack components."},
	{"component:update", levelWorkspace, "Change stack components."},
	{"component:delete", levelWorkspace, "Delete stack components."},
	{"secret:read", levelWorkspace, "Read secrets and their values."},
	{"secret:create", levelWorkspace, "Create secrets."},
	{"secret:update", levelWorkspace, "Change secret values."},
	{"secret:delete", levelWorkspace, "Delete secrets."},
	{"service_connector:read", levelWorkspace, "View service connectors."},
	{"service_connector:create", levelWorkspace, "Register service connectors."},
	{"service_connector:use", levelWorkspace, "Obtain credentials through service connectors."},
	{"service_connector:delete", levelWorkspace, "Delete service connectors."},

	{"project:read", levelProject, "View the project."},
	{"project:update", levelProject, "Change the project's name and description."},
	{"project:delete", levelProject, "Delete the project."},
	{"pipeline:read", levelProject, "View pipelines and their definitions."},
	{"pipeline:create", levelProject, "Register pipelines."},
	{"pipeline:run", levelProject, "Run pipelines."},
	{"pipeline:delete", levelProject, "Delete pipelines."},
	{"run:read", levelProject, "View pipeline runs, steps and logs."},
	{"run:delete", levelProject, "Delete pipeline runs."},
	{"artifact:read", levelProject, "View artifacts and load their data."},
	{"artifact:create", levelProject, "Register artifacts."},
	{"artifact:delete", levelProject, "Delete artifacts."},
	{"model:read", levelProject, "View models and model versions."},
	{"model:create", levelProject, "Register models and model versions."},
	{"model:update", levelProject, "Promote and change models."},
	{"model:delete", levelProject, "Delete models."},
	{"deployment:read", levelProject, "View deployments."},
	{"deployment:create", levelProject, "Deploy pipelines and models."},
	{"deployment:delete", levelProject, "Delete deployments."},
	{"schedule:read", levelProject, "View schedules."},
	{"schedule:create", levelProject, "Create schedules."},
	{"schedule:delete", levelProject, "Delete schedules."},
	{"tag:read", levelProject, "View tags."},
	{"tag:create", levelProject, "Create and assign tags."},
}

func permissionExists(level, name string) bool {
	for _, p := range permissionCatalogue {
		if p.Level == level && p.Name == name {
			return true
		}
	}
	return false
}

// The built-in role names (exact, as in API-CONTRACT.md; public: pro-docs, roles).
const (
	roleOrgAdmin   = "Organization Admin"
	roleOrgManager = "Organization Manager"
	roleOrgMember  = "Organization Member"
)

// builtinRole describes one built-in role: grants picks its permissions from the catalogue. What
// a workspace or project role lets one do on a workspace server is builtinRoleGrants (rbac.go);
// the two agree (TestBuiltinRolePermissionsMatchTheirGrants).
type builtinRole struct {
	name, level, description string
	grants                   func(name string) bool
}

func all(string) bool { return true }

func readOnly(name string) bool {
	return strings.HasSuffix(name, ":read") || strings.HasSuffix(name, ":list")
}

func action(name string) string { _, a, _ := strings.Cut(name, ":"); return a }

func resource(name string) string { r, _, _ := strings.Cut(name, ":"); return r }

// builtinRoles is the immutable table of roles every organization gets a copy of.
var builtinRoles = []builtinRole{
	{roleOrgAdmin, levelOrganization, "Full control of the organization, its members, workspaces and billing.", all},
	{roleOrgManager, levelOrganization, "Manages members, teams, roles and workspaces, but not billing or the organization itself.",
		func(n string) bool { return resource(n) != "billing" && n != "organization:delete" }},
	{"Organization Viewer", levelOrganization, "Sees everything in the organization, changes nothing.", readOnly},
	{"Billing Admin", levelOrganization, "Manages the subscription and payment details.",
		func(n string) bool { return resource(n) == "billing" || n == "organization:read" }},
	{roleOrgMember, levelOrganization, "Belongs to the organization and sees its members and teams.",
		func(n string) bool {
			return n == "organization:read" || n == "member:read" || n == "team:read" || n == "workspace:list"
		}},

	{"Workspace Admin", levelWorkspace, "Full control of the workspace.", all},
	{"Workspace Developer", levelWorkspace, "Works with everything in the workspace but cannot change or delete it or share it.",
		func(n string) bool { return resource(n) != "workspace" || n == "workspace:read" }},
	{"Workspace Contributor", levelWorkspace, "Reads, creates and changes the workspace's resources and uses its service connectors; cannot delete them, read secret values or share them.",
		func(n string) bool {
			a := action(n)
			return n == "workspace:read" || resource(n) != "workspace" && n != "secret:read" &&
				(readOnly(n) || a == "create" || a == "update" || a == "use")
		}},
	{"Workspace Viewer", levelWorkspace, "Sees everything in the workspace except secret values.",
		func(n string) bool { return readOnly(n) && n != "secret:read" }},
	{"Stack Admin", levelWorkspace, "Manages stacks, components and service connectors.",
		func(n string) bool {
			r := resource(n)
			return r == "stack" || r == "component" || r == "service_connector" || n == "workspace:read" || n == "secret:read"
		}},

	{"Project Admin", levelProject, "Full control of the project.", all},
	{"Project Developer", levelProject, "Works with everything in the project but cannot change or delete the project.",
		func(n string) bool { return resource(n) != "project" || n == "project:read" }},
	{"Project Contributor", levelProject, "Reads, creates and changes the project's resources and runs pipelines; cannot delete them, promote models or change the project.",
		func(n string) bool {
			a := action(n)
			return readOnly(n) || resource(n) != "project" && n != "model:update" && (a == "create" || a == "update" || a == "run")
		}},
	{"Project Viewer", levelProject, "Sees everything in the project.", readOnly},
}

func builtinPermissions(b builtinRole) []string {
	out := []string{}
	for _, p := range permissionCatalogue {
		if p.Level == b.level && b.grants(p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// listPermissions answers GET /permissions?level=.
func (s *Server) listPermissions(c *call) reply {
	level := c.r.URL.Query().Get("level")
	if level != "" && !validLevel(level) {
		return invalid("query parameter level must be organization, workspace or project")
	}
	out := []permission{}
	for _, p := range permissionCatalogue {
		if level == "" || p.Level == level {
			out = append(out, p)
		}
	}
	return listReply(c, out)
}
