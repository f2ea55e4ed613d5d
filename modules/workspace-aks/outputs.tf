# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "database" {
  description = "The database connection for workspace-server-helm's `database` input: MySQL on its private name, over TLS. Pass the password from the Key Vault secret `database_password_secret_name`."
  value = {
    engine   = "mysql"
    host     = azurerm_mysql_flexible_server.this.fqdn
    port     = 3306
    name     = azurerm_mysql_flexible_database.zenml.name
    username = var.db_administrator_login
    tls = {
      enabled            = true
      verify_server_cert = false
      ca_certificate     = null
    }
  }
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
  description = "The secrets-store settings for workspace-server-helm's `secrets_store` input: the Key Vault, through workload identity."
  value = {
    type  = "azure"
    azure = { key_vault_name = azurerm_key_vault.this.name }
  }
}

output "service_account_annotations" {
  description = "Annotations of the server's service account for workspace-server-helm (the workload identity's client ID)."
  value       = { "azure.workload.identity/client-id" = azurerm_user_assigned_identity.server.client_id }
}

output "pod_labels" {
  description = "Pod labels for workspace-server-helm's `pod_labels`: Azure workload identity only injects tokens into labelled pods."
  value       = { "azure.workload.identity/use" = "true" }
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
  description = "Service account name the identity is bound to; use it as workspace-server-helm's `service_account_name`."
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
