variable "region" {
  description = "AWS region to deploy into."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the AWS resource names, such as `prod`."
  type        = string
}

variable "tags" {
  description = "Tags added to every AWS resource."
  type        = map(string)
  default     = {}
}

variable "workspace_name" {
  description = "Name of the hybrid workspace (lowercase letters, digits, hyphens; globally unique)."
  type        = string
}

variable "workspace_display_name" {
  description = "Display name of the workspace in the ZenML Pro dashboard."
  type        = string
}

variable "enrollment_key_version" {
  description = "Version of the workspace's enrollment key; increase it to rotate the key and roll the server."
  type        = number
  default     = 1
}

variable "control_plane" {
  description = "URLs of the ZenML Pro control plane (`api_url`, `dashboard_url`); null for ZenML's SaaS."
  type = object({
    api_url       = optional(string)
    dashboard_url = optional(string)
  })
  default = null
}

variable "hostname" {
  description = "DNS name of the server, such as `zenml.example.com`."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate for `hostname` in `region`."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone for `hostname`; null to create the DNS record yourself."
  type        = string
  default     = null
}

variable "client_cidrs" {
  description = "Ranges of the users and pipelines allowed to reach the server."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "rds_ca_bundle_file" {
  description = "Path of the RDS CA bundle of `region`, downloaded from https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem."
  type        = string
}

variable "zenml_version" {
  description = "ZenML server version (image tag), such as `0.90.0`."
  type        = string
}

variable "protect_data" {
  description = "Deletion protection of the database and the load balancer."
  type        = bool
  default     = true
}
