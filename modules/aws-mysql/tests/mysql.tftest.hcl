# The hardened defaults, explicit choices and refused inputs, applied against
# a mocked AWS provider (nothing is created), by Terraform and OpenTofu alike.

# Mocks written out here (not `source`d), so that Terraform and OpenTofu read the same.
mock_provider "aws" {
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0database"
    }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      address = "prod-zenml-db.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf"
        kms_key_id    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
        secret_status = "active"
      }]
    }
  }

  mock_resource "aws_db_parameter_group" {
    defaults = {
      name = "prod-zenml-20250101000000000000000001"
    }
  }
}

variables {
  name        = "prod-zenml"
  tags        = { team = "ml" }
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"

  security_group_description = "ZenML database: MySQL from the ZenML server tasks only"
  allowed_security_groups = {
    service = {
      security_group_id = "sg-0service"
      description       = "MySQL from the ZenML server tasks"
    }
  }
}

run "database_is_private_encrypted_backed_up_and_fenced" {
  command = apply

  assert {
    condition     = aws_db_instance.this.publicly_accessible == false && aws_db_instance.this.port == 3306
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.storage_encrypted == true && aws_db_instance.this.kms_key_id == var.kms_key_arn && aws_db_instance.this.storage_type == "gp3"
    error_message = "The database storage must be encrypted with the given KMS key."
  }

  assert {
    condition = (
      aws_db_instance.this.performance_insights_enabled == true &&
      aws_db_instance.this.performance_insights_kms_key_id == var.kms_key_arn &&
      aws_db_instance.this.performance_insights_retention_period == 7
    )
    error_message = "Performance Insights must be on, encrypted with the given key, for the free 7 days."
  }

  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled == true
    error_message = "IAM database authentication must be available next to the password."
  }

  assert {
    condition     = aws_db_instance.this.deletion_protection == true && aws_db_instance.this.delete_automated_backups == false
    error_message = "Deletion protection must be on by default, and backups must outlive the instance."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period == 30 && aws_db_instance.this.backup_window == "02:00-03:00" && aws_db_instance.this.maintenance_window == "sun:04:00-sun:05:00"
    error_message = "Backups must be kept 30 days by default, outside the maintenance window."
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier == "prod-zenml-db-final" && aws_db_instance.this.copy_tags_to_snapshot
    error_message = "A final snapshot must be taken unless explicitly skipped."
  }

  assert {
    condition     = aws_db_instance.this.multi_az == true
    error_message = "The database must be Multi-AZ by default."
  }

  assert {
    condition = (
      aws_db_instance.this.identifier == "prod-zenml-db" && aws_db_instance.this.engine == "mysql" && aws_db_instance.this.engine_version == "8.0" &&
      aws_db_instance.this.auto_minor_version_upgrade && !aws_db_instance.this.allow_major_version_upgrade && !aws_db_instance.this.apply_immediately
    )
    error_message = "The database must be MySQL 8.0, with minor upgrades only, in the maintenance window."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.password == null && aws_db_instance.this.master_user_secret_kms_key_id == var.kms_key_arn
    error_message = "The master password must be managed by RDS in Secrets Manager, encrypted with the given key, never set by Terraform."
  }

  assert {
    condition     = aws_db_instance.this.ca_cert_identifier == "rds-ca-rsa2048-g1" && aws_db_parameter_group.this.family == "mysql8.0" && aws_db_instance.this.parameter_group_name == aws_db_parameter_group.this.name
    error_message = "The instance must use the module's parameter group and a current CA."
  }

  assert {
    condition     = one([for parameter in aws_db_parameter_group.this.parameter : parameter.value if parameter.name == "require_secure_transport"]) == "1"
    error_message = "The database must require TLS."
  }

  assert {
    condition     = aws_db_subnet_group.this.subnet_ids == toset(var.subnet_ids) && aws_db_subnet_group.this.name_prefix == "prod-zenml-"
    error_message = "The database must live in the given private subnets only."
  }

  assert {
    condition     = aws_db_instance.this.vpc_security_group_ids == toset(["sg-0database"]) && aws_security_group.this.vpc_id == var.vpc_id && aws_security_group.this.description == var.security_group_description
    error_message = "The database must only carry its own security group, in the given VPC."
  }

  assert {
    condition = (
      keys(aws_vpc_security_group_ingress_rule.mysql) == ["service"] &&
      aws_vpc_security_group_ingress_rule.mysql["service"].security_group_id == "sg-0database" &&
      aws_vpc_security_group_ingress_rule.mysql["service"].referenced_security_group_id == "sg-0service" &&
      aws_vpc_security_group_ingress_rule.mysql["service"].cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.mysql["service"].cidr_ipv6 == null &&
      aws_vpc_security_group_ingress_rule.mysql["service"].from_port == 3306 &&
      aws_vpc_security_group_ingress_rule.mysql["service"].to_port == 3306 &&
      aws_vpc_security_group_ingress_rule.mysql["service"].description == "MySQL from the ZenML server tasks"
    )
    error_message = "MySQL must only be reachable from the given security group."
  }

  assert {
    condition     = length(aws_security_group.this.ingress) == 0 && length(aws_security_group.this.egress) == 0
    error_message = "The database security group must have no inline (or default) rules."
  }

  assert {
    condition = (
      toset(aws_db_instance.this.enabled_cloudwatch_logs_exports) == toset(["error", "slowquery"]) &&
      alltrue([for type, group in aws_cloudwatch_log_group.this : group.name == "/aws/rds/instance/prod-zenml-db/${type}" && group.retention_in_days == 90 && group.kms_key_id == var.kms_key_arn])
    )
    error_message = "Error and slow-query logs must go to encrypted log groups kept 90 days."
  }

  assert {
    condition = (
      output.address == "prod-zenml-db.abcdefghijkl.eu-west-1.rds.amazonaws.com" && output.port == 3306 && output.identifier == "prod-zenml-db" &&
      output.master_user_secret_arn == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf" && output.security_group_id == "sg-0database"
    )
    error_message = "The connection details and the RDS-managed secret must be reported."
  }
}

