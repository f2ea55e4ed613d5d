terraform {
  required_version = ">= 1.11"
  required_providers {
    zenmlpro = {
      source  = "zenml-io/zenmlpro"
      version = "~> 0.1"
    }
  }
}

# Credentials come from ZENML_PRO_API_KEY (and, for a self-hosted control plane, ZENML_PRO_API_URL).
provider "zenmlpro" {
  organization_id = var.organization_id

  # Optional tuning for large configurations.
  max_retries         = 8
  request_timeout     = "60s"
  requests_per_second = 20
}

variable "organization_id" {
  description = "The id of the ZenML Pro organization to manage."
  type        = string
}
