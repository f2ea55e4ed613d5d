data "azurerm_client_config" "current" {}

locals {
  name = "${var.name_prefix}-zenml"
  tags = merge(var.tags, {
    "managed-by" = "terraform"
  })

  # The ZenML chart runs the server under this service account and its
  # database migration hook under `<name>-db-migration`; both get the
  # secrets-store identity.
  service_account_names = [
    var.kubernetes_service_account_name,
    "${var.kubernetes_service_account_name}-db-migration",
  ]

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
