# Options: an existing VPC, existing secrets, the sql secrets store, an
# internal load balancer with DNS, unverified TLS, more replicas, an image
# outside ECR. Plans only, with the mocked values during plan (see
# defaults.tftest.hcl); OpenTofu runs the generated options.tofutest.hcl.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

override_resource {
  target          = aws_security_group.service
  override_during = plan
  values          = { id = "sg-0service" }
}

override_resource {
  target          = aws_ecs_cluster.this
  override_during = plan
  values          = { id = "arn:aws:ecs:eu-west-1:111122223333:cluster/stage-zenml" }
}

variables {
  name_prefix = "stage"
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
  hostname                 = "zenml.internal.example.com"
  certificate_arn          = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-1111-2222-333344445555"
  db_ca_certificate_bundle = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"

  create_vpc         = false
  vpc_id             = "vpc-0123456789abcdef0"
  private_subnet_ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
  public_subnet_ids  = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]

  enrollment_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/enrollment-AbCdEf"
  jwt_secret_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/jwt-AbCdEf"
  kms_key_arn               = "arn:aws:kms:eu-west-1:111122223333:key/99999999-8888-7777-6666-555555555555"
}

run "existing_vpc_secrets_and_key_with_the_sql_secrets_store" {
  command = plan

  variables {
    secrets_store_type                      = "sql"
    secrets_store_encryption_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/encryption-AbCdEf"
  }

  assert {
    condition     = module.network.vpc == null && length(module.network.private_subnets) == 0 && length(module.network.nat_gateway_ids) == 0
    error_message = "No network must be created for an existing VPC."
  }

  assert {
    condition     = module.database.subnet_group.subnet_ids == toset(var.private_subnet_ids) && module.database.security_group.vpc_id == var.vpc_id
    error_message = "The database must use the given private subnets and VPC."
  }

  assert {
    condition     = aws_lb.this.subnets == toset(var.public_subnet_ids)
    error_message = "The load balancer must use the given public subnets."
  }

  assert {
    condition     = slice(jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].command, 6, 9) == ["--proxy-headers", "--forwarded-allow-ips", "10.20.240.0/24,10.20.240.0/24"]
    error_message = "Forwarded headers must be trusted from the given public subnets (looked up) only."
  }

  assert {
    condition     = length(aws_secretsmanager_secret.enrollment_key) == 0 && length(aws_secretsmanager_secret_version.enrollment_key) == 0
    error_message = "No enrollment key secret must be created when one is given."
  }

  assert {
    condition     = length(module.kms_key) == 0 && module.database.instance.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.server.kms_key_id == var.kms_key_arn
    error_message = "A given KMS key must be used instead of a new one."
  }

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets : entry.name => entry.valueFrom
      if contains(["ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET", "ZENML_SERVER_JWT_SECRET_KEY"], entry.name)
      } == {
      ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/enrollment-AbCdEf"
      ZENML_SERVER_JWT_SECRET_KEY           = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/jwt-AbCdEf"
    }
    error_message = "Existing secrets must be injected by their ARN."
  }

  assert {
    condition = one([
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets : entry.valueFrom
      if entry.name == "ZENML_SECRETS_STORE_ENCRYPTION_KEY"
    ]) == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/encryption-AbCdEf"
    error_message = "The sql secrets store's encryption key must be injected from its secret."
  }

  assert {
    condition = one([
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.value
      if entry.name == "ZENML_SECRETS_STORE_TYPE"
    ]) == "sql"
    error_message = "The container must use the sql secrets store."
  }

  assert {
    condition     = length(aws_iam_role_policy.task) == 0
    error_message = "Without the AWS secrets store (and ECS Exec) the task role holds no permission."
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.execution_secrets.policy).Statement[0].Resource, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/encryption-AbCdEf")
    error_message = "The execution role must be able to read the encryption key."
  }
}

run "sql_secrets_store_writes_a_given_key_once" {
  command = plan

  variables {
    secrets_store_type           = "sql"
    secrets_store_encryption_key = "encryption-key-for-tests-0123456789abcdef"
  }

  override_resource {
    target          = aws_secretsmanager_secret.secrets_store_encryption_key
    override_during = plan
    values = {
      arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stage-zenml-secrets-store-key-AbCdEf"
      id  = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stage-zenml-secrets-store-key-AbCdEf"
    }
  }

  assert {
    condition     = aws_secretsmanager_secret_version.secrets_store_encryption_key[0].secret_string_wo_version == 1
    error_message = "The encryption key must be written once, write-only."
  }

  assert {
    condition     = aws_secretsmanager_secret.secrets_store_encryption_key[0].recovery_window_in_days == 30
    error_message = "A deleted encryption key secret must stay recoverable for 30 days."
  }

  assert {
    condition     = !strcontains(aws_ecs_task_definition.this["server"].container_definitions, "encryption-key-for-tests")
    error_message = "The encryption key must never appear in the container definitions."
  }

  assert {
    condition = one([
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets : entry.valueFrom
      if entry.name == "ZENML_SECRETS_STORE_ENCRYPTION_KEY"
    ]) == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:stage-zenml-secrets-store-key-AbCdEf"
    error_message = "The written encryption key must be injected from its new secret."
  }
}

