terraform {
  # One floor for the module family (write-only arguments need 1.11).
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The version range of workspace-ecs and workspace-eks, which call this
      # module.
      version = ">= 5.100.0, < 6.0.0"
    }
  }
}
