# -----------------------------------------------------------------------------
# Naming
# -----------------------------------------------------------------------------
variable "name_prefix" {
  description = "Prefix of every resource name (`<name_prefix>-zenml...`), such as `prod`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-21 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

# -----------------------------------------------------------------------------
# Network
# -----------------------------------------------------------------------------
variable "create_vpc" {
  description = "Create a VPC with private and public subnets and NAT gateways. Set false to use `vpc_id`, `private_subnet_ids` and `public_subnet_ids`."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_cidr" {
  description = "IPv4 range of the created VPC (/16 to /18)."
  type        = string
  default     = "10.40.0.0/16"
  nullable    = false

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && contains(["16", "17", "18"], try(split("/", var.vpc_cidr)[1], ""))
    error_message = "vpc_cidr must be an IPv4 CIDR range from /16 to /18, such as 10.40.0.0/16."
  }
}

variable "availability_zone_count" {
  description = "Number of availability zones of the created VPC (2 or 3)."
  type        = number
  default     = 3
  nullable    = false

  validation {
    condition     = contains([2, 3], var.availability_zone_count)
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "Use one NAT gateway for all zones (cheaper, but outbound traffic depends on one zone) instead of one per zone."
  type        = bool
  default     = false
  nullable    = false
}

variable "vpc_id" {
  description = "ID of an existing VPC, with `create_vpc = false`."
  type        = string
  default     = null

  validation {
    condition     = var.create_vpc ? var.vpc_id == null : can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "With create_vpc = false set vpc_id to an existing VPC (vpc-...), the cluster's VPC when create_cluster = false; with create_vpc = true leave it null."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (two or more zones, with outbound internet access through NAT) of the existing VPC, for the nodes and the database."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.private_subnet_ids) == 0 : length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "With create_vpc = false give two or more private subnet IDs (subnet-...) in different zones; with create_vpc = true leave private_subnet_ids empty."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the existing VPC, reported in `public_subnet_ids` for internet-facing load balancers (tag them `kubernetes.io/role/elb = 1`)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.public_subnet_ids) == 0 : alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "public_subnet_ids must be subnet IDs (subnet-...) of the existing VPC; with create_vpc = true leave it empty."
  }
}

# -----------------------------------------------------------------------------
# Cluster
# -----------------------------------------------------------------------------
variable "create_cluster" {
  description = "Create an EKS cluster with a managed node group. Set false to use the existing cluster `cluster_name` (then `create_vpc` must be false and the VPC and subnets must be the cluster's)."
  type        = bool
  default     = true
  nullable    = false
}

variable "cluster_name" {
  description = "Name of an existing EKS cluster, with `create_cluster = false`. A created cluster is named `<name_prefix>-zenml`."
  type        = string
  default     = null

  validation {
    condition     = var.create_cluster ? var.cluster_name == null : can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", var.cluster_name))
    error_message = "With create_cluster = false set cluster_name to the existing cluster's name; with create_cluster = true leave it null (the cluster is named <name_prefix>-zenml)."
  }

  validation {
    condition     = var.cluster_name == null || !var.create_vpc
    error_message = "An existing cluster needs create_vpc = false with its own VPC and subnets: the database must live in the cluster's VPC."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes version of the created cluster, such as `1.33`."
  type        = string
  default     = "1.33"
  nullable    = false

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must look like 1.33."
  }
}

variable "cluster_endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint publicly (to `cluster_endpoint_public_access_cidrs` only). Off by default: the API is reachable from the VPC only, so run Terraform from inside it or through a VPN."
  type        = bool
  default     = false
  nullable    = false
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "IPv4 ranges allowed to reach a public Kubernetes API endpoint, such as your office or CI egress ranges."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for cidr in var.cluster_endpoint_public_access_cidrs : can(cidrnetmask(cidr)) && cidr != "0.0.0.0/0"])
    error_message = "cluster_endpoint_public_access_cidrs must be IPv4 CIDR ranges narrower than 0.0.0.0/0."
  }

  validation {
    condition     = !var.cluster_endpoint_public_access || length(var.cluster_endpoint_public_access_cidrs) > 0
    error_message = "A public cluster endpoint needs cluster_endpoint_public_access_cidrs: list the ranges allowed to reach it."
  }
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles or users granted cluster administration through access entries (besides the identity running Terraform, which creates the cluster)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.cluster_admin_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+$", arn))])
    error_message = "cluster_admin_principal_arns must hold IAM role or user ARNs."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group."
  type        = list(string)
  default     = ["m6i.large"]
  nullable    = false

  validation {
    condition     = length(var.node_instance_types) > 0 && alltrue([for type in var.node_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", type))])
    error_message = "node_instance_types must hold one or more EC2 instance types such as m6i.large."
  }
}

variable "node_min_size" {
  description = "Minimum number of nodes."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.node_min_size >= 1
    error_message = "node_min_size must be 1 or more."
  }
}

