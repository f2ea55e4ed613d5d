# -----------------------------------------------------------------------------
# Placement
#
# The IDs and the key ARN usually come from the callers' resources: unknown
# until apply, random strings under a mocked provider. They are checked for
# presence and shape, not for AWS's ID formats (the callers check the IDs their
# users give).
# -----------------------------------------------------------------------------
variable "name" {
  description = "Base of the resource names, such as `prod-zenml`: the instance is `<name>-db`, its final snapshot `<name>-db-final`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,48}[a-z0-9]$", var.name))
    error_message = "name must be 2-50 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "vpc_id" {
  description = "ID of the VPC of the database's security group."
  type        = string

  validation {
    condition     = length(trimspace(var.vpc_id)) > 0
    error_message = "vpc_id must be the ID of a VPC."
  }
}

variable "subnet_ids" {
  description = "Private subnets of the database, in two or more availability zones."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for id in var.subnet_ids : length(trimspace(id)) > 0])
    error_message = "subnet_ids must hold two or more subnet IDs, in different zones."
  }
}

variable "allowed_security_groups" {
  description = "The only sources of MySQL connections: security groups by a static key (the key names the rule, such as `service`), each with its `security_group_id` and the rule's `description`."
  type = map(object({
    security_group_id = string
    description       = string
  }))
  nullable = false

  validation {
    condition = length(var.allowed_security_groups) > 0 && alltrue([
      for key, source in var.allowed_security_groups :
      can(regex("^[a-z][a-z0-9_-]*$", key)) && length(trimspace(source.security_group_id)) > 0 && length(trimspace(source.description)) > 0
    ])
    error_message = "allowed_security_groups must hold one or more entries keyed by a lowercase name, each with a security group ID and a description."
  }
}

variable "security_group_description" {
  description = "Description of the database's security group (which sources it admits). Changing it replaces the group."
  type        = string
  nullable    = false

  validation {
    condition     = length(trimspace(var.security_group_description)) > 0 && length(var.security_group_description) <= 255
    error_message = "security_group_description must not be empty (255 characters at most)."
  }
}

# -----------------------------------------------------------------------------
# Encryption and logs
# -----------------------------------------------------------------------------
variable "kms_key_arn" {
  description = "ARN of the KMS key encrypting the storage, the RDS-managed master password secret and the log groups. Its policy must let CloudWatch Logs use it."
  type        = string

  validation {
    condition     = length(trimspace(var.kms_key_arn)) > 0 && !can(regex("(^|:)alias/", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias."
  }
}

variable "log_retention_days" {
  description = "Retention of the database's `error` and `slowquery` log groups, in days."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value such as 30, 90, 365 or 3653."
  }
}

# -----------------------------------------------------------------------------
# Instance
# -----------------------------------------------------------------------------
variable "engine_version" {
  description = "MySQL version: `8.0` or `8.4` (minor versions are upgraded automatically), or a full version such as `8.0.40`."
  type        = string
  default     = "8.0"
  nullable    = false

  validation {
    condition     = can(regex("^8\\.(0|4)(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be MySQL 8.0 or 8.4, such as 8.0 or 8.0.40."
  }
}

variable "instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
  nullable    = false

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class)) && !can(regex("^db\\.t[0-9]+g?\\.(micro|small)$", var.instance_class))
    error_message = "instance_class must be an RDS instance class of db.t4g.medium or larger, such as db.t4g.medium or db.m7g.large (smaller classes lack the memory for ZenML and Performance Insights)."
  }
}

variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
  nullable    = false

  validation {
    condition     = var.allocated_storage >= 20 && var.allocated_storage <= 65536
    error_message = "allocated_storage must be from 20 to 65536 GiB."
  }
}

variable "max_allocated_storage" {
  description = "Upper limit of storage autoscaling in GiB (0 disables autoscaling)."
  type        = number
  default     = 100
  nullable    = false

  validation {
    condition     = var.max_allocated_storage == 0 || (var.max_allocated_storage >= var.allocated_storage && var.max_allocated_storage <= 65536)
    error_message = "max_allocated_storage must be 0 or from allocated_storage to 65536 GiB."
  }
}

variable "multi_az" {
  description = "Run a synchronous standby in a second availability zone."
  type        = bool
  default     = true
  nullable    = false
}

variable "backup_retention_days" {
  description = "Days automated backups (and point-in-time recovery) are kept: 7 to 35."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number of days from 7 to 35."
  }
}

variable "backup_window" {
  description = "Daily UTC window of automated backups (hh24:mi-hh24:mi); it must not overlap the maintenance window."
  type        = string
  default     = "02:00-03:00"
  nullable    = false

  validation {
    condition     = can(regex("^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$", var.backup_window))
    error_message = "backup_window must look like 02:00-03:00 (UTC)."
  }
}

variable "maintenance_window" {
  description = "Weekly UTC maintenance window (ddd:hh24:mi-ddd:hh24:mi)."
  type        = string
  default     = "sun:04:00-sun:05:00"
  nullable    = false

  validation {
    condition     = can(regex("^(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]-(mon|tue|wed|thu|fri|sat|sun):([01][0-9]|2[0-3]):[0-5][0-9]$", var.maintenance_window))
    error_message = "maintenance_window must look like sun:04:00-sun:05:00 (UTC)."
  }
}

variable "skip_final_snapshot" {
  description = "Skip the final snapshot (`<name>-db-final`) when the instance is destroyed. Leave false in production: it is the last copy of the data."
  type        = bool
  default     = false
  nullable    = false
}

variable "deletion_protection" {
  description = "Protect the instance against deletion. Destroying it takes two steps: set false and apply, then destroy."
  type        = bool
  default     = true
  nullable    = false
}

variable "apply_immediately" {
  description = "Apply changes immediately instead of in the maintenance window (may restart the database)."
  type        = bool
  default     = false
  nullable    = false
}

variable "database_name" {
  description = "Name of the database created in the instance."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,63}$", var.database_name))
    error_message = "database_name must be 1-64 letters, digits or underscores, starting with a letter."
  }
}

variable "username" {
  description = "Master user name (its password is generated and kept by RDS in Secrets Manager)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.username)) && !contains(["admin", "root", "rdsadmin"], lower(var.username))
    error_message = "username must be 1-16 letters, digits or underscores, starting with a letter, and not a reserved name (admin, root, rdsadmin)."
  }
}
