output "workspace_id" {
  description = "ID of the hybrid workspace."
  value       = zenmlpro_workspace.this.id
}

output "dashboard_url" {
  description = "The workspace in the ZenML Pro dashboard."
  value       = zenmlpro_workspace.this.dashboard_url
}

output "server_url" {
  description = "The workspace server's URL (`zenml login <server_url>`)."
  value       = module.zenml_server.server_url
}

output "load_balancer_dns_name" {
  description = "Point `hostname` here when DNS is not managed by this configuration."
  value       = module.zenml_server.load_balancer_dns_name
}

output "database_migration_command" {
  description = "Runs the database migration as a one-off task (see the module README's upgrade procedure)."
  value       = module.zenml_server.database_migration_command
}
