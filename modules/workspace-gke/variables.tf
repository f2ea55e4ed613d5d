# -----------------------------------------------------------------------------
# Project and naming
# -----------------------------------------------------------------------------
variable "project_id" {
  description = "ID of the Google Cloud project to deploy into."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a Google Cloud project ID such as acme-ml-123."
  }
}

variable "region" {
  description = "Region of the cluster, the database and the network, such as `europe-west1`."
  type        = string

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+$", var.region))
    error_message = "region must be a Google Cloud region such as europe-west1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (`<name_prefix>-zenml...`), such as `prod`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-16 lowercase letters, digits or hyphens, starting with a letter (service account IDs are limited to 30 characters)."
  }
}

variable "labels" {
  description = "Labels added to every resource that supports them."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "enable_apis" {
  description = "Enable the Google APIs the module uses (Compute, Kubernetes Engine, Cloud SQL Admin, Service Networking, Secret Manager, IAM). They are never disabled on destroy."
  type        = bool
  default     = true
  nullable    = false
}

# -----------------------------------------------------------------------------
# Network
# -----------------------------------------------------------------------------
variable "create_network" {
  description = "Create a VPC network with a subnet (and secondary ranges for pods and services) and Cloud NAT. Set false to use `network_name`, `subnetwork_name`, `pods_range_name` and `services_range_name`."
  type        = bool
  default     = true
  nullable    = false
}

variable "subnet_cidr" {
  description = "Primary range of the created subnet (nodes)."
  type        = string
  default     = "10.50.0.0/20"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.subnet_cidr))
    error_message = "subnet_cidr must be an IPv4 CIDR range such as 10.50.0.0/20."
  }
}

variable "pods_cidr" {
  description = "Secondary range of the created subnet for pods."
  type        = string
  default     = "10.64.0.0/14"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.pods_cidr))
    error_message = "pods_cidr must be an IPv4 CIDR range such as 10.64.0.0/14."
  }
}

variable "services_cidr" {
  description = "Secondary range of the created subnet for services."
  type        = string
  default     = "10.68.0.0/20"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.services_cidr))
    error_message = "services_cidr must be an IPv4 CIDR range such as 10.68.0.0/20."
  }
}

variable "network_name" {
  description = "Name of an existing VPC network, with `create_network = false`."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.network_name == null : var.network_name != null
    error_message = "Set network_name exactly when create_network = false."
  }
}

variable "subnetwork_name" {
  description = "Name of an existing subnet in `region`, with `create_network = false`. It needs Private Google Access and a route to the internet (Cloud NAT) for the control plane."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.subnetwork_name == null : var.subnetwork_name != null
    error_message = "Set subnetwork_name exactly when create_network = false."
  }
}

variable "pods_range_name" {
  description = "Name of the existing subnet's secondary range for pods, with `create_network = false`."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.pods_range_name == null : var.pods_range_name != null
    error_message = "Set pods_range_name exactly when create_network = false."
  }
}

variable "services_range_name" {
  description = "Name of the existing subnet's secondary range for services, with `create_network = false`."
  type        = string
  default     = null

  validation {
    condition     = var.create_network ? var.services_range_name == null : var.services_range_name != null
    error_message = "Set services_range_name exactly when create_network = false."
  }
}

variable "create_private_service_access" {
  description = "Reserve a range and peer the network with Google's service producers, which Cloud SQL's private IP needs. Set false if the network already has private services access."
  type        = bool
  default     = true
  nullable    = false
}

# -----------------------------------------------------------------------------
# Cluster
# -----------------------------------------------------------------------------
variable "cluster_mode" {
  description = "`autopilot` (Google manages the nodes; Workload Identity, Shielded Nodes and secure defaults are built in) or `standard` (a regional node pool this module manages)."
  type        = string
  default     = "autopilot"
  nullable    = false

  validation {
    condition     = contains(["autopilot", "standard"], var.cluster_mode)
    error_message = "cluster_mode must be \"autopilot\" or \"standard\"."
  }
}

variable "release_channel" {
  description = "GKE release channel of the cluster."
  type        = string
  default     = "REGULAR"
  nullable    = false

  validation {
    condition     = contains(["RAPID", "REGULAR", "STABLE"], var.release_channel)
    error_message = "release_channel must be RAPID, REGULAR or STABLE."
  }
}

variable "master_ipv4_cidr_block" {
  description = "/28 range of the private control plane's endpoint."
  type        = string
  default     = "172.16.0.32/28"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.master_ipv4_cidr_block)) && endswith(var.master_ipv4_cidr_block, "/28")
    error_message = "master_ipv4_cidr_block must be a /28 range such as 172.16.0.32/28."
  }
}

