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

output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = module.platform.cluster_name
}

output "resource_group_name" {
  description = "Resource group of the deployment."
  value       = module.platform.resource_group_name
}
