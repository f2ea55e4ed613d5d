# RDS for MySQL 8 in private subnets, reachable only from the given security
# groups, encrypted with the given KMS key, backed up, with TLS required and
# the master password managed by RDS in Secrets Manager (never in state).

locals {
  identifier       = "${var.name}-db"
  parameter_family = "mysql${join(".", slice(split(".", var.engine_version), 0, 2))}"
}

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-db-"
  description = var.security_group_description
  vpc_id      = var.vpc_id

  # No egress rule: Terraform removes the default allow-all egress.
  tags = merge(var.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

# MySQL from each given security group, and from nothing else (no CIDR rule).
resource "aws_vpc_security_group_ingress_rule" "mysql" {
  for_each = var.allowed_security_groups

  security_group_id            = aws_security_group.this.id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = each.value.security_group_id

  tags = var.tags
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.name}-"
  description = "ZenML database: private subnets"
  subnet_ids  = var.subnet_ids

  tags = merge(var.tags, { Name = "${var.name}-db" })
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${var.name}-"
  description = "ZenML database: TLS required"
  family      = local.parameter_family

  parameter {
    name  = "require_secure_transport"
    value = "1"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Created before the instance so that RDS does not create them without a
# retention period.
resource "aws_cloudwatch_log_group" "this" {
  for_each = toset(["error", "slowquery"])

  name              = "/aws/rds/instance/${local.identifier}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_db_instance" "this" {
  identifier     = local.identifier
  engine         = "mysql"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = var.database_name
  username = var.username
  port     = 3306
  # RDS generates the password and keeps it (and its rotation) in Secrets
  # Manager; Terraform never sees it.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.this.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"
  multi_az               = var.multi_az

  backup_retention_period   = var.backup_retention_days
  backup_window             = var.backup_window
  maintenance_window        = var.maintenance_window
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${local.identifier}-final"
  deletion_protection       = var.deletion_protection

  # IAM database authentication may be used next to the password (ZenML's
  # chart offers it as `database.authMode: aws_rds_iam`); nothing changes for
  # password logins.
  iam_database_authentication_enabled = true

  # Query-level performance data for diagnosing slow requests, encrypted with
  # the module's key; 7 days are free of charge.
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = var.kms_key_arn
  performance_insights_retention_period = 7

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  apply_immediately               = var.apply_immediately
  enabled_cloudwatch_logs_exports = keys(aws_cloudwatch_log_group.this)

  tags = merge(var.tags, { Name = local.identifier })
}
