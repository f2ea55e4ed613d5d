# A built-in role, by its exact name. With level set, a role of another level is an error: a guard
# against binding it at the wrong scope.
data "zenmlpro_role" "workspace_developer" {
  name  = "Workspace Developer"
  level = "workspace"
}

# A custom role made in the dashboard (organization_id looks in another organization).
data "zenmlpro_role" "operator" {
  name = "Pipeline Operator"
}

output "workspace_developer" {
  value = {
    id          = data.zenmlpro_role.workspace_developer.id
    built_in    = data.zenmlpro_role.workspace_developer.system_managed
    permissions = data.zenmlpro_role.workspace_developer.permissions
  }
}
