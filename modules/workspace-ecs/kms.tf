# One customer-managed key encrypts the database storage, the RDS-managed
# master password secret, the module's secrets and the log groups, unless a
# key is given.

module "kms_key" {
  source = "../aws-kms-key"
  count  = var.kms_key_arn == null ? 1 : 0

  name        = local.name
  description = "ZenML workspace ${var.server.workspace.name}: database, secrets and logs"
  tags        = local.tags
}

locals {
  kms_key_arn = var.kms_key_arn != null ? var.kms_key_arn : module.kms_key[0].arn
}
