terraform {
  # Write-only arguments (secret_string_wo) and ephemeral variables need 1.11.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the version this module is tested with; write-only secret
      # versions and ephemeral random passwords need at least that.
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}
