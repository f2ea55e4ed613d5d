data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  name       = "${var.name_prefix}-zenml"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  tags = merge(var.tags, {
    "managed-by" = "terraform"
  })

  # workspace-server-helm creates this one service account, under which the
  # server pods and the database migration both run.
  service_account_subject = "system:serviceaccount:${var.kubernetes_namespace}:${var.kubernetes_service_account_name}"
}

# An existing cluster, with create_cluster = false.
data "aws_eks_cluster" "existing" {
  count = var.create_cluster ? 0 : 1

  name = var.cluster_name
}

locals {
  cluster_name              = var.create_cluster ? aws_eks_cluster.this[0].name : data.aws_eks_cluster.existing[0].name
  cluster_endpoint          = var.create_cluster ? aws_eks_cluster.this[0].endpoint : data.aws_eks_cluster.existing[0].endpoint
  cluster_ca_data           = var.create_cluster ? aws_eks_cluster.this[0].certificate_authority[0].data : data.aws_eks_cluster.existing[0].certificate_authority[0].data
  cluster_security_group_id = var.create_cluster ? aws_eks_cluster.this[0].vpc_config[0].cluster_security_group_id : data.aws_eks_cluster.existing[0].vpc_config[0].cluster_security_group_id
  cluster_oidc_issuer_url   = var.create_cluster ? aws_eks_cluster.this[0].identity[0].oidc[0].issuer : data.aws_eks_cluster.existing[0].identity[0].oidc[0].issuer
}

locals {
  secrets_store = {
    type = "aws"
    aws  = { region = local.region }
  }

  database = {
    engine   = "mysql"
    host     = module.database.address
    port     = module.database.port
    name     = var.db_name
    username = var.db_username
    tls = {
      enabled            = true
      verify_server_cert = var.db_verify_server_cert
      ca_certificate     = var.db_ca_certificate_bundle
    }
  }
}
