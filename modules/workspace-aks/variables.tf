# -----------------------------------------------------------------------------
# Location and naming
# -----------------------------------------------------------------------------
variable "location" {
  description = "Azure region, such as `westeurope`. It must offer availability zones for zone-redundant high availability."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+[a-z0-9]*$", var.location))
    error_message = "location must be an Azure region name such as westeurope."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (`<name_prefix>-zenml...`), such as `prod`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,9}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-11 lowercase letters, digits or hyphens, starting with a letter (Key Vault names are limited to 24 characters)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "resource_group_name" {
  description = "Name of an existing resource group; null to create `<name_prefix>-zenml-rg`."
  type        = string
  default     = null
}

# -----------------------------------------------------------------------------
# Network
# -----------------------------------------------------------------------------
variable "create_network" {
  description = "Create a virtual network with a subnet for the cluster and a subnet delegated to MySQL Flexible Server. Set false to use `aks_subnet_id`, `database_subnet_id` and `virtual_network_id`."
  type        = bool
  default     = true
  nullable    = false
}

variable "vnet_cidr" {
  description = "Address space of the created virtual network."
  type        = string
  default     = "10.60.0.0/16"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.vnet_cidr))
    error_message = "vnet_cidr must be an IPv4 CIDR range such as 10.60.0.0/16."
  }
}

variable "aks_subnet_cidr" {
  description = "Range of the created cluster subnet (nodes; pods use an overlay)."
  type        = string
  default     = "10.60.0.0/20"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.aks_subnet_cidr))
    error_message = "aks_subnet_cidr must be an IPv4 CIDR range such as 10.60.0.0/20."
  }
}

variable "database_subnet_cidr" {
  description = "Range of the created subnet delegated to MySQL Flexible Server."
  type        = string
  default     = "10.60.16.0/24"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.database_subnet_cidr))
    error_message = "database_subnet_cidr must be an IPv4 CIDR range such as 10.60.16.0/24."
  }
}

variable "virtual_network_id" {
  description = "ID of an existing virtual network, with `create_network = false` (the private DNS zone is linked to it)."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.virtual_network_id == null : can(regex("/providers/Microsoft.Network/virtualNetworks/[^/]+$", var.virtual_network_id))
    error_message = "Set virtual_network_id to an existing virtual network's ID exactly when create_network = false."
  }
}

variable "aks_subnet_id" {
  description = "ID of an existing subnet for the cluster nodes, with `create_network = false`. Enable the `Microsoft.KeyVault` service endpoint on it so that the server reaches the Key Vault."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.aks_subnet_id == null : can(regex("/subnets/[^/]+$", var.aks_subnet_id))
    error_message = "Set aks_subnet_id to an existing subnet's ID exactly when create_network = false."
  }
}

variable "database_subnet_id" {
  description = "ID of an existing subnet delegated to `Microsoft.DBforMySQL/flexibleServers`, with `create_network = false`."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.database_subnet_id == null : can(regex("/subnets/[^/]+$", var.database_subnet_id))
    error_message = "Set database_subnet_id to an existing delegated subnet's ID exactly when create_network = false."
  }
}

variable "private_dns_zone_id" {
  description = "ID of an existing private DNS zone ending in `.mysql.database.azure.com`, linked to the network; null to create and link one."
  type        = string
  default     = null

  validation {
    condition     = var.private_dns_zone_id == null || can(regex("/privateDnsZones/[^/]+\\.mysql\\.database\\.azure\\.com$", var.private_dns_zone_id))
    error_message = "private_dns_zone_id must be the ID of a private DNS zone ending in .mysql.database.azure.com."
  }
}

# -----------------------------------------------------------------------------
# Cluster
# -----------------------------------------------------------------------------
variable "kubernetes_version" {
  description = "Kubernetes version of the cluster, such as `1.33`; null for the region's default. Patches are applied automatically."
  type        = string
  default     = null

  validation {
    condition     = var.kubernetes_version == null || can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.33, or be null."
  }
}

variable "node_vm_size" {
  description = "VM size of the cluster's node pool."
  type        = string
  default     = "Standard_D4s_v5"
  nullable    = false
}

