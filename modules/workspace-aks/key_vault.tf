# The Key Vault backing ZenML's Azure secrets store, which also keeps the
# database password. RBAC authorization, purge protection, and a firewall
# admitting only the cluster subnet and the given ranges.

resource "azurerm_key_vault" "this" {
  name                = "${local.name}-${random_id.suffix.hex}"
  location            = var.location
  resource_group_name = local.resource_group_name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"

  enable_rbac_authorization  = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 90

  network_acls {
    default_action             = "Deny"
    bypass                     = "AzureServices"
    ip_rules                   = var.key_vault_allowed_ip_ranges
    virtual_network_subnet_ids = [local.aks_subnet_id]
  }

  tags = local.tags
}

# Terraform writes the database password.
resource "azurerm_role_assignment" "terraform_key_vault" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

# -----------------------------------------------------------------------------
# The server's identity: a user-assigned identity federated with the server's
# service account (created by workspace-server-helm; the server pods and the
# database migration run under it), allowed to manage the vault's secrets.
# -----------------------------------------------------------------------------
resource "azurerm_user_assigned_identity" "server" {
  name                = "${local.name}-server"
  location            = var.location
  resource_group_name = local.resource_group_name
  tags                = local.tags
}

resource "azurerm_role_assignment" "server_key_vault" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = azurerm_user_assigned_identity.server.principal_id
}

resource "azurerm_federated_identity_credential" "server" {
  name                = var.kubernetes_service_account_name
  resource_group_name = local.resource_group_name
  parent_id           = azurerm_user_assigned_identity.server.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = azurerm_kubernetes_cluster.this.oidc_issuer_url
  subject             = "system:serviceaccount:${var.kubernetes_namespace}:${var.kubernetes_service_account_name}"
}

# Earlier versions federated the server's and the chart's migration service
# accounts by name; the default name's credential is kept.
moved {
  from = azurerm_federated_identity_credential.server["zenml"]
  to   = azurerm_federated_identity_credential.server
}
