terraform {
  # Write-only arguments (administrator_password_wo, value_wo) and ephemeral
  # resources need 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # Write-only administrator_password_wo (MySQL Flexible Server) and
      # value_wo (Key Vault secrets).
      version = ">= 4.30.0, < 5.0.0"
    }
    random = {
      source = "hashicorp/random"
      # The ephemeral random_password.
      version = ">= 3.7.0, < 4.0.0"
    }
  }
}
