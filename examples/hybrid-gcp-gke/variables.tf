variable "project_id" {
  description = "Google Cloud project to deploy into."
  type        = string
}

variable "region" {
  description = "Region of the cluster and the database, such as `europe-west1`."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the resource names, such as `prod`."
  type        = string
}

variable "labels" {
  description = "Labels added to every resource."
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

variable "hostname" {
  description = "DNS name of the server, such as `zenml.example.com`; point it at `ingress_ip_address`."
  type        = string
}

variable "zenml_chart_repository" {
  description = "The oci:// repository ZenML publishes its Helm chart to (see ZenML's Helm deployment guide), or your mirror of it."
  type        = string
}

variable "zenml_version" {
  description = "ZenML version: the chart version and the server image tag, such as `0.90.0`."
  type        = string
}

variable "protect_data" {
  description = "Deletion protection of the cluster and the database."
  type        = bool
  default     = true
}
