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
  description = "Version of the workspace's enrollment key; increase it to rotate the key (the release is upgraded with the new one)."
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

variable "admin_cidrs" {
  description = "Ranges allowed to reach the Kubernetes API (where Terraform and administrators run)."
  type        = list(string)
}

variable "cluster_admin_principal_arns" {
  description = "IAM roles administering the cluster besides the identity running Terraform."
  type        = list(string)
  default     = []
}

variable "hostname" {
  description = "DNS name of the server, such as `zenml.example.com`; point it at the ALB the controller creates."
  type        = string
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate for `hostname` in `region`."
  type        = string
}

variable "client_cidrs" {
  description = "Ranges of the users and pipelines allowed to reach the server."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "zenml_chart_repository" {
  description = "The oci:// repository ZenML publishes its Helm chart to (see ZenML's Helm deployment guide), or your mirror of it."
  type        = string
}

variable "rds_ca_bundle_file" {
  description = "Path of the RDS CA bundle of `region`, downloaded from https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem."
  type        = string
}

variable "zenml_version" {
  description = "ZenML version: the chart version and the server image tag, such as `0.90.0`."
  type        = string
}

variable "database_password_version" {
  description = "Increase after RDS rotated the master password to write the new one to the cluster (then restart the server pods)."
  type        = number
  default     = 1
}

variable "protect_data" {
  description = "Deletion protection of the database."
  type        = bool
  default     = true
}
