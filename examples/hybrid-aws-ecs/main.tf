# A hybrid ZenML Pro workspace whose server runs on ECS Fargate in your AWS
# account: the workspace is declared in the control plane, and its id, name and
# enrollment key feed the workspace-ecs module in the same apply.

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

# Credentials from ZENML_PRO_API_KEY (and ZENML_PRO_API_URL for a self-hosted
# control plane), the organization from ZENML_PRO_ORGANIZATION_ID.
provider "zenmlpro" {}

data "zenmlpro_organization" "this" {}

resource "zenmlpro_workspace" "this" {
  name         = var.workspace_name
  display_name = var.workspace_display_name
  hosting      = "hybrid"

  # Bump (here and below, through the same variable) to rotate the key.
  enrollment_key_version = var.enrollment_key_version
}

# The key signing the server's session tokens. Generated in memory at every
# run but written to its secret only when jwt_secret_key_version changes, so
# it never reaches the state.
ephemeral "aws_secretsmanager_random_password" "jwt_secret_key" {
  password_length     = 64
  exclude_punctuation = true
}

module "zenml_server" {
  source = "../../modules/workspace-ecs"

  name_prefix = var.name_prefix
  tags        = var.tags

  # The server's settings, as workspace-server-config documents them. The
  # image defaults to ZenML's Pro server image in ZenML's ECR: ask ZenML to
  # grant the execution_role_arn output pull access.
  server = {
    workspace = {
      id   = zenmlpro_workspace.this.id
      name = zenmlpro_workspace.this.name
    }
    organization = {
      id   = data.zenmlpro_organization.this.id
      name = data.zenmlpro_organization.this.name
    }
    control_plane = var.control_plane
    image         = { tag = var.zenml_version }
  }

  # Ephemeral in the module: written to Secrets Manager write-only.
  enrollment_key         = zenmlpro_workspace.this.enrollment_key
  enrollment_key_version = var.enrollment_key_version
  jwt_secret_key         = ephemeral.aws_secretsmanager_random_password.jwt_secret_key.random_password
  jwt_secret_key_version = 1

  hostname          = var.hostname
  certificate_arn   = var.certificate_arn
  route53_zone_id   = var.route53_zone_id
  alb_ingress_cidrs = var.client_cidrs

  # The server verifies the database's certificate against the RDS CA bundle
  # of the region (see the README).
  db_ca_certificate_bundle = file(var.rds_ca_bundle_file)

  # Protect production data; set both false only for a disposable trial.
  db_deletion_protection  = var.protect_data
  alb_deletion_protection = var.protect_data
}
