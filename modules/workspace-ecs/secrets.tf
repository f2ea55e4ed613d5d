# The secrets the server needs, injected into the container by reference.
# Values arrive as ephemeral inputs and are written with write-only arguments,
# so none of them is ever stored in Terraform state; the database password is
# generated and kept by RDS. The module generates nothing itself: callers pass
# an ephemeral random value (see the README), or the ARN of an existing secret.

resource "aws_secretsmanager_secret" "enrollment_key" {
  count = var.enrollment_key_secret_arn == null ? 1 : 0

  name_prefix             = "${local.name}-enrollment-key-"
  description             = "ZenML Pro enrollment key of workspace ${var.server.workspace.name} (${var.server.workspace.id})"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = 7

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "enrollment_key" {
  count = var.enrollment_key_secret_arn == null ? 1 : 0

  secret_id                = aws_secretsmanager_secret.enrollment_key[0].id
  secret_string_wo         = var.enrollment_key
  secret_string_wo_version = var.enrollment_key_version
}

# All tasks must sign and verify session tokens with the same key.
resource "aws_secretsmanager_secret" "jwt_secret_key" {
  count = var.jwt_secret_key_secret_arn == null ? 1 : 0

  name_prefix             = "${local.name}-jwt-secret-key-"
  description             = "ZenML workspace ${var.server.workspace.name}: key that signs the server's session tokens"
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = 7

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "jwt_secret_key" {
  count = var.jwt_secret_key_secret_arn == null ? 1 : 0

  secret_id                = aws_secretsmanager_secret.jwt_secret_key[0].id
  secret_string_wo         = var.jwt_secret_key
  secret_string_wo_version = var.jwt_secret_key_version
}

# The sql secrets store's encryption key: written once (version 1) and never
# rewritten by this module, since a new key makes every stored secret
# unreadable.
resource "aws_secretsmanager_secret" "secrets_store_encryption_key" {
  count = local.create_encryption_key_secret ? 1 : 0

  name_prefix             = "${local.name}-secrets-store-key-"
  description             = "ZenML workspace ${var.server.workspace.name}: encryption key of the sql secrets store. Losing it makes stored secrets unreadable."
  kms_key_id              = local.kms_key_arn
  recovery_window_in_days = 30

  tags = local.tags
}

resource "aws_secretsmanager_secret_version" "secrets_store_encryption_key" {
  count = local.create_encryption_key_secret ? 1 : 0

  secret_id                = aws_secretsmanager_secret.secrets_store_encryption_key[0].id
  secret_string_wo         = var.secrets_store_encryption_key
  secret_string_wo_version = 1
}

locals {
  create_encryption_key_secret = var.secrets_store_type == "sql" && var.secrets_store_encryption_key_secret_arn == null

  enrollment_key_secret_arn = coalesce(var.enrollment_key_secret_arn, try(aws_secretsmanager_secret.enrollment_key[0].arn, null))
  jwt_secret_key_secret_arn = coalesce(var.jwt_secret_key_secret_arn, try(aws_secretsmanager_secret.jwt_secret_key[0].arn, null))
  encryption_key_secret_arn = var.secrets_store_type != "sql" ? null : coalesce(
    var.secrets_store_encryption_key_secret_arn,
    try(aws_secretsmanager_secret.secrets_store_encryption_key[0].arn, null),
  )

  # ECS `valueFrom` of each secret the server needs; the RDS-managed secret
  # is JSON, of which only the `password` key is injected.
  secret_value_from = merge(
    {
      enrollment_key    = local.enrollment_key_secret_arn
      database_password = "${module.database.master_user_secret_arn}:password::"
      jwt_secret_key    = local.jwt_secret_key_secret_arn
    },
    local.encryption_key_secret_arn != null ? { secrets_store_encryption_key = local.encryption_key_secret_arn } : null,
  )

  # Every secret the configuration requires, and only those, is injected.
  container_secrets = [
    for setting in sort(keys(module.config.secret_environment_names)) : {
      name      = module.config.secret_environment_names[setting]
      valueFrom = local.secret_value_from[setting]
    }
  ]

  # What the execution role may read (the secret ARNs, without JSON keys),
  # with the registry credentials of an image outside ECR.
  readable_secret_arns = compact([
    var.image_repository_credentials_secret_arn,
    local.enrollment_key_secret_arn,
    module.database.master_user_secret_arn,
    local.jwt_secret_key_secret_arn,
    local.encryption_key_secret_arn,
  ])
}
