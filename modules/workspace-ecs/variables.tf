# -----------------------------------------------------------------------------
# Naming
# -----------------------------------------------------------------------------
variable "name_prefix" {
  description = "Prefix of every resource name (`<name_prefix>-zenml...`), such as `prod`. Lowercase letters, digits and hyphens."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 2-21 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (the load balancer name `<name_prefix>-zenml` is limited to 32 characters)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

# -----------------------------------------------------------------------------
# Workspace and control plane (from zenmlpro_workspace and zenmlpro_organization)
# -----------------------------------------------------------------------------
variable "server" {
  description = <<-EOT
    The workspace server, passed to workspace-server-config (see its README for every field): `workspace` and
    `organization` (`id` and `name` of `zenmlpro_workspace` and `data.zenmlpro_organization`), `control_plane`
    (`api_url`, `dashboard_url`; ZenML's SaaS control plane by default), `image` (`tag`, the pinned ZenML version, and
    `repository`, default ZenML's Pro server image in ZenML's AWS ECR, pulled with the execution role once ZenML has
    granted it access: see the README) and `replicas`, the number of server tasks (default 2).
  EOT
  type = object({
    workspace = object({
      id   = string
      name = string
    })
    organization = object({
      id   = string
      name = string
    })
    control_plane = optional(object({
      api_url       = optional(string)
      dashboard_url = optional(string)
    }))
    image = object({
      repository = optional(string, "715803424590.dkr.ecr.eu-central-1.amazonaws.com/zenml-pro-server")
      tag        = string
    })
    replicas = optional(number, 2)
  })

  validation {
    condition     = var.server.replicas >= 1 && var.server.replicas <= 20 && floor(var.server.replicas) == var.server.replicas
    error_message = "server.replicas must be a whole number from 1 to 20 (2 or more for high availability)."
  }
}

variable "enrollment_key" {
  description = "(Sensitive, ephemeral.) The workspace's enrollment key (`zenmlpro_workspace.this.enrollment_key`). It is written to a Secrets Manager secret with a write-only argument and never stored in this module's state. Leave null when `enrollment_key_secret_arn` is given."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "enrollment_key_version" {
  description = "Version of the enrollment key: increase it (with `zenmlpro_workspace.enrollment_key_version`) to write a rotated key to the secret and roll the server tasks. Ignored with `enrollment_key_secret_arn`."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.enrollment_key_version >= 1 && floor(var.enrollment_key_version) == var.enrollment_key_version
    error_message = "enrollment_key_version must be a whole number, 1 or more."
  }
}

variable "enrollment_key_secret_arn" {
  description = "ARN of an existing Secrets Manager secret whose plain string value is the enrollment key, instead of `enrollment_key`. It must be encrypted with `kms_key_arn` (or a key the execution role may use)."
  type        = string
  default     = null

  validation {
    condition     = var.enrollment_key_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.enrollment_key_secret_arn))
    error_message = "enrollment_key_secret_arn must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)."
  }

  validation {
    condition     = (var.enrollment_key_secret_arn == null) != (var.enrollment_key == null)
    error_message = "Give the enrollment key exactly one way: enrollment_key (from zenmlpro_workspace) or enrollment_key_secret_arn (an existing secret), not both, not neither."
  }
}

# -----------------------------------------------------------------------------
# Public endpoint
# -----------------------------------------------------------------------------
variable "hostname" {
  description = "The DNS name clients use, such as `zenml.example.com`; the server URL is `https://<hostname>`. The certificate must cover it."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.hostname))
    error_message = "hostname must be a lowercase DNS name such as zenml.example.com, without scheme, port or path."
  }
}

variable "certificate_arn" {
  description = "ARN of the ACM certificate for `hostname`, served by the HTTPS listener."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) in the load balancer's region."
  }
}

variable "route53_zone_id" {
  description = "ID of a Route 53 hosted zone in which to create an alias record for `hostname`; null to manage DNS elsewhere (point `hostname` at `load_balancer_dns_name`)."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a hosted zone ID such as Z0123456789ABCDEFGHIJ."
  }
}

variable "alb_internal" {
  description = "Place the load balancer in the private subnets (reachable from the VPC and peered networks only) instead of the public ones."
  type        = bool
  default     = false
  nullable    = false
}

