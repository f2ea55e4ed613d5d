# -----------------------------------------------------------------------------
# What workspace-server-helm needs
# -----------------------------------------------------------------------------
output "server_platform" {
  description = "Everything workspace-server-helm's `platform` input needs: the `namespace` and `service_account_name` the secrets-store role is bound to, the `service_account_annotations` (the IRSA role; empty with Pod Identity, which binds by name), the AWS Secrets Manager `secrets_store` of this region, the `database` (MySQL over TLS, verified against `db_ca_certificate_bundle`) and, as `trusted_proxies`, the public subnets in which an internet-facing ALB of the AWS Load Balancer Controller receives its addresses (`target-type: ip`)."
  value = {
    namespace                   = var.kubernetes_namespace
    service_account_name        = var.kubernetes_service_account_name
    service_account_annotations = var.service_account_identity == "irsa" ? { "eks.amazonaws.com/role-arn" = aws_iam_role.secrets_store.arn } : {}
    pod_labels                  = {}
    pod_annotations             = {}
    secrets_store               = local.secrets_store
    database                    = local.database
    trusted_proxies             = module.network.public_subnet_cidrs
  }
}

output "database" {
  description = "The database connection (also in `server_platform`): MySQL over TLS, verified against `db_ca_certificate_bundle` unless `db_verify_server_cert = false`. Pass the password from `database_master_user_secret_arn`."
  value       = local.database
}

output "database_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret (JSON with `username` and `password`) holding the database password. Read it with the ephemeral `aws_secretsmanager_secret_version` and pass `password` to workspace-server-helm's `database_password`, or sync it into a Kubernetes secret (External Secrets) and pass that as `database_password_secret`."
  value       = module.database.master_user_secret_arn
}

output "secrets_store" {
  description = "The secrets-store settings (also in `server_platform`): AWS Secrets Manager in this region, reached through the service account's role."
  value       = local.secrets_store
}

output "kubernetes_namespace" {
  description = "Namespace the role is bound to; install the chart there."
  value       = var.kubernetes_namespace
}

output "kubernetes_service_account_name" {
  description = "Service account name the role is bound to (workspace-server-helm creates it, through `server_platform`)."
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

output "node_role_arn" {
  description = "ARN of the created node group's IAM role, with which the nodes pull images (null with an existing cluster). Give it to ZenML to be granted pull access to the Pro server image in ZenML's ECR."
  value       = one(aws_iam_role.node[*].arn)
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
