variable "subscription_id" {
  description = "Azure subscription to deploy into."
  type        = string
}

variable "location" {
  description = "Azure region with availability zones, such as `westeurope`."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the resource names, such as `prod` (at most 11 characters)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
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
  description = "Ranges allowed to reach the Kubernetes API and the Key Vault (where Terraform and administrators run)."
  type        = list(string)
}

variable "cluster_admin_group_object_ids" {
  description = "Entra ID groups administering the cluster."
  type        = list(string)
  default     = []
}

variable "hostname" {
  description = "DNS name of the server, such as `zenml.example.com`; point it at the managed NGINX's public IP."
  type        = string
}

variable "cert_manager_cluster_issuer" {
  description = "cert-manager ClusterIssuer that issues the server's certificate (for example an ACME issuer)."
  type        = string
  default     = "letsencrypt"
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
  description = "Deletion lock of the database."
  type        = bool
  default     = true
}

variable "zenml_registry_key_file" {
  description = "Path of the JSON key ZenML issues for pulling its Pro server image from its Artifact Registry (ask cloud@zenml.io)."
  type        = string
}
