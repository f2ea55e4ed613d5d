package e2e

import (
	"fmt"
	"strings"
)

// Mix describes a generated configuration: how many objects of each kind. Names carry Prefix so
// that several configurations can share one control plane.
type Mix struct {
	Prefix string
	// Users are emails of existing organization members (memberships and user bindings use them).
	Users []string

	Organizations   int // zenmlpro_organization (mock or self-hosted only)
	Workspaces      int // hybrid zenmlpro_workspace
	Teams           int // zenmlpro_team
	TeamMembers     int // zenmlpro_team_member per team (non-authoritative), by user id
	AuthTeams       int // extra teams whose membership is authoritative (zenmlpro_team_members)
	CustomRoles     int // zenmlpro_role, workspace level
	OrgBindings     int // organization-scope zenmlpro_role_binding per team (built-in org roles)
	WSBindings      int // workspace-scope bindings per team, spread over the workspaces
	ProjectBindings int // project-scope bindings, one per workspace
	Invitations     int // zenmlpro_invitation
	ServiceAccounts int // zenmlpro_service_account, each with KeysPerSA zenmlpro_api_key
	KeysPerSA       int
	SSO             bool // zenmlpro_sso with a write-only secret
	SSOSecret       string

	// Children made in the same apply as their new parents (besides the memberships and the
	// team and project bindings above):
	// MixedMembers puts every service account (as a user id) and every invitation into each
	// zenmlpro_team_members list too, next to the users.
	MixedMembers bool
	// SABindings is the workspace-scope zenmlpro_role_binding count per service account, on the
	// new workspaces, with the custom roles first.
	SABindings int
}

// Preamble declares the provider as users do (its registry address), configured from ZENML_PRO_*.
const Preamble = `terraform {
  required_providers {
    zenmlpro = { source = "zenml-io/zenmlpro" }
  }
}

provider "zenmlpro" {}

`

// orgRoles and wsRoles are built-in roles the bindings use.
var (
	orgRoles = []string{"Organization Member", "Organization Viewer", "Billing Admin"}
	wsRoles  = []string{"Workspace Developer", "Workspace Viewer", "Workspace Contributor", "Stack Admin"}
)

// Resources counts the managed resources the configuration declares.
func (m Mix) Resources() int {
	n := m.Organizations + m.Workspaces + m.Teams + m.Teams*m.TeamMembers + 2*m.AuthTeams + m.CustomRoles +
		m.Teams*m.OrgBindings + m.Teams*m.WSBindings + m.Invitations + m.ServiceAccounts*(1+m.KeysPerSA)
	if m.Workspaces > 0 {
		n += m.ProjectBindings
	}
	n += m.ServiceAccounts * m.saBindings()
	if m.SSO {
		n++
	}
	return n
}

// HCL renders the configuration. It uses count and for_each so that a thousand resources stay a
// page of configuration, as a platform team's would.
func (m Mix) HCL() string {
	var b strings.Builder
	p := m.Prefix
	b.WriteString(Preamble)
	fmt.Fprintf(&b, "locals {\n  users = %s\n}\n\n", hclList(m.Users))

	for _, r := range orgRoles {
		fmt.Fprintf(&b, "data \"zenmlpro_role\" %q {\n  name  = %q\n  level = \"organization\"\n}\n\n", slug(r), r)
	}
	for _, r := range wsRoles {
		fmt.Fprintf(&b, "data \"zenmlpro_role\" %q {\n  name  = %q\n  level = \"workspace\"\n}\n\n", slug(r), r)
	}
	fmt.Fprintf(&b, "data \"zenmlpro_role\" \"project_viewer\" {\n  name  = \"Project Viewer\"\n  level = \"project\"\n}\n\n")
	fmt.Fprintf(&b, "data \"zenmlpro_user\" \"members\" {\n  count = length(local.users)\n  email = local.users[count.index]\n}\n\n")

	if m.Organizations > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_organization" "extra" {
  count               = %d
  name                = "%s-org-${count.index}"
  trusted_domains     = ["org${count.index}.example.com"]
  deletion_protection = false
}

