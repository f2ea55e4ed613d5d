data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  name       = "${var.name_prefix}-zenml"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  tags = merge(var.tags, {
    "zenml.io/workspace" = var.server.workspace.name
    "managed-by"         = "terraform"
  })

  server_url     = "https://${var.hostname}"
  container_name = "zenml-server"
}

# The one source of truth for the server's settings, shared with the Helm
# module. Secrets are not passed: ECS injects them by reference.
module "config" {
  source = "../workspace-server-config"

  workspace     = var.server.workspace
  organization  = var.server.organization
  control_plane = var.server.control_plane
  server_url    = local.server_url

  database = {
    engine   = "mysql"
    host     = module.database.address
    port     = module.database.port
    name     = var.db_name
    username = var.db_username
    password_secret = {
      name = module.database.master_user_secret_arn
      key  = "password"
    }
    tls = {
      enabled            = true
      verify_server_cert = var.db_verify_server_cert
      ca_certificate     = var.db_ca_certificate_bundle
    }
  }

  image    = var.server.image
  replicas = var.server.replicas

  secrets_store = {
    type = var.secrets_store_type
    aws  = var.secrets_store_type == "aws" ? { region = local.region } : null
  }

  container_port = var.container_port
  # Forwarded headers from the load balancer only: it has no fixed addresses,
  # so its subnets (and the service security group admits nothing else).
  trusted_proxies = var.alb_internal ? module.network.private_subnet_cidrs : module.network.public_subnet_cidrs
}
