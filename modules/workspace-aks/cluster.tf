# An AKS cluster with Entra ID authentication and Azure RBAC (no local
# accounts), its API server reachable from the authorized ranges only (or
# private), the OIDC issuer and workload identity, zone-spread autoscaled
# nodes, automatic patch upgrades and Container Insights.

# The cluster's logs and metrics (Container Insights), unless a workspace is
# given.
resource "azurerm_log_analytics_workspace" "this" {
  count = var.log_analytics_workspace_id == null ? 1 : 0

  name                = "${local.name}-logs"
  location            = var.location
  resource_group_name = local.resource_group_name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

locals {
  log_analytics_workspace_id = var.log_analytics_workspace_id != null ? var.log_analytics_workspace_id : azurerm_log_analytics_workspace.this[0].id
}

# trivy:ignore:AVD-AZU-0065 Terraform installs the chart through the API server, so it is public by default but reachable from api_server_authorized_ip_ranges only, with Entra ID and no local accounts; private_cluster_enabled = true for runners inside the network.
resource "azurerm_kubernetes_cluster" "this" {
  name                = local.name
  location            = var.location
  resource_group_name = local.resource_group_name
  dns_prefix          = local.name
  kubernetes_version  = var.kubernetes_version
  sku_tier            = "Standard"

  oidc_issuer_enabled       = true
  workload_identity_enabled = true

  private_cluster_enabled = var.private_cluster_enabled
  # Node disks hold no workspace data (the server is stateless; its data is
  # in MySQL and Key Vault); platform-managed keys encrypt them unless a disk
  # encryption set adds a customer-managed key.
  disk_encryption_set_id = var.disk_encryption_set_id

  local_account_disabled            = true
  role_based_access_control_enabled = true

  azure_active_directory_role_based_access_control {
    tenant_id              = data.azurerm_client_config.current.tenant_id
    azure_rbac_enabled     = true
    admin_group_object_ids = var.cluster_admin_group_object_ids
  }

  automatic_upgrade_channel    = "patch"
  node_os_upgrade_channel      = "NodeImage"
  azure_policy_enabled         = true
  image_cleaner_enabled        = true
  image_cleaner_interval_hours = 48

  default_node_pool {
    name                        = "system"
    temporary_name_for_rotation = "systemtmp"
    vm_size                     = var.node_vm_size
    vnet_subnet_id              = local.aks_subnet_id
    zones                       = var.availability_zones
    auto_scaling_enabled        = true
    min_count                   = var.node_min_count
    max_count                   = var.node_max_count
    tags                        = local.tags

    upgrade_settings {
      max_surge = "33%"
    }
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "calico"
    load_balancer_sku   = "standard"
    outbound_type       = "loadBalancer"
  }

  # A private API server takes no authorized ranges.
  api_server_access_profile {
    authorized_ip_ranges = var.private_cluster_enabled ? null : var.api_server_authorized_ip_ranges
  }

  oms_agent {
    log_analytics_workspace_id      = local.log_analytics_workspace_id
    msi_auth_for_monitoring_enabled = true
  }

  dynamic "web_app_routing" {
    for_each = var.web_app_routing_enabled ? [1] : []

    content {
      dns_zone_ids = []
    }
  }

  tags = local.tags

  lifecycle {
    # Autoscaling changes the node count.
    ignore_changes = [default_node_pool[0].node_count]
  }
}

# The identity running Terraform installs the chart.
resource "azurerm_role_assignment" "terraform_cluster_admin" {
  scope                = azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = data.azurerm_client_config.current.object_id
}