variable "node_desired_size" {
  description = "Initial number of nodes (later changes by autoscalers are kept)."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.node_desired_size >= var.node_min_size && var.node_desired_size <= var.node_max_size
    error_message = "node_desired_size must lie between node_min_size and node_max_size."
  }
}

variable "node_max_size" {
  description = "Maximum number of nodes."
  type        = number
  default     = 4
  nullable    = false

  validation {
    condition     = var.node_max_size >= var.node_min_size && var.node_max_size <= 100
    error_message = "node_max_size must be at least node_min_size and at most 100."
  }
}

variable "node_disk_size_gib" {
  description = "Size of each node's (encrypted) root volume in GiB."
  type        = number
  default     = 50
  nullable    = false

  validation {
    condition     = var.node_disk_size_gib >= 20 && var.node_disk_size_gib <= 1000
    error_message = "node_disk_size_gib must be from 20 to 1000."
  }
}

variable "log_retention_days" {
  description = "Retention of the cluster's control-plane logs and the database's logs, in days."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value such as 30, 90, 365 or 3653."
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
    error_message = "kubernetes_namespace must be a Kubernetes namespace name (lowercase letters, digits, hyphens)."
  }
}

variable "kubernetes_service_account_name" {
  description = "Service account of the ZenML server (the `service_account_name` of workspace-server-helm); its database-migration hook runs as `<name>-db-migration`."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$", var.kubernetes_service_account_name))
    error_message = "kubernetes_service_account_name must be 1-50 lowercase letters, digits or hyphens."
  }
}

variable "service_account_identity" {
  description = "How the server's pods get the secrets-store role: `pod_identity` (EKS Pod Identity; the agent add-on is installed on a created cluster) or `irsa` (IAM roles for service accounts; an OIDC provider is created, or looked up for an existing cluster)."
  type        = string
  default     = "pod_identity"
  nullable    = false

  validation {
    condition     = contains(["pod_identity", "irsa"], var.service_account_identity)
    error_message = "service_account_identity must be \"pod_identity\" or \"irsa\"."
  }
}

# -----------------------------------------------------------------------------
# Encryption
# -----------------------------------------------------------------------------
variable "kms_key_arn" {
  description = "ARN of an existing KMS key for the database, its master password secret, Kubernetes secrets and the logs; null to create one (with rotation). A given key's policy must let CloudWatch Logs use it."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

# -----------------------------------------------------------------------------
# Database
# -----------------------------------------------------------------------------
variable "db_engine_version" {
  description = "MySQL version of the database: `8.0` or `8.4` (minor versions are upgraded automatically), or a full version such as `8.0.40`."
  type        = string
  default     = "8.0"
  nullable    = false

  validation {
    condition     = can(regex("^8\\.(0|4)(\\.[0-9]+)?$", var.db_engine_version))
    error_message = "db_engine_version must be MySQL 8.0 or 8.4, such as 8.0 or 8.0.40."
  }
}

variable "db_instance_class" {
  description = "RDS instance class of the database."
  type        = string
  default     = "db.t4g.medium"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.db_instance_class)) && !can(regex("^db\\.t[0-9]+g?\\.(micro|small)$", var.db_instance_class))
    error_message = "db_instance_class must be an RDS instance class of db.t4g.medium or larger, such as db.t4g.medium or db.m7g.large (smaller classes lack the memory for ZenML and Performance Insights)."
  }
}

