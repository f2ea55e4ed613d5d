# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "database" {
  description = "The database connection for workspace-server-helm's `database` input: MySQL on the private IP, over TLS. Pass the password from `database_password_secret_id`."
  value = {
    engine   = "mysql"
    host     = google_sql_database_instance.this.private_ip_address
    port     = 3306
    name     = google_sql_database.zenml.name
    username = google_sql_user.zenml.name
    tls = {
      enabled            = true
      verify_server_cert = false
      ca_certificate     = null
    }
  }
}

output "database_password_secret_id" {
  description = "ID of the Secret Manager secret holding the database password. Read it with the ephemeral `google_secret_manager_secret_version` and pass it to workspace-server-helm's `database_password`."
  value       = google_secret_manager_secret.database_password.id
}

output "database_password_version" {
  description = "Version of the database password; pass it to workspace-server-helm's `database_password_version`."
  value       = var.db_password_version
}

output "database_ca_certificate" {
  description = "PEM certificate of the Cloud SQL instance's server CA."
  value       = google_sql_database_instance.this.server_ca_cert[0].cert
}

output "secrets_store" {
  description = "The secrets-store settings for workspace-server-helm's `secrets_store` input: Google Secret Manager in this project, through Workload Identity."
  value = {
    type = "gcp"
    gcp  = { project_id = var.project_id }
  }
}

output "service_account_annotations" {
  description = "Annotations of the server's Kubernetes service account for workspace-server-helm (the Workload Identity binding)."
  value       = { "iam.gke.io/gcp-service-account" = google_service_account.server.email }
}

output "kubernetes_namespace" {
  description = "Namespace the identity is bound to; install the chart there."
  value       = var.kubernetes_namespace
}

output "kubernetes_service_account_name" {
  description = "Service account name the identity is bound to; use it as workspace-server-helm's `service_account_name`."
  value       = var.kubernetes_service_account_name
}

output "server_service_account_email" {
  description = "Email of the server's Google service account."
  value       = google_service_account.server.email
}

# -----------------------------------------------------------------------------
# Cluster access (for the kubernetes and helm providers)
# -----------------------------------------------------------------------------
output "cluster_name" {
  description = "Name of the GKE cluster."
  value       = local.cluster.name
}

output "cluster_location" {
  description = "Region of the GKE cluster."
  value       = local.cluster.location
}

output "cluster_endpoint" {
  description = "Endpoint of the cluster's Kubernetes API (reachable from `master_authorized_networks` and the VPC)."
  value       = "https://${local.cluster.endpoint}"
}

output "cluster_ca_certificate" {
  description = "Base64-encoded certificate authority of the cluster's Kubernetes API."
  value       = local.cluster.master_auth[0].cluster_ca_certificate
}

# -----------------------------------------------------------------------------
# Infrastructure
# -----------------------------------------------------------------------------
output "database_instance_name" {
  description = "Name of the Cloud SQL instance."
  value       = google_sql_database_instance.this.name
}

output "database_connection_name" {
  description = "Connection name of the Cloud SQL instance (`project:region:instance`)."
  value       = google_sql_database_instance.this.connection_name
}

output "network_name" {
  description = "Name of the VPC network."
  value       = local.network_name
}
