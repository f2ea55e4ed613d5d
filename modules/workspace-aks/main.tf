data "azurerm_client_config" "current" {}

locals {
  name = "${var.name_prefix}-zenml"
  tags = merge(var.tags, {
    "managed-by" = "terraform"
  })

  resource_group_name = var.resource_group_name != null ? var.resource_group_name : azurerm_resource_group.this[0].name
}

resource "azurerm_resource_group" "this" {
  count = var.resource_group_name == null ? 1 : 0

  name     = "${local.name}-rg"
  location = var.location
  tags     = local.tags
}

# Globally unique names (Key Vault, MySQL server).
resource "random_id" "suffix" {
  byte_length = 3
}

locals {
  secrets_store = {
    type  = "azure"
    azure = { key_vault_name = azurerm_key_vault.this.name }
  }

  database = {
    engine   = "mysql"
    host     = azurerm_mysql_flexible_server.this.fqdn
    port     = 3306
    name     = azurerm_mysql_flexible_database.zenml.name
    username = var.db_administrator_login
    tls = {
      enabled            = true
      verify_server_cert = var.db_verify_server_cert
      ca_certificate     = var.db_ca_certificate_bundle != null ? var.db_ca_certificate_bundle : file("${path.module}/certs/azure-mysql-ca-bundle.pem")
    }
  }
}
