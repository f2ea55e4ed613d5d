output "server_url" {
  description = "The workspace server's public URL (`https://<hostname>`)."
  value       = local.server_url
}

output "release_name" {
  description = "Name of the Helm release."
  value       = helm_release.zenml.name
}

output "namespace" {
  description = "Namespace of the release."
  value       = helm_release.zenml.namespace
}

output "chart_version" {
  description = "Installed version of the ZenML chart."
  value       = helm_release.zenml.version
}

output "service_account_name" {
  description = "Service account of the server pods."
  value       = var.service_account_name
}

output "database_password_secret_name" {
  description = "Name of the Kubernetes secret the chart reads the database password from."
  value       = local.database_password_secret.name
}

output "values" {
  description = "The non-secret values files passed to the chart, in order: the server settings from workspace-server-config, then ingress, service accounts and security contexts. Secrets are passed separately with `set_sensitive`."
  value       = helm_release.zenml.values
}
