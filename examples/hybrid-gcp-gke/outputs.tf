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

output "ingress_ip_address" {
  description = "Address to point `hostname` at (an A record)."
  value       = google_compute_global_address.ingress.address
}

output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = module.platform.cluster_name
}

output "node_service_account_email" {
  description = "Give it to ZenML to be granted pull access to the Pro server image in ZenML's Artifact Registry."
  value       = module.platform.node_service_account_email
}
