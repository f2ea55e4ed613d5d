# Refused inputs and option combinations. Several refusals share a run (each
# run starts the provider twice); every listed variable must fail on its own.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

variables {
  name_prefix = "prod"
  server = {
    workspace = {
      id   = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
      name = "ml-platform"
    }
    organization = {
      id   = "0f1e2d3c-4b5a-4968-8776-655443322110"
      name = "acme"
    }
    image = { tag = "0.85.0" }
  }
  enrollment_key            = "enrollment-key-for-tests"
  hostname                  = "zenml.example.com"
  certificate_arn           = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-1111-2222-333344445555"
  jwt_secret_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-jwt-AbCdEf"
  db_ca_certificate_bundle  = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"
}

run "secrets_given_twice" {
  command = plan

  variables {
    # enrollment_key is also set
    enrollment_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/enrollment-AbCdEf"
    # jwt_secret_key_secret_arn is also set
    jwt_secret_key = "jwt-secret-key-for-tests-0123456789abcdef"
    # the aws secrets store has no encryption key
    secrets_store_encryption_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/encryption-AbCdEf"
  }

  expect_failures = [
    var.enrollment_key_secret_arn,
    var.jwt_secret_key_secret_arn,
    var.secrets_store_encryption_key_secret_arn,
  ]
}

run "secrets_missing" {
  command = plan

  variables {
    enrollment_key            = null
    jwt_secret_key_secret_arn = null
    secrets_store_type        = "sql"
  }

  expect_failures = [
    var.enrollment_key_secret_arn,
    var.jwt_secret_key_secret_arn,
    var.secrets_store_encryption_key_secret_arn,
  ]
}

run "weak_or_malformed_secrets" {
  command = plan

  variables {
    enrollment_key            = null
    enrollment_key_secret_arn = "zenml-enrollment-key"
    jwt_secret_key_secret_arn = null
    jwt_secret_key            = "too-short"
    enrollment_key_version    = 0
  }

  expect_failures = [
    var.enrollment_key_secret_arn,
    var.jwt_secret_key,
    var.enrollment_key_version,
  ]
}

run "database_settings_below_the_hardened_floor" {
  command = plan

  variables {
    db_backup_retention_days = 3
    db_engine_version        = "5.7"
    db_username              = "admin"
    db_instance_class        = "t3.micro"
    db_allocated_storage     = 100
    db_max_allocated_storage = 50
    db_backup_window         = "2am"
  }

  expect_failures = [
    var.db_backup_retention_days,
    var.db_engine_version,
    var.db_username,
    var.db_instance_class,
    var.db_max_allocated_storage,
    var.db_backup_window,
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
    var.public_subnet_ids,
  ]
}

run "created_vpc_misdescribed" {
  command = plan

  variables {
    vpc_id                  = "vpc-0123456789abcdef0"
    private_subnet_ids      = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
    vpc_cidr                = "10.40.0.0/24"
    availability_zone_count = 4
  }

  expect_failures = [
    var.vpc_id,
    var.private_subnet_ids,
    var.vpc_cidr,
    var.availability_zone_count,
  ]
}

run "endpoint_settings_refused" {
  command = plan

  variables {
    certificate_arn   = "arn:aws:iam::111122223333:server-certificate/zenml"
    hostname          = "https://zenml.example.com"
    alb_ssl_policy    = "ELBSecurityPolicy-2016-08"
    alb_ingress_cidrs = []
    route53_zone_id   = "example.com"
  }

  expect_failures = [
    var.certificate_arn,
    var.hostname,
    var.alb_ssl_policy,
    var.alb_ingress_cidrs,
    var.route53_zone_id,
  ]
}

run "server_settings_refused" {
  command = plan

  variables {
    name_prefix        = "a-very-long-name-prefix-for-zenml"
    task_cpu           = 1024
    task_memory        = 16384
    container_port     = 80
    kms_key_arn        = "alias/zenml"
    log_retention_days = 10
    secrets_store_type = "gcp"
  }

  expect_failures = [
    var.name_prefix,
    var.task_memory,
    var.container_port,
    var.kms_key_arn,
    var.log_retention_days,
    var.secrets_store_type,
  ]
}

run "replicas_must_be_positive" {
  command = plan

  variables {
    server = {
      workspace = {
        id   = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
        name = "ml-platform"
      }
      organization = {
        id   = "0f1e2d3c-4b5a-4968-8776-655443322110"
        name = "acme"
      }
      image    = { tag = "0.85.0" }
      replicas = 0
    }
  }

  expect_failures = [var.server]
}

run "database_verification_needs_the_rds_bundle" {
  command = plan

  variables {
    db_ca_certificate_bundle = null
  }

  expect_failures = [var.db_verify_server_cert]
}

run "registry_credentials_must_be_a_secret" {
  command = plan

  variables {
    image_repository_credentials_secret_arn = "registry-password"
    migration_timeout_minutes               = 5
  }

  expect_failures = [var.image_repository_credentials_secret_arn, var.migration_timeout_minutes]
}
