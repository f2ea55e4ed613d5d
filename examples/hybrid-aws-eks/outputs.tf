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
  description = "Name of the EKS cluster (`aws eks update-kubeconfig --name <cluster_name>`)."
  value       = module.platform.cluster_name
}

output "database_identifier" {
  description = "RDS identifier of the ZenML database."
  value       = module.platform.database_identifier
}

output "node_role_arn" {
  description = "Give it to ZenML to be granted pull access to the Pro server image in ZenML's ECR."
  value       = module.platform.node_role_arn
}