variable "alb_ingress_cidrs" {
  description = "IPv4 ranges allowed to reach the load balancer on 443 (and 80, redirected). Restrict it to your users' and pipelines' networks where you can."
  type        = list(string)
  default     = ["0.0.0.0/0"]
  nullable    = false

  validation {
    condition     = length(var.alb_ingress_cidrs) > 0 && alltrue([for cidr in var.alb_ingress_cidrs : can(cidrnetmask(cidr))])
    error_message = "alb_ingress_cidrs must hold one or more IPv4 CIDR ranges such as 203.0.113.0/24."
  }
}

variable "alb_ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  nullable    = false

  validation {
    condition     = startswith(var.alb_ssl_policy, "ELBSecurityPolicy-TLS13-") || startswith(var.alb_ssl_policy, "ELBSecurityPolicy-FS-1-2-")
    error_message = "alb_ssl_policy must be a TLS 1.2+ policy (ELBSecurityPolicy-TLS13-* or ELBSecurityPolicy-FS-1-2-*)."
  }
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer against deletion. Set false only for disposable environments."
  type        = bool
  default     = true
  nullable    = false
}

variable "alb_access_logs_bucket" {
  description = "Name of an S3 bucket (with the ELB log delivery policy) receiving the load balancer's access logs; null disables them."
  type        = string
  default     = null
}

# -----------------------------------------------------------------------------
# Server
# -----------------------------------------------------------------------------
variable "image_repository_credentials_secret_arn" {
  description = "ARN of a Secrets Manager secret with the `username` and `password` of a private registry, for an image outside ECR (such as ZenML's Google Artifact Registry with the JSON key ZenML issues: username `_json_key`). Null for ECR, where the execution role pulls."
  type        = string
  default     = null

  validation {
    condition     = var.image_repository_credentials_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", coalesce(var.image_repository_credentials_secret_arn, "-")))
    error_message = "image_repository_credentials_secret_arn must be a Secrets Manager secret ARN."
  }
}

variable "task_cpu" {
  description = "CPU units of a server task (1024 = 1 vCPU)."
  type        = number
  default     = 1024
  nullable    = false

  validation {
    condition     = contains([512, 1024, 2048, 4096, 8192, 16384], var.task_cpu)
    error_message = "task_cpu must be a Fargate size: 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "task_memory" {
  description = "Memory of a server task in MiB; it must be a valid Fargate combination with `task_cpu`."
  type        = number
  default     = 2048
  nullable    = false

  validation {
    condition = (
      var.task_memory % 1024 == 0 &&
      var.task_memory >= max(1024, var.task_cpu * 2) &&
      var.task_memory <= min(var.task_cpu * 8, 122880)
    )
    error_message = "task_memory must be a multiple of 1024 MiB between 2x and 8x task_cpu (Fargate sizes), such as 2048 for task_cpu 1024."
  }
}

variable "container_port" {
  description = "Port the server listens on in its container and receives load balancer traffic on."
  type        = number
  default     = 8000
  nullable    = false

  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535 && floor(var.container_port) == var.container_port && var.container_port != 3306
    error_message = "container_port must be a whole number from 1024 to 65535 (the server runs as a non-root user), other than 3306."
  }
}

variable "migration_timeout_minutes" {
  description = "How long the migrating server task may take to migrate the database and become healthy before the deployment fails (and rolls back)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.migration_timeout_minutes >= 10 && var.migration_timeout_minutes <= 120 && floor(var.migration_timeout_minutes) == var.migration_timeout_minutes
    error_message = "migration_timeout_minutes must be a whole number from 10 to 120."
  }
}

variable "secrets_store_type" {
  description = "Where ZenML stores its users' secrets: `aws` (AWS Secrets Manager, through the task role) or `sql` (the database, encrypted with a generated key)."
  type        = string
  default     = "aws"
  nullable    = false

  validation {
    condition     = contains(["aws", "sql"], var.secrets_store_type)
    error_message = "secrets_store_type must be \"aws\" or \"sql\"."
  }
}

variable "jwt_secret_key" {
  description = "(Sensitive, ephemeral.) The key that signs the server's session tokens (32+ characters), shared by all tasks, written to a secret with a write-only argument, never stored in state. Pass an ephemeral random value (`ephemeral \"aws_secretsmanager_random_password\"`); it is only written when `jwt_secret_key_version` changes. Leave null with `jwt_secret_key_secret_arn`."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.jwt_secret_key == null || try(length(var.jwt_secret_key) >= 32, false)
    error_message = "jwt_secret_key must be at least 32 characters long."
  }
}

