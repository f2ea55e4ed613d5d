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

output "execution_role_arn" {
  description = "Give it to ZenML to be granted pull access to the Pro server image in ZenML's ECR."
  value       = module.zenml_server.execution_role_arn
}