`, m.Organizations, p)
	}
	if m.Workspaces > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_workspace" "ws" {
  count               = %d
  name                = "%s-ws-${count.index}"
  description         = "generated"
  deletion_protection = false
}

`, m.Workspaces, p)
	}
	if m.Teams > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_team" "team" {
  count       = %d
  name        = "%s-team-${count.index}"
  description = "generated team ${count.index}"
}

`, m.Teams, p)
	}
	if m.Teams > 0 && m.TeamMembers > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_team_member" "member" {
  for_each = { for pair in setproduct(range(%d), range(%d)) : "${pair[0]}-${pair[1]}" => pair }
  team_id  = zenmlpro_team.team[each.value[0]].id
  user_id  = data.zenmlpro_user.members[(each.value[0] + each.value[1]) %% length(local.users)].id
}

`, m.Teams, m.TeamMembers)
	}
	if m.AuthTeams > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_team" "auth" {
  count = %d
  name  = "%s-auth-team-${count.index}"
}

resource "zenmlpro_team_members" "auth" {
  count          = %d
  team_id        = zenmlpro_team.auth[count.index].id
  user_ids       = %s
  invitation_ids = %s
}

`, m.AuthTeams, p, m.AuthTeams, m.authUserIDs(), m.authInvitationIDs())
	}
	if m.CustomRoles > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_role" "custom" {
  count       = %d
  name        = "%s role ${count.index}"
  level       = "workspace"
  description = "generated"
  permissions = ["workspace:read", "stack:read", "secret:read"]
}

`, m.CustomRoles, p)
	}
	if m.Teams > 0 && m.OrgBindings > 0 {
		fmt.Fprintf(&b, `locals {
  org_roles = [%s]
}

resource "zenmlpro_role_binding" "org" {
  for_each = { for pair in setproduct(range(%d), range(%d)) : "${pair[0]}-${pair[1]}" => pair }
  role_id  = local.org_roles[each.value[1] %% length(local.org_roles)]
  team_id  = zenmlpro_team.team[each.value[0]].id
}

`, refs("data.zenmlpro_role", orgRoles), m.Teams, min(m.OrgBindings, len(orgRoles)))
	}
	if m.Teams > 0 && m.WSBindings > 0 && m.Workspaces > 0 {
		roles := "[" + refs("data.zenmlpro_role", wsRoles) + "]"
		if m.CustomRoles > 0 {
			roles = "concat(" + roles + ", zenmlpro_role.custom[*].id)"
		}
		fmt.Fprintf(&b, `locals {
  ws_roles = %s
}

resource "zenmlpro_role_binding" "ws" {
  for_each     = { for pair in setproduct(range(%d), range(%d)) : "${pair[0]}-${pair[1]}" => pair }
  role_id      = local.ws_roles[each.value[1] %% length(local.ws_roles)]
  team_id      = zenmlpro_team.team[each.value[0]].id
  workspace_id = zenmlpro_workspace.ws[(each.value[0] + each.value[1]) %% %d].id
}

`, roles, m.Teams, m.WSBindings, m.Workspaces)
	}
	if m.ProjectBindings > 0 && m.Workspaces > 0 && m.ServiceAccounts > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_role_binding" "project" {
  count              = %d
  role_id            = data.zenmlpro_role.project_viewer.id
  service_account_id = zenmlpro_service_account.sa[count.index %% %d].id
  workspace_id       = zenmlpro_workspace.ws[count.index %% %d].id
  project_id         = format("00000000-0000-4000-8000-%%012d", count.index)
}

`, m.ProjectBindings, m.ServiceAccounts, m.Workspaces)
	}
	if m.saBindings() > 0 {
		roles := "[" + refs("data.zenmlpro_role", wsRoles) + "]"
		if m.CustomRoles > 0 {
			roles = "concat(zenmlpro_role.custom[*].id, " + roles + ")"
		}
		fmt.Fprintf(&b, `locals {
  sa_roles = %s
}

