# Refused inputs and option combinations. Several refusals share a run (each
# run starts the provider twice); every listed variable must fail on its own.

# Mocks written out here (not `source`d), so that Terraform and OpenTofu read the same.
mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "eu-west-1"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_eks_cluster" {
    defaults = {
      endpoint = "https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com"
      certificate_authority = [{
        data = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"
      }]
      identity = [{
        oidc = [{
          issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXISTING0123456789"
        }]
      }]
      vpc_config = [{
        cluster_security_group_id = "sg-0existingcluster"
        endpoint_private_access   = true
        endpoint_public_access    = false
        public_access_cidrs       = []
        security_group_ids        = []
        subnet_ids                = []
        vpc_id                    = "vpc-0123456789abcdef0"
      }]
    }
  }

  mock_data "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXISTING0123456789"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = {
      arn    = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
      key_id = "11111111-2222-3333-4444-555555555555"
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

  mock_resource "aws_eks_cluster" {
    defaults = {
      endpoint = "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
      certificate_authority = [{
        data = "LS0tLS1CRUdJTi1DRVJUSUZJQ0FURS0tLS0t"
      }]
      identity = [{
        oidc = [{
          issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
        }]
      }]
    }
  }

  mock_resource "aws_iam_openid_connect_provider" {
    defaults = {
      arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::111122223333:role/prod-zenml-role"
    }
  }

  mock_resource "aws_launch_template" {
    defaults = {
      id             = "lt-0123456789abcdef0"
      latest_version = 1
    }
  }

  # ARNs the provider checks where other resources reference them.
  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/vpc/prod-zenml/flow-logs"
    }
  }

  # Every given subnet of an existing VPC.
  mock_data "aws_subnet" {
    defaults = {
      cidr_block = "10.20.240.0/24"
    }
  }
}

variables {
  name_prefix              = "prod"
  db_ca_certificate_bundle = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"
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

run "database_verification_needs_the_rds_bundle" {
  command = plan

  variables {
    db_ca_certificate_bundle = null
  }

  expect_failures = [var.db_verify_server_cert]
}

run "database_verification_can_be_turned_off_explicitly" {
  command = plan

  variables {
    db_ca_certificate_bundle = null
    db_verify_server_cert    = false
  }

  assert {
    condition     = output.database.tls.enabled && !output.database.tls.verify_server_cert && output.database.tls.ca_certificate == null
    error_message = "Without verification the database is still reached over TLS."
  }
}