variable "node_min_count" {
  description = "Minimum number of nodes (spread over the zones)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.node_min_count >= 1
    error_message = "node_min_count must be 1 or more."
  }
}

variable "node_max_count" {
  description = "Maximum number of nodes."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.node_max_count >= var.node_min_count && var.node_max_count <= 100
    error_message = "node_max_count must be from node_min_count to 100."
  }
}

variable "availability_zones" {
  description = "Availability zones of the nodes."
  type        = list(string)
  default     = ["1", "2", "3"]
  nullable    = false

  validation {
    condition     = alltrue([for zone in var.availability_zones : contains(["1", "2", "3"], zone)])
    error_message = "availability_zones must be chosen from 1, 2 and 3."
  }
}

variable "cluster_admin_group_object_ids" {
  description = "Microsoft Entra ID groups administering the cluster (Azure RBAC). The identity running Terraform also gets cluster-admin, to install the chart."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.cluster_admin_group_object_ids : can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id))])
    error_message = "cluster_admin_group_object_ids must hold Entra ID object IDs (UUIDs)."
  }
}

variable "api_server_authorized_ip_ranges" {
  description = "Ranges allowed to reach the Kubernetes API: where Terraform (which installs the chart) and administrators run. Required with a public API server; ignored with `private_cluster_enabled`."
  type        = list(string)
  default     = null

  validation {
    condition     = var.private_cluster_enabled || length(coalesce(var.api_server_authorized_ip_ranges, [])) > 0
    error_message = "api_server_authorized_ip_ranges must list the ranges allowed to reach the Kubernetes API (where Terraform and administrators run), such as [\"203.0.113.0/24\"]: an API server open to every address is refused. Or set private_cluster_enabled = true."
  }

  validation {
    condition     = alltrue([for cidr in coalesce(var.api_server_authorized_ip_ranges, []) : can(cidrnetmask(cidr)) && !endswith(cidr, "/0")])
    error_message = "api_server_authorized_ip_ranges must hold IPv4 CIDR ranges narrower than 0.0.0.0/0."
  }
}

variable "private_cluster_enabled" {
  description = "Give the Kubernetes API a private address in the virtual network only. Terraform (which installs the chart), kubelogin and administrators must then run inside the network or a peered one."
  type        = bool
  default     = false
  nullable    = false
}

variable "disk_encryption_set_id" {
  description = "ID of a disk encryption set encrypting the nodes' disks with a customer-managed key; null for platform-managed keys (the nodes keep no workspace data)."
  type        = string
  default     = null
}

variable "log_analytics_workspace_id" {
  description = "ID of an existing Log Analytics workspace for the cluster's logs and metrics (Container Insights); null to create `<name_prefix>-zenml-logs`."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the created Log Analytics workspace, in days (30 to 730)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730 && floor(var.log_retention_days) == var.log_retention_days
    error_message = "log_retention_days must be a whole number of days from 30 to 730."
  }
}

variable "key_vault_allowed_ip_ranges" {
  description = "Public ranges allowed through the Key Vault firewall besides the cluster subnet: include where Terraform runs (it writes the database password)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for cidr in var.key_vault_allowed_ip_ranges : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "key_vault_allowed_ip_ranges must hold IPv4 CIDR ranges narrower than 0.0.0.0/0."
  }
}

# -----------------------------------------------------------------------------
# The server's identity (used by workspace-server-helm)
# -----------------------------------------------------------------------------
variable "kubernetes_namespace" {
  description = "Namespace the ZenML chart is installed into (the `namespace` of workspace-server-helm)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.kubernetes_namespace))
    error_message = "kubernetes_namespace must be a Kubernetes namespace name."
  }
}

variable "kubernetes_service_account_name" {
  description = "Service account of the ZenML server (the `service_account_name` of workspace-server-helm); its migration hook runs as `<name>-db-migration`."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$", var.kubernetes_service_account_name))
    error_message = "kubernetes_service_account_name must be 1-50 lowercase letters, digits or hyphens."
  }
}

# -----------------------------------------------------------------------------
# Database
# -----------------------------------------------------------------------------
variable "db_version" {
  description = "MySQL version of the Flexible Server (`8.0.21` is MySQL 8.0; `8.4` where available)."
  type        = string
  default     = "8.0.21"
  nullable    = false

  validation {
    condition     = contains(["8.0.21", "8.4"], var.db_version)
    error_message = "db_version must be 8.0.21 or 8.4."
  }
}

