# Refused inputs and option combinations. Several refusals share a run (each
# run starts the provider twice); every listed variable must fail on its own.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "prod"
}

run "existing_cluster_with_a_new_vpc" {
  command = plan

  variables {
    create_cluster = false
    cluster_name   = "platform"
  }

  expect_failures = [var.cluster_name]
}

run "existing_cluster_without_its_name" {
  command = plan

  variables {
    create_vpc         = false
    vpc_id             = "vpc-0123456789abcdef0"
    private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    create_cluster     = false
  }

  expect_failures = [var.cluster_name]
}

run "cluster_settings_refused" {
  command = plan

  variables {
    cluster_endpoint_public_access = true
    cluster_admin_principal_arns   = ["platform-admins"]
    service_account_identity       = "both"
    kubernetes_version             = "latest"
    node_instance_types            = []
    node_min_size                  = 3
    node_desired_size              = 2
    kubernetes_namespace           = "ZenML"
  }

  expect_failures = [
    var.cluster_endpoint_public_access_cidrs,
    var.cluster_admin_principal_arns,
    var.service_account_identity,
    var.kubernetes_version,
    var.node_instance_types,
    var.node_desired_size,
    var.kubernetes_namespace,
  ]
}

run "world_open_api_endpoint_and_oversized_node_group_refused" {
  command = plan

  variables {
    cluster_endpoint_public_access       = true
    cluster_endpoint_public_access_cidrs = ["0.0.0.0/0"]
    node_max_size                        = 101
  }

  expect_failures = [
    var.cluster_endpoint_public_access_cidrs,
    var.node_max_size,
  ]
}

run "database_settings_below_the_hardened_floor" {
  command = plan

  variables {
    db_backup_retention_days = 6
    db_engine_version        = "5.7"
    db_username              = "root"
    kms_key_arn              = "alias/aws/rds"
  }

  expect_failures = [
    var.db_backup_retention_days,
    var.db_engine_version,
    var.db_username,
    var.kms_key_arn,
  ]
}

run "existing_vpc_incompletely_described" {
  command = plan

  variables {
    create_vpc         = false
    private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1"]
  }

  expect_failures = [
    var.vpc_id,
    var.private_subnet_ids,
  ]
}
