terraform {
  # One floor for the module family (write-only arguments need 1.11).
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the version this module is tested with (EKS Pod Identity,
      # access entries and upgrade policies need a recent 5.x).
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}
