# RDS for MySQL 8 in the private subnets, reachable only from the cluster's
# security group, encrypted, backed up, with TLS required and the master
# password managed by RDS in Secrets Manager (never in state).

module "database" {
  source = "../aws-mysql"

  name        = local.name
  tags        = local.tags
  vpc_id      = local.vpc_id
  subnet_ids  = local.private_subnet_ids
  kms_key_arn = local.kms_key_arn

  security_group_description = "ZenML database: MySQL from the EKS cluster security group only"
  # The cluster security group is attached to the managed nodes (and so to the
  # pods, which share the nodes' network interfaces with the VPC CNI).
  allowed_security_groups = {
    cluster = {
      security_group_id = local.cluster_security_group_id
      description       = "MySQL from the EKS cluster (ZenML server pods)"
    }
  }

  engine_version        = var.db_engine_version
  instance_class        = var.db_instance_class
  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  multi_az              = var.db_multi_az
  backup_retention_days = var.db_backup_retention_days
  backup_window         = var.db_backup_window
  maintenance_window    = var.db_maintenance_window
  skip_final_snapshot   = var.db_skip_final_snapshot
  deletion_protection   = var.db_deletion_protection
  apply_immediately     = var.db_apply_immediately
  database_name         = var.db_name
  username              = var.db_username
  log_retention_days    = var.log_retention_days
}
