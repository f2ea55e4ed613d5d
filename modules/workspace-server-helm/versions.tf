terraform {
  # Write-only arguments (data_wo) and ephemeral variables need 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    helm = {
      source = "hashicorp/helm"
      # 3.x: list-of-object `set_sensitive` and `postrender` attributes.
      version = ">= 3.0.0, < 4.0.0"
    }
    kubernetes = {
      source = "hashicorp/kubernetes"
      # Write-only `data_wo` on kubernetes_secret_v1.
      version = ">= 2.36.0, < 4.0.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6.0, < 4.0.0"
    }
  }
}