resource "zenmlpro_role_binding" "sa_ws" {
  for_each           = { for pair in setproduct(range(%d), range(%d)) : "${pair[0]}-${pair[1]}" => pair }
  role_id            = local.sa_roles[each.value[1] %% length(local.sa_roles)]
  service_account_id = zenmlpro_service_account.sa[each.value[0]].id
  workspace_id       = zenmlpro_workspace.ws[(each.value[0] + each.value[1]) %% %d].id
}

`, roles, m.ServiceAccounts, m.saBindings(), m.Workspaces)
	}
	if m.Invitations > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_invitation" "invite" {
  count   = %d
  email   = "%s-invitee-${count.index}@example.org"
  role_id = data.zenmlpro_role.%s.id
}

`, m.Invitations, p, slug(orgRoles[0]))
	}
	if m.ServiceAccounts > 0 {
		fmt.Fprintf(&b, `resource "zenmlpro_service_account" "sa" {
  count       = %d
  name        = "%s-sa-${count.index}"
  description = "generated"
}

`, m.ServiceAccounts, p)
		if m.KeysPerSA > 0 {
			fmt.Fprintf(&b, `resource "zenmlpro_api_key" "key" {
  for_each           = { for pair in setproduct(range(%d), range(%d)) : "${pair[0]}-${pair[1]}" => pair }
  service_account_id = zenmlpro_service_account.sa[each.value[0]].id
  name               = "key-${each.value[1]}"
  description        = "generated"
}

`, m.ServiceAccounts, m.KeysPerSA)
		}
	}
	if m.SSO {
		// An ephemeral variable, set through TF_VAR_sso_client_secret (see Mix.Env): Terraform
		// keeps its value out of the plan and the state, which is what a write-only argument
		// wants to be fed from. (A default would be part of the configuration, and shows up in
		// the plan's variables.)
		fmt.Fprintf(&b, `variable "sso_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "zenmlpro_sso" "this" {
  issuer_url               = "https://login.example.com/oauth2"
  client_id                = "%s-client"
  client_secret_wo         = var.sso_client_secret
  client_secret_wo_version = 1
  domains                  = ["example.com"]
  jit_provisioning         = true
  default_role_id          = data.zenmlpro_role.%s.id
}

`, p, slug(orgRoles[0]))
	}
	return b.String()
}

// saBindings is the number of workspace bindings per service account the configuration declares:
// at most one per built-in workspace role, so that no two are the same assignment.
func (m Mix) saBindings() int {
	if m.Workspaces == 0 || m.ServiceAccounts == 0 {
		return 0
	}
	return min(m.SABindings, len(wsRoles))
}

// authUserIDs is the user_ids of each zenmlpro_team_members: the first users, and with
// MixedMembers the service accounts.
func (m Mix) authUserIDs() string {
	users := "[for u in slice(data.zenmlpro_user.members, 0, min(3, length(local.users))) : u.id]"
	if m.MixedMembers && m.ServiceAccounts > 0 {
		return "concat(" + users + ", zenmlpro_service_account.sa[*].id)"
	}
	return users
}

// authInvitationIDs is the invitation_ids of each zenmlpro_team_members: with MixedMembers, the
// invitations.
func (m Mix) authInvitationIDs() string {
	if m.MixedMembers && m.Invitations > 0 {
		return "zenmlpro_invitation.invite[*].id"
	}
	return "[]"
}

// Env is the environment the configuration needs ("KEY=value"): the SSO secret's variable.
func (m Mix) Env() []string {
	if !m.SSO {
		return nil
	}
	return []string{"TF_VAR_sso_client_secret=" + m.SSOSecret}
}

func hclList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

func refs(prefix string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + "." + slug(n) + ".id"
	}
	return strings.Join(out, ", ")
}

func slug(s string) string { return strings.ReplaceAll(strings.ToLower(s), " ", "_") }
