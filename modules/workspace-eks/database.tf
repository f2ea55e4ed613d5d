# RDS for MySQL 8 in the private subnets, reachable only from the cluster's
# security group, encrypted, backed up, with TLS required and the master
# password managed by RDS in Secrets Manager (never in state).

locals {
  db_identifier       = "${local.name}-db"
  db_parameter_family = "mysql${join(".", slice(split(".", var.db_engine_version), 0, 2))}"
}

resource "aws_security_group" "database" {
  name_prefix = "${local.name}-db-"
  description = "ZenML database: MySQL from the EKS cluster security group only"
  vpc_id      = local.vpc_id

  # No egress rule: Terraform removes the default allow-all egress.
  tags = merge(local.tags, { Name = "${local.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

# The cluster security group is attached to the managed nodes (and so to the
# pods, which share the nodes' network interfaces with the VPC CNI).
resource "aws_vpc_security_group_ingress_rule" "database_from_cluster" {
  security_group_id            = aws_security_group.database.id
  description                  = "MySQL from the EKS cluster (ZenML server pods)"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = local.cluster_security_group_id

  tags = local.tags
}

resource "aws_db_subnet_group" "this" {
  name_prefix = "${local.name}-"
  description = "ZenML database: private subnets"
  subnet_ids  = local.private_subnet_ids

  tags = merge(local.tags, { Name = "${local.name}-db" })
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.name}-"
  description = "ZenML database: TLS required"
  family      = local.db_parameter_family

  parameter {
    name  = "require_secure_transport"
    value = "1"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Created before the instance so that RDS does not create them without a
# retention period.
resource "aws_cloudwatch_log_group" "database" {
  for_each = toset(["error", "slowquery"])

  name              = "/aws/rds/instance/${local.db_identifier}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.kms_key_arn

  tags = local.tags
}

resource "aws_db_instance" "this" {
  identifier     = local.db_identifier
  engine         = "mysql"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = local.kms_key_arn

  db_name  = var.db_name
  username = var.db_username
  port     = 3306
  # RDS generates the password and keeps it (and its rotation) in Secrets
  # Manager; Terraform never sees it.
  manage_master_user_password   = true
  master_user_secret_kms_key_id = local.kms_key_arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.database.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"
  multi_az               = var.db_multi_az

  backup_retention_period   = var.db_backup_retention_days
  backup_window             = var.db_backup_window
  maintenance_window        = var.db_maintenance_window
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  skip_final_snapshot       = var.db_skip_final_snapshot
  final_snapshot_identifier = var.db_skip_final_snapshot ? null : "${local.db_identifier}-final"
  deletion_protection       = var.db_deletion_protection

  auto_minor_version_upgrade      = true
  allow_major_version_upgrade     = false
  apply_immediately               = var.db_apply_immediately
  enabled_cloudwatch_logs_exports = keys(aws_cloudwatch_log_group.database)

  tags = merge(local.tags, { Name = local.db_identifier })
}