variable "db_sku_name" {
  description = "SKU of the Flexible Server; zone-redundant high availability needs a General Purpose or Business Critical SKU."
  type        = string
  default     = "GP_Standard_D2ds_v4"
  nullable    = false

  validation {
    condition     = can(regex("^(B|GP|MO)_", var.db_sku_name))
    error_message = "db_sku_name must be a Flexible Server SKU such as GP_Standard_D2ds_v4."
  }
}

variable "db_storage_gb" {
  description = "Initial storage of the database in GB (it grows automatically)."
  type        = number
  default     = 32
  nullable    = false

  validation {
    condition     = var.db_storage_gb >= 20 && var.db_storage_gb <= 16384
    error_message = "db_storage_gb must be from 20 to 16384."
  }
}

variable "db_high_availability" {
  description = "Run a zone-redundant standby (in `db_standby_zone`)."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.db_high_availability || !startswith(var.db_sku_name, "B_")
    error_message = "Zone-redundant high availability needs a General Purpose or Business Critical db_sku_name (not Burstable)."
  }
}

variable "db_zone" {
  description = "Availability zone of the primary database server."
  type        = string
  default     = "1"
  nullable    = false

  validation {
    condition     = contains(["1", "2", "3"], var.db_zone)
    error_message = "db_zone must be 1, 2 or 3."
  }
}

variable "db_standby_zone" {
  description = "Availability zone of the standby (with `db_high_availability`); it must differ from `db_zone`."
  type        = string
  default     = "2"
  nullable    = false

  validation {
    condition     = contains(["1", "2", "3"], var.db_standby_zone) && var.db_standby_zone != var.db_zone
    error_message = "db_standby_zone must be 1, 2 or 3 and differ from db_zone."
  }
}

variable "db_backup_retention_days" {
  description = "Days backups (and point-in-time recovery) are kept: 7 to 35."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be from 7 to 35."
  }
}

variable "db_geo_redundant_backup" {
  description = "Keep backups in the paired region as well (cannot be changed after creation)."
  type        = bool
  default     = false
  nullable    = false
}

variable "db_deletion_protection" {
  description = "Lock the database server against deletion (`CanNotDelete` management lock). Destroying it takes two steps: set false and apply, then destroy."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_name" {
  description = "Name of the ZenML database."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,63}$", var.db_name))
    error_message = "db_name must be 1-64 letters, digits or underscores, starting with a letter."
  }
}

variable "db_administrator_login" {
  description = "Administrator login of the server, used by ZenML (its password is generated, written write-only and kept in the Key Vault)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.db_administrator_login)) && !contains(["admin", "administrator", "root", "sa", "azure_superuser", "azure_pg_admin"], lower(var.db_administrator_login))
    error_message = "db_administrator_login must be 1-16 letters, digits or underscores, starting with a letter, and not a reserved name (admin, administrator, root, sa, ...)."
  }
}

variable "db_password_version" {
  description = "Version of the generated database password: increase it to generate a new one, written to the server and the Key Vault (then pass it to workspace-server-helm's `database_password_version`)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version
    error_message = "db_password_version must be a whole number, 1 or more."
  }
}

variable "db_ca_certificate_bundle" {
  description = "PEM bundle the server verifies the MySQL server's certificate against; null for the root certificates Microsoft documents for Azure Database for MySQL (DigiCert Global Root G2, Microsoft RSA Root Certificate Authority 2017 and DigiCert Global Root CA, in `certs/`)."
  type        = string
  default     = null

  validation {
    condition     = var.db_ca_certificate_bundle == null || can(regex("^-----BEGIN CERTIFICATE-----", trimspace(coalesce(var.db_ca_certificate_bundle, "-"))))
    error_message = "db_ca_certificate_bundle must be PEM text starting with -----BEGIN CERTIFICATE-----."
  }
}

variable "db_verify_server_cert" {
  description = "Have the server verify the database's certificate and host name. On by default; set false only to connect over unverified TLS."
  type        = bool
  default     = true
  nullable    = false
}
