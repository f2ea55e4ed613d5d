data "zenmlpro_role" "org_member" {
  name  = "Organization Member"
  level = "organization"
}

data "zenmlpro_role" "workspace_developer" {
  name  = "Workspace Developer"
  level = "workspace"
}

data "zenmlpro_role" "project_viewer" {
  name  = "Project Viewer"
  level = "project"
}

# Organization scope: an organization-level role, no workspace_id or project_id.
resource "zenmlpro_role_binding" "ml_engineers_members" {
  role_id = data.zenmlpro_role.org_member.id
  team_id = zenmlpro_team.ml_engineers.id
}

# Workspace scope: a workspace-level role in one workspace.
resource "zenmlpro_role_binding" "ml_engineers_developers" {
  role_id      = data.zenmlpro_role.workspace_developer.id
  team_id      = zenmlpro_team.ml_engineers.id
  workspace_id = zenmlpro_workspace.prod.id
}

# Project scope: a project-level role in one project of the workspace's server.
resource "zenmlpro_role_binding" "auditor_viewer" {
  role_id      = data.zenmlpro_role.project_viewer.id
  user_id      = data.zenmlpro_user.auditor.id
  workspace_id = zenmlpro_workspace.prod.id
  project_id   = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"
}

# A service account (for CI) and a pending invitation (the binding moves to the user when the
# invitation is accepted) are subjects too.
resource "zenmlpro_role_binding" "ci_developer" {
  role_id            = data.zenmlpro_role.workspace_developer.id
  service_account_id = zenmlpro_service_account.ci.id
  workspace_id       = zenmlpro_workspace.prod.id
}

resource "zenmlpro_role_binding" "new_hire_developer" {
  role_id       = data.zenmlpro_role.workspace_developer.id
  invitation_id = zenmlpro_invitation.new_hire.id
  workspace_id  = zenmlpro_workspace.prod.id
}

# Many bindings at once: every team gets the custom role in every workspace.
resource "zenmlpro_role_binding" "operators" {
  for_each = {
    for pair in setproduct(values(zenmlpro_team.operators)[*].id, values(zenmlpro_workspace.regional)[*].id) :
    "${pair[0]}/${pair[1]}" => { team_id = pair[0], workspace_id = pair[1] }
  }
  role_id      = zenmlpro_role.pipeline_operator.id
  team_id      = each.value.team_id
  workspace_id = each.value.workspace_id
}
