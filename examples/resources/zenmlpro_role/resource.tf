# A workspace-level role for people who run pipelines on existing stacks but change nothing else.
# Every permission must belong to the role's level; a typo or a permission of another level is
# reported at plan time with the closest matches.
resource "zenmlpro_role" "pipeline_operator" {
  name        = "Pipeline Operator"
  level       = "workspace"
  description = "Runs pipelines on the existing stacks; cannot change stacks or secrets."
  permissions = [
    "workspace:read",
    "project:read",
    "stack:read",
    "component:read",
    "service_connector:use",
  ]
}

# A project-level role: bound with both a workspace_id and a project_id.
resource "zenmlpro_role" "model_promoter" {
  name        = "Model Promoter"
  level       = "project"
  description = "Reviews runs and promotes model versions."
  permissions = ["run:read", "artifact:read", "model:read", "model:update"]
}

# An organization-level role for the people who manage membership.
resource "zenmlpro_role" "people_manager" {
  name        = "People Manager"
  level       = "organization"
  permissions = ["member:read", "member:invite", "member:remove", "team:read", "team:update"]
}
