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
  description = "Service account of the server pods and of the database migration (created by this module)."
  value       = kubernetes_service_account_v1.server.metadata[0].name
}

output "database_password_secret_name" {
  description = "Name of the Kubernetes secret the chart reads the database password from."
  value       = local.database_password_secret.name
}

output "server_secret_name" {
  description = "Name of the Kubernetes secret holding the enrollment key (read by the chart through `enrollmentKeySecretRef`) and the session-token and secrets-store keys."
  value       = kubernetes_secret_v1.server.metadata[0].name
}

output "migration" {
  description = "Where the database migration runs: `chart-hook` (the chart's pre-install/pre-upgrade Job) or `job` (this module's Kubernetes Job, with pod labels the chart cannot give its hook)."
  value       = module.config.kubernetes_migration
}

output "values" {
  description = "The non-secret values files passed to the chart, in order: the server settings from workspace-server-config (with the service account and pod annotations), then ingress, image pull secrets and security contexts. Secrets are referenced from Kubernetes secrets or passed with `set_sensitive`."
  value       = helm_release.zenml.values
}
