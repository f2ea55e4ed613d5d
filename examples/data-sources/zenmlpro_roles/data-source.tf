# Every role of the provider's organization, built-in and custom.
data "zenmlpro_roles" "all" {}

# Only the project-level roles.
data "zenmlpro_roles" "project" {
  level = "project"
}

output "custom_roles" {
  value = [for r in data.zenmlpro_roles.all.roles : r.name if !r.system_managed]
}

output "project_role_ids" {
  value = { for r in data.zenmlpro_roles.project.roles : r.name => r.id }
}