variable "db_allocated_storage" {
  description = "Initial storage of the database in GiB."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 65536
    error_message = "db_allocated_storage must be from 20 to 65536 GiB."
  }
}

variable "db_max_allocated_storage" {
  description = "Upper limit of storage autoscaling in GiB (0 disables autoscaling)."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.db_max_allocated_storage == 0 || (var.db_max_allocated_storage >= var.db_allocated_storage && var.db_max_allocated_storage <= 65536)
    error_message = "db_max_allocated_storage must be 0 or from db_allocated_storage to 65536 GiB."
  }
}

variable "db_multi_az" {
  description = "Run the database with a synchronous standby in a second availability zone."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_backup_retention_days" {
  description = "Days automated backups (and point-in-time recovery) are kept: 7 to 35."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.db_backup_retention_days >= 7 && var.db_backup_retention_days <= 35 && floor(var.db_backup_retention_days) == var.db_backup_retention_days
    error_message = "db_backup_retention_days must be a whole number of days from 7 to 35."
  }
}

variable "db_backup_window" {
  description = "Daily UTC window of automated backups (hh24:mi-hh24:mi); it must not overlap the maintenance window."
  type        = string
  default     = "02:00-03:00"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.db_backup_window))
    error_message = "db_backup_window must look like 02:00-03:00 (UTC)."
  }
}

variable "db_maintenance_window" {
  description = "Weekly UTC maintenance window (ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:04:00-sun:05:00"
  nullable    = false

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.db_maintenance_window))
    error_message = "db_maintenance_window must look like sun:04:00-sun:05:00 (UTC)."
  }
}

variable "db_skip_final_snapshot" {
  description = "Skip the final snapshot when the database is destroyed. Leave false in production: the snapshot `<name_prefix>-zenml-db-final` is the last copy of the data."
  type        = bool
  default     = false
  nullable    = false
}

variable "db_deletion_protection" {
  description = "Protect the database against deletion. Destroying it takes two steps: set false and apply, then destroy."
  type        = bool
  default     = true
  nullable    = false
}

variable "db_apply_immediately" {
  description = "Apply database changes immediately instead of in the maintenance window (may restart the database)."
  type        = bool
  default     = false
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

variable "db_username" {
  description = "Master user name of the database (its password is generated and kept by RDS in Secrets Manager)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.db_username)) && !contains(["admin", "root", "rdsadmin"], lower(var.db_username))
    error_message = "db_username must be 1-16 letters, digits or underscores, starting with a letter, and not a reserved name (admin, root, rdsadmin)."
  }
}

variable "db_ca_certificate_bundle" {
  description = "PEM bundle of the RDS certificate authorities of your region, which AWS publishes as `https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem` (or the `global-bundle.pem`): pass `file(\"eu-west-1-bundle.pem\")`. The server verifies the database's certificate against it (`db_verify_server_cert`); TLS is required either way."
  type        = string
  default     = null

  validation {
    condition     = var.db_ca_certificate_bundle == null || can(regex("^-----BEGIN CERTIFICATE-----", trimspace(coalesce(var.db_ca_certificate_bundle, "-"))))
    error_message = "db_ca_certificate_bundle must be PEM text starting with -----BEGIN CERTIFICATE----- (use file(\"eu-west-1-bundle.pem\"))."
  }
}

variable "db_verify_server_cert" {
  description = "Have the server verify the database's certificate (and host name) against `db_ca_certificate_bundle`. On by default; set false only to connect over unverified TLS."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.db_verify_server_cert || var.db_ca_certificate_bundle != null
    error_message = "db_verify_server_cert is true (the default) but db_ca_certificate_bundle is not set: download the RDS CA bundle of your region from https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem and pass db_ca_certificate_bundle = file(\"<region>-bundle.pem\"), or set db_verify_server_cert = false to connect without verifying the database."
  }
}
