# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "server_platform" {
  description = "Everything workspace-server-helm's `platform` input needs: the `namespace` and `service_account_name` the workload identity is federated with, the `service_account_annotations` (its client ID) and `pod_labels` (`azure.workload.identity/use`, without which no pod gets a token) of workload identity, the Key Vault `secrets_store`, the `database` (MySQL on its private name over TLS, verified against `db_ca_certificate_bundle` or Azure's roots) and, as `trusted_proxies`, the pod range from which AKS's managed NGINX (application routing) forwards requests."
  value = {
    namespace                   = var.kubernetes_namespace
    service_account_name        = var.kubernetes_service_account_name
    service_account_annotations = { "azure.workload.identity/client-id" = azurerm_user_assigned_identity.server.client_id }
    pod_labels                  = { "azure.workload.identity/use" = "true" }
    pod_annotations             = {}
    secrets_store               = local.secrets_store
    database                    = local.database
    trusted_proxies             = compact([azurerm_kubernetes_cluster.this.network_profile[0].pod_cidr])
  }
}

output "database" {
  description = "The database connection (also in `server_platform`): MySQL on its private name, over TLS, verified against `db_ca_certificate_bundle` or the roots Microsoft documents. Pass the password from the Key Vault secret `database_password_secret_name`."
  value       = local.database
}

output "key_vault_id" {
  description = "ID of the Key Vault (secrets store and database password)."
  value       = azurerm_key_vault.this.id
}

output "database_password_secret_name" {
  description = "Name of the Key Vault secret holding the database password. Read it with the ephemeral `azurerm_key_vault_secret` and pass it to workspace-server-helm's `database_password`."
  value       = azurerm_key_vault_secret.database_password.name
}

output "database_password_version" {
  description = "Version of the database password; pass it to workspace-server-helm's `database_password_version`."
  value       = var.db_password_version
}

output "secrets_store" {
  description = "The secrets-store settings (also in `server_platform`): the Key Vault, through workload identity."
  value       = local.secrets_store
}

output "ingress_class_name" {
  description = "Ingress class of AKS's managed NGINX (application routing), or null when it is disabled."
  value       = var.web_app_routing_enabled ? "webapprouting.kubernetes.azure.com" : null
}

output "kubernetes_namespace" {
  description = "Namespace the identity is bound to; install the chart there."
  value       = var.kubernetes_namespace
}

output "kubernetes_service_account_name" {
  description = "Service account name the identity is federated with (workspace-server-helm creates it, through `server_platform`)."
  value       = var.kubernetes_service_account_name
}

output "server_identity_client_id" {
  description = "Client ID of the server's user-assigned identity."
  value       = azurerm_user_assigned_identity.server.client_id
}

# -----------------------------------------------------------------------------
# Cluster access (for the kubernetes and helm providers, with kubelogin)
# -----------------------------------------------------------------------------
output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = azurerm_kubernetes_cluster.this.name
}

output "cluster_endpoint" {
  description = "Endpoint of the cluster's Kubernetes API. Local accounts are disabled: authenticate with Entra ID (kubelogin)."
  value       = nonsensitive(azurerm_kubernetes_cluster.this.kube_config[0].host)
}

output "cluster_ca_certificate" {
  description = "Base64-encoded certificate authority of the cluster's Kubernetes API (public, not a credential)."
  value       = nonsensitive(azurerm_kubernetes_cluster.this.kube_config[0].cluster_ca_certificate)
}

output "kubelet_identity_object_id" {
  description = "Object ID of the cluster's kubelet identity, with which the nodes pull images."
  value       = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
}

output "oidc_issuer_url" {
  description = "OIDC issuer of the cluster (workload identity)."
  value       = azurerm_kubernetes_cluster.this.oidc_issuer_url
}

# -----------------------------------------------------------------------------
# Infrastructure
# -----------------------------------------------------------------------------
output "resource_group_name" {
  description = "Name of the resource group."
  value       = local.resource_group_name
}

output "database_server_name" {
  description = "Name of the MySQL Flexible Server."
  value       = azurerm_mysql_flexible_server.this.name
}

output "private_dns_zone_id" {
  description = "ID of the private DNS zone of the database."
  value       = local.private_dns_zone_id
}