run "explicit_choices_are_honoured" {
  command = apply

  variables {
    engine_version        = "8.4.3"
    instance_class        = "db.m7g.large"
    allocated_storage     = 50
    max_allocated_storage = 0
    multi_az              = false
    backup_retention_days = 7
    skip_final_snapshot   = true
    deletion_protection   = false
    apply_immediately     = true
    log_retention_days    = 365
    allowed_security_groups = {
      cluster = { security_group_id = "sg-0cluster", description = "MySQL from the EKS cluster (ZenML server pods)" }
      bastion = { security_group_id = "sg-0bastion", description = "MySQL from the bastion" }
    }
  }

  assert {
    condition = (
      aws_db_instance.this.engine_version == "8.4.3" && aws_db_parameter_group.this.family == "mysql8.4" &&
      aws_db_instance.this.instance_class == "db.m7g.large" && aws_db_instance.this.allocated_storage == 50 && aws_db_instance.this.max_allocated_storage == 0
    )
    error_message = "The engine version must select the parameter group family; size choices must be honoured."
  }

  assert {
    condition = (
      aws_db_instance.this.multi_az == false &&
      aws_db_instance.this.backup_retention_period == 7 &&
      aws_db_instance.this.skip_final_snapshot == true &&
      aws_db_instance.this.final_snapshot_identifier == null &&
      aws_db_instance.this.deletion_protection == false &&
      aws_db_instance.this.apply_immediately == true
    )
    error_message = "Explicit database choices must be honoured."
  }

  assert {
    condition     = { for key, rule in aws_vpc_security_group_ingress_rule.mysql : key => rule.referenced_security_group_id } == { bastion = "sg-0bastion", cluster = "sg-0cluster" }
    error_message = "Each given security group, and only those, must be admitted."
  }

  assert {
    condition     = alltrue([for group in aws_cloudwatch_log_group.this : group.retention_in_days == 365])
    error_message = "The log retention must be honoured."
  }
}

run "settings_below_the_hardened_floor_refused" {
  command = plan

  variables {
    backup_retention_days = 3
    engine_version        = "5.7"
    username              = "admin"
    instance_class        = "t3.micro"
    allocated_storage     = 100
    max_allocated_storage = 50
    backup_window         = "2am"
    maintenance_window    = "sunday"
    database_name         = "zenml-db"
    log_retention_days    = 10
  }

  expect_failures = [
    var.backup_retention_days,
    var.engine_version,
    var.username,
    var.instance_class,
    var.max_allocated_storage,
    var.backup_window,
    var.maintenance_window,
    var.database_name,
    var.log_retention_days,
  ]
}

run "classes_too_small_for_zenml_and_performance_insights_refused" {
  command = plan

  variables {
    instance_class = "db.t4g.small"
  }

  expect_failures = [var.instance_class]
}

run "placement_refused" {
  command = plan

  variables {
    name                       = "Prod"
    vpc_id                     = " "
    subnet_ids                 = ["subnet-0aaaaaaaaaaaaaaa1"]
    kms_key_arn                = "arn:aws:kms:eu-west-1:111122223333:alias/aws/rds"
    allowed_security_groups    = { Service = { security_group_id = "sg-0service", description = "MySQL from the tasks" } }
    security_group_description = ""
  }

  expect_failures = [
    var.name,
    var.vpc_id,
    var.subnet_ids,
    var.kms_key_arn,
    var.allowed_security_groups,
    var.security_group_description,
  ]
}
