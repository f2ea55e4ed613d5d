terraform {
  # Write-only arguments (password_wo, secret_data_wo) and ephemeral
  # resources need 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # Write-only google_sql_user.password_wo and
      # google_secret_manager_secret_version.secret_data_wo.
      version = ">= 6.30.0, < 8.0.0"
    }
    random = {
      source = "hashicorp/random"
      # The ephemeral random_password.
      version = ">= 3.7.0, < 4.0.0"
    }
  }
}
