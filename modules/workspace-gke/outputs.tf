# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "server_platform" {
  description = "Everything workspace-server-helm's `platform` input needs: the `namespace` and `service_account_name` the Google service account is bound to through Workload Identity, the `service_account_annotations` of that binding, the Secret Manager `secrets_store` of this project, the `database` (MySQL on the private IP over TLS, whose certificate must chain to the instance's own CA) and, as `trusted_proxies`, the ranges from which Google's external Application Load Balancers (the GCE Ingress) reach their backends."
  value = {
    namespace                   = var.kubernetes_namespace
    service_account_name        = var.kubernetes_service_account_name
    service_account_annotations = { "iam.gke.io/gcp-service-account" = google_service_account.server.email }
    pod_labels                  = {}
    pod_annotations             = {}
    secrets_store               = local.secrets_store
    database                    = local.database
    trusted_proxies             = ["35.191.0.0/16", "130.211.0.0/22"]
  }
}

output "database" {
  description = "The database connection (also in `server_platform`): MySQL on the private IP, over TLS; the server requires the certificate to chain to the instance's server CA (`database_ca_certificate`). The host name is not checked: the per-instance certificate names the instance, not the private IP. Pass the password from `database_password_secret_id`."
  value       = local.database
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
  description = "The secrets-store settings (also in `server_platform`): Google Secret Manager in this project, through Workload Identity."
  value       = local.secrets_store
}

output "node_service_account_email" {
  description = "Email of the nodes' Google service account, with which they pull images. Give it to ZenML to be granted pull access to the Pro server image in ZenML's Artifact Registry."
  value       = google_service_account.nodes.email
}

output "kubernetes_namespace" {
  description = "Namespace the identity is bound to; install the chart there."
  value       = var.kubernetes_namespace
}

output "kubernetes_service_account_name" {
  description = "Service account name the identity is bound to (workspace-server-helm creates it, through `server_platform`)."
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