run "internal_load_balancer_with_dns_record" {
  command = plan

  variables {
    alb_internal      = true
    public_subnet_ids = []
    route53_zone_id   = "Z0123456789ABCDEFGHIJ"
    alb_ingress_cidrs = ["10.0.0.0/8"]
  }

  assert {
    condition     = aws_lb.this.internal == true && aws_lb.this.subnets == toset(var.private_subnet_ids)
    error_message = "An internal load balancer must sit in the private subnets."
  }

  assert {
    condition     = aws_route53_record.server[0].name == "zenml.internal.example.com" && aws_route53_record.server[0].type == "A" && one(aws_route53_record.server[0].alias).name == "prod-zenml-0123456789.eu-west-1.elb.amazonaws.com"
    error_message = "An alias record must point the hostname at the load balancer."
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_ingress_rule.alb : rule.cidr_ipv4]) == toset(["10.0.0.0/8"]) && length(aws_vpc_security_group_ingress_rule.alb) == 2
    error_message = "Only the given ranges may reach the load balancer, on 80 and 443."
  }

  assert {
    condition     = module.config.container_command[8] == join(",", module.network.private_subnet_cidrs)
    error_message = "An internal load balancer's private subnets must be the trusted proxies."
  }
}

run "unverified_tls_when_asked_ecs_exec_and_more_replicas" {
  command = plan

  variables {
    db_ca_certificate_bundle = null
    db_verify_server_cert    = false
    enable_execute_command   = true
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
      replicas = 3
    }
  }

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.name => entry.value
      if startswith(entry.name, "ZENML_STORE_SSL")
      } == {
      ZENML_STORE_SSL                    = "true"
      ZENML_STORE_SSL_VERIFY_SERVER_CERT = "false"
    }
    error_message = "Opting out of verification must keep TLS, without a CA bundle."
  }

  assert {
    condition     = aws_ecs_service.server.enable_execute_command && aws_ecs_service.migrating.enable_execute_command && jsondecode(aws_iam_role_policy.task[0].policy).Statement[2].Sid == "EcsExec"
    error_message = "ECS Exec must be enabled with its permissions."
  }

  assert {
    condition     = aws_ecs_service.migrating.desired_count == 1 && aws_ecs_service.server.desired_count == 2
    error_message = "Three replicas: the migrating task and two others."
  }
}

run "image_outside_ecr_with_registry_credentials" {
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
      image = {
        repository = "europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server"
        tag        = "0.85.0"
      }
    }
    image_repository_credentials_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/registry-AbCdEf"
  }

  assert {
    condition = alltrue([
      for definition in aws_ecs_task_definition.this :
      jsondecode(definition.container_definitions)[0].image == "europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server:0.85.0" &&
      jsondecode(definition.container_definitions)[0].repositoryCredentials == { credentialsParameter = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/registry-AbCdEf" }
    ])
    error_message = "An image outside ECR must be pulled with the given registry credentials."
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role_policy.execution_secrets.policy).Statement[0].Resource, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/registry-AbCdEf")
    error_message = "The execution role must be able to read the registry credentials."
  }

}

run "created_vpc_with_a_single_nat_gateway" {
  command = plan

  variables {
    create_vpc              = true
    vpc_id                  = null
    private_subnet_ids      = []
    public_subnet_ids       = []
    availability_zone_count = 2
    single_nat_gateway      = true
  }

  assert {
    condition     = length(module.network.private_subnets) == 2 && length(module.network.public_subnets) == 2 && length(module.network.nat_gateway_ids) == 1
    error_message = "Two zones with one NAT gateway must be created."
  }

  assert {
    condition     = alltrue([for subnet in module.network.public_subnets : subnet.map_public_ip_on_launch == false])
    error_message = "Public subnets must not assign public IPs automatically."
  }

  assert {
    condition     = [for subnet in module.network.private_subnets : subnet.cidr_block] == ["10.40.0.0/20", "10.40.16.0/20"]
    error_message = "Private subnets must be carved from the VPC range."
  }
}
