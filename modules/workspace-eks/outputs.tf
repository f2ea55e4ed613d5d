# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "database" {
  description = "The database connection for workspace-server-helm's `database` input: MySQL over TLS (required by the server). Pass the password from `database_master_user_secret_arn`."
  value = {
    engine   = "mysql"
    host     = module.database.address
    port     = module.database.port
    name     = var.db_name
    username = var.db_username
    tls = {
      enabled            = true
      verify_server_cert = false
      ca_certificate     = null
    }
  }
}

output "database_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret (JSON with `username` and `password`) holding the database password. Read it with the ephemeral `aws_secretsmanager_secret_version` and pass `password` to workspace-server-helm's `database_password`, or sync it into a Kubernetes secret (External Secrets) and pass that as `database_password_secret`."
  value       = module.database.master_user_secret_arn
}

output "secrets_store" {
  description = "The secrets-store settings for workspace-server-helm's `secrets_store` input: AWS Secrets Manager in this region, reached through the service account's role."
  value = {
    type = "aws"
    aws  = { region = local.region }
  }
}

output "service_account_annotations" {
  description = "Annotations of the server's service account for workspace-server-helm (the IRSA role annotation; empty with Pod Identity, which binds by name)."
  value       = var.service_account_identity == "irsa" ? { "eks.amazonaws.com/role-arn" = aws_iam_role.secrets_store.arn } : {}
}

output "kubernetes_namespace" {
  description = "Namespace the role is bound to; install the chart there."
  value       = var.kubernetes_namespace
}

output "kubernetes_service_account_name" {
  description = "Service account name the role is bound to; use it as workspace-server-helm's `service_account_name`."
  value       = var.kubernetes_service_account_name
}

output "secrets_store_role_arn" {
  description = "ARN of the IAM role the server assumes for the AWS Secrets Manager secrets store."
  value       = aws_iam_role.secrets_store.arn
}

# -----------------------------------------------------------------------------
# Cluster access (for the kubernetes and helm providers)
# -----------------------------------------------------------------------------
output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = local.cluster_name
}

output "cluster_endpoint" {
  description = "Endpoint of the cluster's Kubernetes API."
  value       = local.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded certificate authority of the cluster's Kubernetes API."
  value       = local.cluster_ca_data
}

output "cluster_security_group_id" {
  description = "ID of the cluster security group (attached to the nodes; the only source allowed to reach the database)."
  value       = local.cluster_security_group_id
}

output "oidc_provider_arn" {
  description = "ARN of the cluster's IAM OIDC provider (IRSA only, null with Pod Identity)."
  value       = local.oidc_provider_arn
}

# -----------------------------------------------------------------------------
# Infrastructure
# -----------------------------------------------------------------------------
output "database_identifier" {
  description = "RDS identifier of the database."
  value       = module.database.identifier
}

output "database_security_group_id" {
  description = "ID of the database's security group."
  value       = module.database.security_group_id
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the database, Kubernetes secrets and logs."
  value       = local.kms_key_arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (nodes, database)."
  value       = local.private_subnet_ids
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (internet-facing load balancers, NAT gateways)."
  value       = local.public_subnet_ids
}
