# Roles and role bindings: a custom workspace-level role, the built-in roles looked up by name, and
# bindings at the three scopes (organization, workspace, project). The teams come from teams.tf,
# the workspace from workspaces.tf.

variable "project_id" {
  description = "The id of a project of the workspace server (projects live on the workspace's own ZenML server, not in the control plane: take the id from `zenml project list`). The default only suits the demo."
  type        = string
  default     = "5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e"
}

# A custom role: runs pipelines on the existing stacks, changes nothing else.
resource "zenmlpro_role" "pipeline_operator" {
  name        = "Pipeline Operator"
  level       = "workspace"
  description = "Runs pipelines on the existing stacks; cannot change stacks, components or secrets."
  permissions = [
    "workspace:read",
    "project:read",
    "stack:read",
    "component:read",
    "service_connector:use",
  ]
}

# Built-in roles, looked up by their exact names.
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

# Organization scope: the ML engineers are members of the organization.
resource "zenmlpro_role_binding" "ml_engineers_org" {
  role_id = data.zenmlpro_role.org_member.id
  team_id = zenmlpro_team.ml_engineers.id
}

# Workspace scope: the ML engineers develop in the hybrid workspace ...
resource "zenmlpro_role_binding" "ml_engineers_hybrid" {
  role_id      = data.zenmlpro_role.workspace_developer.id
  team_id      = zenmlpro_team.ml_engineers.id
  workspace_id = zenmlpro_workspace.hybrid.id
}

# ... and the data scientists operate its pipelines, with the custom role.
resource "zenmlpro_role_binding" "data_scientists_hybrid" {
  role_id      = zenmlpro_role.pipeline_operator.id
  team_id      = zenmlpro_team.data_scientists.id
  workspace_id = zenmlpro_workspace.hybrid.id
}

# Project scope: the data scientists see one project of the hybrid workspace.
resource "zenmlpro_role_binding" "data_scientists_project" {
  role_id      = data.zenmlpro_role.project_viewer.id
  team_id      = zenmlpro_team.data_scientists.id
  workspace_id = zenmlpro_workspace.hybrid.id
  project_id   = var.project_id
}

output "role_bindings" {
  description = "The role bindings, by scope (each id is also its import ID)."
  value = {
    organization = [zenmlpro_role_binding.ml_engineers_org.id]
    workspace    = [zenmlpro_role_binding.ml_engineers_hybrid.id, zenmlpro_role_binding.data_scientists_hybrid.id]
    project      = [zenmlpro_role_binding.data_scientists_project.id]
  }
}

output "pipeline_operator_role_id" {
  description = "The custom role's id."
  value       = zenmlpro_role.pipeline_operator.id
}
