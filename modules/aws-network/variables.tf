variable "name" {
  description = "Base of the resource names (`<name>-vpc`, `<name>-private-<zone>`, ...), such as `prod-zenml`."
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

variable "create_vpc" {
  description = "Create a VPC with private and public subnets and NAT gateways. Set false to pass through `vpc_id`, `private_subnet_ids` and `public_subnet_ids`."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_cidr" {
  description = "IPv4 range of the created VPC (/16 to /18). Private subnets are its first /20s (of a /16), public subnets /24s near its end."
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

variable "private_subnet_tags" {
  description = "Extra tags of the created private subnets, such as `kubernetes.io/role/internal-elb = 1` for load balancer controllers."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = !contains(keys(var.private_subnet_tags), "Name")
    error_message = "private_subnet_tags must not set Name (the module names the subnets)."
  }
}

variable "public_subnet_tags" {
  description = "Extra tags of the created public subnets, such as `kubernetes.io/role/elb = 1` for load balancer controllers."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = !contains(keys(var.public_subnet_tags), "Name")
    error_message = "public_subnet_tags must not set Name (the module names the subnets)."
  }
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
  description = "Private subnets (two or more zones, with outbound internet access through NAT) of the existing VPC, with `create_vpc = false`."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.private_subnet_ids) == 0 : length(var.private_subnet_ids) >= 2 && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "With create_vpc = false give two or more private subnet IDs (subnet-...) in different zones; with create_vpc = true leave private_subnet_ids empty."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the existing VPC, with `create_vpc = false` (the caller decides how many it needs)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_vpc ? length(var.public_subnet_ids) == 0 : alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "public_subnet_ids must be subnet IDs (subnet-...) of the existing VPC; with create_vpc = true leave it empty."
  }
}

variable "flow_logs" {
  description = "VPC flow logs of the created VPC, to CloudWatch Logs: `enabled` (default true; every accepted and rejected flow), `retention_days` of the log group and the `kms_key_arn` encrypting it (its policy must let CloudWatch Logs use it). Ignored with an existing VPC, whose flow logs are its owner's."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 90)
    kms_key_arn    = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_logs.retention_days)
    error_message = "flow_logs.retention_days must be a CloudWatch retention value such as 30, 90, 365 or 3653."
  }

  validation {
    condition     = var.flow_logs.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", coalesce(var.flow_logs.kms_key_arn, "-")))
    error_message = "flow_logs.kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}
