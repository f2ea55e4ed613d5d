# The configuration `make demo` applies against the mock control plane. Point it at a real control
# plane with ZENML_PRO_API_URL, ZENML_PRO_API_KEY and ZENML_PRO_ORGANIZATION_ID.
terraform {
  required_version = ">= 1.11"
  required_providers {
    zenmlpro = {
      source = "zenml-io/zenmlpro"
    }
  }
}

provider "zenmlpro" {}

data "zenmlpro_current_user" "me" {}

data "zenmlpro_organization" "current" {}
