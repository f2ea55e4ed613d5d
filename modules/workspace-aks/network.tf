# A virtual network with a subnet for the cluster (with a Key Vault service
# endpoint) and a subnet delegated to MySQL Flexible Server, plus the private
# DNS zone through which the cluster resolves the database.

resource "azurerm_virtual_network" "this" {
  count = var.create_network ? 1 : 0

  name                = "${local.name}-vnet"
  location            = var.location
  resource_group_name = local.resource_group_name
  address_space       = [var.vnet_cidr]
  tags                = local.tags
}

resource "azurerm_subnet" "aks" {
  count = var.create_network ? 1 : 0

  name                 = "aks"
  resource_group_name  = local.resource_group_name
  virtual_network_name = azurerm_virtual_network.this[0].name
  address_prefixes     = [var.aks_subnet_cidr]
  service_endpoints    = ["Microsoft.KeyVault"]
}

resource "azurerm_subnet" "database" {
  count = var.create_network ? 1 : 0

  name                 = "mysql"
  resource_group_name  = local.resource_group_name
  virtual_network_name = azurerm_virtual_network.this[0].name
  address_prefixes     = [var.database_subnet_cidr]

  delegation {
    name = "mysql-flexible-server"

    service_delegation {
      name    = "Microsoft.DBforMySQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

locals {
  virtual_network_id = var.create_network ? azurerm_virtual_network.this[0].id : var.virtual_network_id
  aks_subnet_id      = var.create_network ? azurerm_subnet.aks[0].id : var.aks_subnet_id
  database_subnet_id = var.create_network ? azurerm_subnet.database[0].id : var.database_subnet_id
}

resource "azurerm_private_dns_zone" "database" {
  count = var.private_dns_zone_id == null ? 1 : 0

  name                = "${local.name}.private.mysql.database.azure.com"
  resource_group_name = local.resource_group_name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "database" {
  count = var.private_dns_zone_id == null ? 1 : 0

  name                  = "${local.name}-vnet"
  resource_group_name   = local.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.database[0].name
  virtual_network_id    = local.virtual_network_id
  registration_enabled  = false
  tags                  = local.tags
}

locals {
  private_dns_zone_id = var.private_dns_zone_id != null ? var.private_dns_zone_id : azurerm_private_dns_zone.database[0].id
}