variable "master_authorized_networks" {
  description = "Ranges allowed to reach the Kubernetes API (for example where Terraform runs). Nodes are always private; with an empty list only the VPC reaches the API."
  type = list(object({
    cidr_block   = string
    display_name = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for network in var.master_authorized_networks : can(cidrnetmask(network.cidr_block)) && network.cidr_block != "0.0.0.0/0"])
    error_message = "master_authorized_networks must hold IPv4 CIDR ranges narrower than 0.0.0.0/0."
  }
}

variable "cluster_deletion_protection" {
  description = "Protect the cluster against deletion by Terraform."
  type        = bool
  default     = true
  nullable    = false
}

variable "node_machine_type" {
  description = "Machine type of the node pool (standard mode only)."
  type        = string
  default     = "e2-standard-4"
  nullable    = false
}

variable "node_min_count" {
  description = "Minimum nodes per zone of the node pool (standard mode only)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.node_min_count >= 1
    error_message = "node_min_count must be 1 or more."
  }
}

variable "node_max_count" {
  description = "Maximum nodes per zone of the node pool (standard mode only)."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = var.node_max_count >= var.node_min_count
    error_message = "node_max_count must be at least node_min_count."
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
  description = "Cloud SQL database version: MySQL 8."
  type        = string
  default     = "MYSQL_8_0"
  nullable    = false

  validation {
    condition     = can(regex("^MYSQL_8_(0|4)(_[0-9]+)?$", var.db_version))
    error_message = "db_version must be a MySQL 8 version such as MYSQL_8_0 or MYSQL_8_4."
  }
}

variable "db_tier" {
  description = "Machine tier of the Cloud SQL instance."
  type        = string
  default     = "db-custom-2-7680"
  nullable    = false

  validation {
    condition     = startswith(var.db_tier, "db-")
    error_message = "db_tier must be a Cloud SQL tier such as db-custom-2-7680."
  }
}

variable "db_disk_size_gb" {
  description = "Initial disk size of the database in GB (it grows automatically)."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.db_disk_size_gb >= 10
    error_message = "db_disk_size_gb must be 10 or more."
  }
}

variable "db_high_availability" {
  description = "Run the database as a regional (high-availability) instance with a standby in another zone."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_backup_retention_count" {
  description = "Number of daily backups kept (7 to 365)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.db_backup_retention_count >= 7 && var.db_backup_retention_count <= 365
    error_message = "db_backup_retention_count must be from 7 to 365."
  }
}

variable "db_transaction_log_retention_days" {
  description = "Days of binary logs kept for point-in-time recovery (1 to 7)."
  type        = number
  default     = 7
  nullable    = false

  validation {
    condition     = var.db_transaction_log_retention_days >= 1 && var.db_transaction_log_retention_days <= 7
    error_message = "db_transaction_log_retention_days must be from 1 to 7."
  }
}

variable "db_backup_start_time" {
  description = "UTC start time (HH:MM) of the daily backup."
  type        = string
  default     = "02:00"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]$", var.db_backup_start_time))
    error_message = "db_backup_start_time must look like 02:00."
  }
}

variable "db_deletion_protection" {
  description = "Protect the database against deletion, both in Terraform and in the Cloud SQL API. Destroying it takes two steps: set false and apply, then destroy."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_encryption_key_name" {
  description = "Cloud KMS key (`projects/.../cryptoKeys/...`) encrypting the database (CMEK); null for Google-managed encryption. The Cloud SQL service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it."
  type        = string
  default     = null

  validation {
    condition     = var.db_encryption_key_name == null || can(regex("^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", var.db_encryption_key_name))
    error_message = "db_encryption_key_name must be a Cloud KMS key name (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)."
  }
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

variable "db_username" {
  description = "Database user of the ZenML server (its password is generated, written write-only and kept in Secret Manager)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,31}$", var.db_username)) && lower(var.db_username) != "root"
    error_message = "db_username must be 1-32 letters, digits or underscores, starting with a letter, and not root."
  }
}

variable "db_password_version" {
  description = "Version of the generated database password: increase it to generate a new password, written to the database user and the Secret Manager secret (then pass the new version to workspace-server-helm's `database_password_version`)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.db_password_version >= 1 && floor(var.db_password_version) == var.db_password_version
    error_message = "db_password_version must be a whole number, 1 or more."
  }
}
