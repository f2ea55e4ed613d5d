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

# What the bindings below give roles to, and where.
resource "zenmlpro_team" "ml_engineers" {
  name = "ml-engineers"
}

resource "zenmlpro_workspace" "prod" {
  name = "ml-platform-prod"
}

data "zenmlpro_user" "auditor" {
  email = "ann@example.com"
}

resource "zenmlpro_service_account" "ci" {
  name = "ci-pipeline"
}

resource "zenmlpro_invitation" "new_hire" {
  email   = "new.hire@example.com"
  role_id = data.zenmlpro_role.org_member.id
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

# Many bindings at once: every operator team gets a custom role in every regional workspace.
resource "zenmlpro_role" "pipeline_operator" {
  name        = "Pipeline Operator"
  level       = "workspace"
  permissions = ["workspace:read", "project:read", "stack:read", "service_connector:use"]
}

resource "zenmlpro_team" "operators" {
  for_each = toset(["eu-operators", "us-operators"])
  name     = each.key
}

resource "zenmlpro_workspace" "regional" {
  for_each = toset(["ml-eu", "ml-us"])
  name     = each.key
}

resource "zenmlpro_role_binding" "operators" {
  # Keyed by names, which are known at plan time (ids are known only after apply).
  for_each = {
    for pair in setproduct(keys(zenmlpro_team.operators), keys(zenmlpro_workspace.regional)) :
    "${pair[0]}/${pair[1]}" => { team = pair[0], workspace = pair[1] }
  }
  role_id      = zenmlpro_role.pipeline_operator.id
  team_id      = zenmlpro_team.operators[each.value.team].id
  workspace_id = zenmlpro_workspace.regional[each.value.workspace].id
}
