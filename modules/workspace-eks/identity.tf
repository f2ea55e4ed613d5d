# The server's AWS identity for the AWS Secrets Manager secrets store: an IAM
# role bound to the server's service account through EKS Pod Identity
# (default) or IRSA (an OIDC provider), never both.

locals {
  oidc_issuer_host = replace(local.cluster_oidc_issuer_url, "https://", "")

  pod_identity_trust = {
    Effect    = "Allow"
    Principal = { Service = "pods.eks.amazonaws.com" }
    Action    = ["sts:AssumeRole", "sts:TagSession"]
    Condition = {
      StringEquals = { "aws:SourceAccount" = local.account_id }
    }
  }

  irsa_trust = {
    Effect    = "Allow"
    Principal = { Federated = local.oidc_provider_arn }
    Action    = "sts:AssumeRoleWithWebIdentity"
    Condition = {
      StringEquals = {
        "${local.oidc_issuer_host}:aud" = "sts.amazonaws.com"
        "${local.oidc_issuer_host}:sub" = local.service_account_subject
      }
    }
  }

  oidc_provider_arn = var.service_account_identity != "irsa" ? null : (
    var.create_cluster ? aws_iam_openid_connect_provider.this[0].arn : data.aws_iam_openid_connect_provider.existing[0].arn
  )
}

resource "aws_iam_openid_connect_provider" "this" {
  count = var.create_cluster && var.service_account_identity == "irsa" ? 1 : 0

  url            = local.cluster_oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]

  tags = local.tags
}

data "aws_iam_openid_connect_provider" "existing" {
  count = !var.create_cluster && var.service_account_identity == "irsa" ? 1 : 0

  url = local.cluster_oidc_issuer_url
}

resource "aws_iam_role" "secrets_store" {
  name_prefix = "${local.name}-secrets-"
  description = "ZenML server on ${local.cluster_name}: the AWS Secrets Manager secrets store"

  assume_role_policy = (
    var.service_account_identity == "irsa"
    ? jsonencode({ Version = "2012-10-17", Statement = [local.irsa_trust] })
    : jsonencode({ Version = "2012-10-17", Statement = [local.pod_identity_trust] })
  )

  tags = local.tags
}

# The AWS secrets store keeps each ZenML secret as `zenml/<uuid>`; listing
# cannot be scoped to a name.
resource "aws_iam_role_policy" "secrets_store" {
  name = "zenml-secrets-store"
  role = aws_iam_role.secrets_store.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ZenMLSecretsStore"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret",
          "secretsmanager:DeleteSecret",
          "secretsmanager:DescribeSecret",
          "secretsmanager:GetSecretValue",
          "secretsmanager:PutSecretValue",
          "secretsmanager:TagResource",
          "secretsmanager:UntagResource",
          "secretsmanager:UpdateSecret",
        ]
        Resource = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:zenml/*"
      },
      {
        Sid      = "ZenMLSecretsStoreList"
        Effect   = "Allow"
        Action   = "secretsmanager:ListSecrets"
        Resource = "*"
      },
    ]
  })
}

resource "aws_eks_pod_identity_association" "server" {
  count = var.service_account_identity == "pod_identity" ? 1 : 0

  cluster_name    = local.cluster_name
  namespace       = var.kubernetes_namespace
  service_account = var.kubernetes_service_account_name
  role_arn        = aws_iam_role.secrets_store.arn

  tags = local.tags

  depends_on = [aws_eks_addon.pod_identity_agent]
}

# Earlier versions bound the server's and the chart's migration service
# accounts by name; the default name's binding is kept.
moved {
  from = aws_eks_pod_identity_association.server["zenml"]
  to   = aws_eks_pod_identity_association.server[0]
}