variable "jwt_secret_key_version" {
  description = "Version of `jwt_secret_key`: increase it to write a new key (signing everyone out) and roll the tasks. Ignored with `jwt_secret_key_secret_arn`."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.jwt_secret_key_version >= 1 && floor(var.jwt_secret_key_version) == var.jwt_secret_key_version
    error_message = "jwt_secret_key_version must be a whole number, 1 or more."
  }
}

variable "jwt_secret_key_secret_arn" {
  description = "ARN of an existing Secrets Manager secret whose plain string value is the session-token key, instead of `jwt_secret_key`."
  type        = string
  default     = null

  validation {
    condition     = var.jwt_secret_key_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.jwt_secret_key_secret_arn))
    error_message = "jwt_secret_key_secret_arn must be a Secrets Manager secret ARN."
  }

  validation {
    condition     = (var.jwt_secret_key_secret_arn == null) != (var.jwt_secret_key == null)
    error_message = "Give the session-token key exactly one way: jwt_secret_key (an ephemeral random value) or jwt_secret_key_secret_arn (an existing secret)."
  }
}

variable "secrets_store_encryption_key" {
  description = "(Sensitive, ephemeral.) With the `sql` secrets store: the key encrypting stored secrets (32+ characters), written once (never rewritten: a new key makes every stored secret unreadable). Pass an ephemeral random value, or use `secrets_store_encryption_key_secret_arn`."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.secrets_store_encryption_key == null || try(length(var.secrets_store_encryption_key) >= 32, false)
    error_message = "secrets_store_encryption_key must be at least 32 characters long."
  }
}

variable "secrets_store_encryption_key_secret_arn" {
  description = "With the `sql` secrets store: ARN of an existing secret holding its encryption key, instead of `secrets_store_encryption_key`. Back it up: losing it makes every stored secret unreadable."
  type        = string
  default     = null

  validation {
    condition     = var.secrets_store_encryption_key_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.secrets_store_encryption_key_secret_arn))
    error_message = "secrets_store_encryption_key_secret_arn must be a Secrets Manager secret ARN."
  }

  validation {
    condition = (
      var.secrets_store_type == "sql"
      ? (var.secrets_store_encryption_key_secret_arn == null) != (var.secrets_store_encryption_key == null)
      : var.secrets_store_encryption_key_secret_arn == null && var.secrets_store_encryption_key == null
    )
    error_message = "The sql secrets store needs its encryption key exactly one way (secrets_store_encryption_key or secrets_store_encryption_key_secret_arn); the aws secrets store needs neither."
  }
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into server tasks (for debugging). Off by default."
  type        = bool
  default     = false
  nullable    = false
}

variable "log_retention_days" {
  description = "Retention of the server's and the database's CloudWatch log groups, in days."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value such as 30, 90, 365 or 3653."
  }
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
    error_message = "With create_vpc = false set vpc_id to an existing VPC (vpc-...); with create_vpc = true leave it null."
  }
}

variable "private_subnet_ids" {
  description = "Private subnets (two or more zones, with outbound internet access through NAT) of the existing VPC, for the server tasks and the database."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.private_subnet_ids) == 0 : length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "With create_vpc = false give two or more private subnet IDs (subnet-...) in different zones; with create_vpc = true leave private_subnet_ids empty."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the existing VPC for an internet-facing load balancer (not needed with `alb_internal`)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.public_subnet_ids) == 0 : (var.alb_internal || length(var.public_subnet_ids) >= 2) && alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "With create_vpc = false and an internet-facing load balancer give two or more public subnet IDs (subnet-...); with create_vpc = true leave public_subnet_ids empty."
  }
}

# -----------------------------------------------------------------------------
# Encryption
# -----------------------------------------------------------------------------
variable "kms_key_arn" {
  description = "ARN of an existing KMS key for the database, the secrets and the logs; null to create one (with rotation). A given key's policy must let CloudWatch Logs use it."
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
  description = "Verify the database's certificate (and host name) against `db_ca_certificate_bundle`. On by default; set false only to connect over unverified TLS."
  type        = bool
  default     = true
  nullable    = false

  validation {
    condition     = !var.db_verify_server_cert || var.db_ca_certificate_bundle != null
    error_message = "db_verify_server_cert is true (the default) but db_ca_certificate_bundle is not set: download the RDS CA bundle of your region from https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem and pass db_ca_certificate_bundle = file(\"<region>-bundle.pem\"), or set db_verify_server_cert = false to connect without verifying the database."
  }
}
