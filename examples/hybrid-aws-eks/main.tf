# A hybrid ZenML Pro workspace whose server runs on EKS in your AWS account:
# the workspace is declared in the control plane, workspace-eks builds the
# cluster and the database, workspace-server-helm installs the ZenML chart.
#
# Prerequisites: the AWS CLI where Terraform runs (cluster authentication),
# and, after the cluster exists, the AWS Load Balancer Controller in it (it
# turns the chart's Ingress into an ALB with the ACM certificate). Apply in two
# steps on a new cluster: `terraform apply -target=module.platform`, install the
# controller, then `terraform apply`.

provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

# Credentials from ZENML_PRO_API_KEY (and ZENML_PRO_API_URL for a self-hosted
# control plane), the organization from ZENML_PRO_ORGANIZATION_ID.
provider "zenmlpro" {}

provider "kubernetes" {
  host                   = module.platform.cluster_endpoint
  cluster_ca_certificate = base64decode(module.platform.cluster_certificate_authority_data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--region", var.region]
  }
}

provider "helm" {
  kubernetes = {
    host                   = module.platform.cluster_endpoint
    cluster_ca_certificate = base64decode(module.platform.cluster_certificate_authority_data)

    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--region", var.region]
    }
  }
}

data "zenmlpro_organization" "this" {}

resource "zenmlpro_workspace" "this" {
  name         = var.workspace_name
  display_name = var.workspace_display_name
  hosting      = "hybrid"

  enrollment_key_version = var.enrollment_key_version
}

module "platform" {
  source = "../../modules/workspace-eks"

  name_prefix = var.name_prefix
  tags        = var.tags

  # Terraform installs the chart through the Kubernetes API: let it in.
  cluster_endpoint_public_access       = true
  cluster_endpoint_public_access_cidrs = var.admin_cidrs
  cluster_admin_principal_arns         = var.cluster_admin_principal_arns

  # The server verifies the database's certificate against the RDS CA bundle
  # of the region (see the README).
  db_ca_certificate_bundle = file(var.rds_ca_bundle_file)
  db_deletion_protection   = var.protect_data
}

# The RDS-managed password, read at apply time and written to a Kubernetes
# secret write-only: it is in neither state nor plan.
ephemeral "aws_secretsmanager_secret_version" "database" {
  secret_id = module.platform.database_master_user_secret_arn
}

module "zenml_server" {
  source = "../../modules/workspace-server-helm"

  chart_repository = var.zenml_chart_repository
  chart_version    = var.zenml_version

  # The server's settings, as workspace-server-config documents them. ZenML's
  # Pro server image from ZenML's ECR, which the nodes pull: ask ZenML to
  # grant the node_role_arn output access.
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
    image         = { repository = "715803424590.dkr.ecr.eu-central-1.amazonaws.com/zenml-pro-server" }
  }
  enrollment_key = zenmlpro_workspace.this.enrollment_key

  # Namespace, service account and its role, secrets store, database and the
  # ALB's subnets as the trusted proxies.
  platform = module.platform.server_platform

  database_password         = jsondecode(ephemeral.aws_secretsmanager_secret_version.database.secret_string).password
  database_password_version = var.database_password_version

  hostname = var.hostname
  ingress = {
    class_name = "alb"
    annotations = {
      "alb.ingress.kubernetes.io/scheme"           = "internet-facing"
      "alb.ingress.kubernetes.io/target-type"      = "ip"
      "alb.ingress.kubernetes.io/listen-ports"     = jsonencode([{ HTTP = 80 }, { HTTPS = 443 }])
      "alb.ingress.kubernetes.io/ssl-redirect"     = "443"
      "alb.ingress.kubernetes.io/certificate-arn"  = var.certificate_arn
      "alb.ingress.kubernetes.io/ssl-policy"       = "ELBSecurityPolicy-TLS13-1-2-2021-06"
      "alb.ingress.kubernetes.io/healthcheck-path" = "/health"
      "alb.ingress.kubernetes.io/inbound-cidrs"    = join(",", var.client_cidrs)
    }
  }
  tls = {
    terminated_upstream = true
  }
}
