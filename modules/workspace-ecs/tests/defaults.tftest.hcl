# The hardened defaults of a minimal call, and the wiring of the workspace and
# its enrollment key into the server containers. Plans only, against a mocked
# AWS provider: Terraform 1.11 cannot apply a test whose ephemeral inputs
# (jwt_secret_key, secrets_store_encryption_key) are null, so the mocked
# values are used during plan (override_during), and OpenTofu runs the
# generated defaults.tofutest.hcl.

mock_provider "aws" {
  source          = "./tests/mocks"
  override_during = plan
}

override_resource {
  target          = module.network.aws_subnet.private
  override_during = plan
  values          = { id = "subnet-0private" }
}

override_resource {
  target          = module.network.aws_subnet.public
  override_during = plan
  values          = { id = "subnet-0public" }
}

override_resource {
  target          = aws_security_group.alb
  override_during = plan
  values          = { id = "sg-0alb" }
}

override_resource {
  target          = aws_security_group.service
  override_during = plan
  values          = { id = "sg-0service" }
}

override_resource {
  target          = module.database.aws_security_group.this
  override_during = plan
  values          = { id = "sg-0database" }
}

override_resource {
  target          = aws_secretsmanager_secret.enrollment_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-enrollment-key-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-enrollment-key-AbCdEf"
  }
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
  enrollment_key            = "enrollment-key-value-that-must-not-leak"
  hostname                  = "zenml.example.com"
  certificate_arn           = "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-0000-1111-2222-333344445555"
  jwt_secret_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-jwt-AbCdEf"
  db_ca_certificate_bundle  = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"
}

run "database_is_private_encrypted_backed_up_and_fenced" {
  command = plan

  assert {
    condition     = module.database.instance.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = module.database.instance.storage_encrypted == true && module.database.instance.kms_key_id == module.kms_key[0].key.arn
    error_message = "The database storage must be encrypted with the module's KMS key."
  }

  assert {
    condition     = module.kms_key[0].key.enable_key_rotation == true && module.kms_key[0].key.deletion_window_in_days == 30
    error_message = "The created KMS key must rotate and have a 30-day deletion window."
  }

  assert {
    condition     = module.database.instance.deletion_protection == true
    error_message = "Deletion protection must be on by default."
  }

  assert {
    condition     = module.database.instance.backup_retention_period == 30
    error_message = "Backups must be kept 30 days by default."
  }

  assert {
    condition     = module.database.instance.skip_final_snapshot == false && module.database.instance.final_snapshot_identifier == "prod-zenml-db-final"
    error_message = "A final snapshot must be taken unless explicitly skipped."
  }

  assert {
    condition     = module.database.instance.multi_az == true
    error_message = "The database must be Multi-AZ by default."
  }

  assert {
    condition     = module.database.instance.engine == "mysql" && module.database.instance.engine_version == "8.0" && module.database.subnet_group.name_prefix == "prod-zenml-"
    error_message = "The database must be MySQL 8."
  }

  assert {
    condition     = module.database.instance.manage_master_user_password == true && module.database.instance.password == null && module.database.instance.master_user_secret_kms_key_id == module.kms_key[0].key.arn
    error_message = "The master password must be managed by RDS in Secrets Manager, never set by Terraform."
  }

  assert {
    condition     = one([for parameter in module.database.parameter_group.parameter : parameter.value if parameter.name == "require_secure_transport"]) == "1"
    error_message = "The database must require TLS."
  }

  assert {
    condition     = module.database.subnet_group.subnet_ids == toset(["subnet-0private"])
    error_message = "The database must live in the private subnets only."
  }

  assert {
    condition     = module.database.instance.vpc_security_group_ids == toset(["sg-0database"])
    error_message = "The database must only carry its own security group."
  }

  assert {
    condition = (
      keys(module.database.ingress_rules) == ["service"] &&
      module.database.ingress_rules["service"].security_group_id == "sg-0database" &&
      module.database.ingress_rules["service"].referenced_security_group_id == "sg-0service" &&
      module.database.ingress_rules["service"].cidr_ipv4 == null &&
      module.database.ingress_rules["service"].from_port == 3306 &&
      module.database.ingress_rules["service"].to_port == 3306
    )
    error_message = "MySQL must only be reachable from the service security group."
  }

  assert {
    condition     = length(module.database.security_group.ingress) == 0 && length(module.database.security_group.egress) == 0
    error_message = "The database security group must have no inline (or default) rules."
  }
}

run "server_runs_privately_behind_an_https_load_balancer" {
  command = plan

  assert {
    condition = (
      aws_ecs_service.migrating.desired_count == 1 && aws_ecs_service.server.desired_count == 1 &&
      aws_ecs_service.migrating.launch_type == "FARGATE" && aws_ecs_service.server.launch_type == "FARGATE"
    )
    error_message = "Two Fargate tasks must run by default: the migrating one and one other."
  }

  assert {
    condition     = aws_ecs_service.server.network_configuration[0].assign_public_ip == false && aws_ecs_service.migrating.network_configuration[0].assign_public_ip == false
    error_message = "Server tasks must not get public IPs."
  }

  assert {
    condition     = aws_ecs_service.server.network_configuration[0].subnets == toset(["subnet-0private"]) && aws_ecs_service.migrating.network_configuration[0].subnets == toset(["subnet-0private"])
    error_message = "Server tasks must run in the private subnets."
  }

  assert {
    condition     = aws_ecs_service.server.network_configuration[0].security_groups == toset(["sg-0service"])
    error_message = "Server tasks must carry the service security group."
  }

  assert {
    condition = (
      aws_ecs_service.server.deployment_circuit_breaker[0].enable && aws_ecs_service.server.deployment_circuit_breaker[0].rollback &&
      aws_ecs_service.migrating.deployment_circuit_breaker[0].enable && aws_ecs_service.migrating.deployment_circuit_breaker[0].rollback
    )
    error_message = "Failed deployments (a failed migration among them) must roll back."
  }

  assert {
    condition     = one(aws_ecs_service.server.load_balancer).container_port == 8000 && one(aws_ecs_service.server.load_balancer).container_name == "zenml-server"
    error_message = "The load balancer must send traffic to port 8000 of the server container."
  }

  assert {
    condition = alltrue([
      for definition in aws_ecs_task_definition.this :
      definition.network_mode == "awsvpc" && definition.requires_compatibilities == toset(["FARGATE"])
    ])
    error_message = "The task definitions must be Fargate tasks."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.service_from_alb.security_group_id == "sg-0service" && aws_vpc_security_group_ingress_rule.service_from_alb.referenced_security_group_id == "sg-0alb" && aws_vpc_security_group_ingress_rule.service_from_alb.from_port == 8000
    error_message = "Only the load balancer may reach the server port."
  }

  assert {
    condition     = aws_cloudwatch_log_group.server.retention_in_days == 90 && aws_cloudwatch_log_group.server.kms_key_id == module.kms_key[0].key.arn
    error_message = "Server logs must be kept 90 days and encrypted."
  }

  assert {
    condition     = aws_lb_listener.https.port == 443 && aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "The HTTPS listener must serve the given certificate on 443."
  }

  assert {
    condition     = startswith(aws_lb_listener.https.ssl_policy, "ELBSecurityPolicy-TLS13-")
    error_message = "The HTTPS listener must use a TLS 1.3 policy by default."
  }

  assert {
    condition = (
      aws_lb_listener.http_redirect.port == 80 &&
      aws_lb_listener.http_redirect.default_action[0].type == "redirect" &&
      aws_lb_listener.http_redirect.default_action[0].redirect[0].protocol == "HTTPS" &&
      aws_lb_listener.http_redirect.default_action[0].redirect[0].port == "443" &&
      aws_lb_listener.http_redirect.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "Port 80 must only redirect to HTTPS."
  }

  assert {
    condition     = aws_lb_target_group.server.health_check[0].path == "/health" && aws_lb_target_group.server.port == 8000 && aws_lb_target_group.server.target_type == "ip"
    error_message = "The target group must check /health on port 8000."
  }

  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.subnets == toset(["subnet-0public"])
    error_message = "The internet-facing load balancer must sit in the public subnets."
  }

  assert {
    condition     = aws_lb.this.drop_invalid_header_fields == true && aws_lb.this.enable_deletion_protection == true
    error_message = "The load balancer must drop invalid headers and be protected against deletion."
  }

  assert {
    condition     = length(aws_route53_record.server) == 0
    error_message = "No DNS record without a hosted zone."
  }
}

run "secrets_injected_by_reference_with_least_privilege" {
  command = plan

  assert {
    condition = (
      jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].name == "zenml-server" &&
      jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].image == "715803424590.dkr.ecr.eu-central-1.amazonaws.com/zenml-pro-server:0.85.0"
    )
    error_message = "The container must run ZenML's Pro server image (from ZenML's ECR, pulled with the execution role) at the pinned tag."
  }

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.name => entry.value
      if contains(["ZENML_SERVER_PRO_WORKSPACE_ID", "ZENML_SERVER_PRO_WORKSPACE_NAME", "ZENML_SERVER_PRO_ORGANIZATION_ID", "ZENML_SERVER_SERVER_URL", "ZENML_SERVER_DEPLOYMENT_TYPE"], entry.name)
      } == {
      ZENML_SERVER_PRO_WORKSPACE_ID    = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
      ZENML_SERVER_PRO_WORKSPACE_NAME  = "ml-platform"
      ZENML_SERVER_PRO_ORGANIZATION_ID = "0f1e2d3c-4b5a-4968-8776-655443322110"
      ZENML_SERVER_SERVER_URL          = "https://zenml.example.com"
      ZENML_SERVER_DEPLOYMENT_TYPE     = "cloud"
    }
    error_message = "The workspace, organization and public URL must reach the container environment."
  }

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets : entry.name => entry.valueFrom
      } == {
      ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-enrollment-key-AbCdEf"
      ZENML_STORE_PASSWORD                  = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf:password::"
      ZENML_SERVER_JWT_SECRET_KEY           = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-jwt-AbCdEf"
    }
    error_message = "The enrollment key, the RDS-managed password and the JWT key must be injected by Secrets Manager reference, and nothing else."
  }

  assert {
    condition = length(setintersection(
      [for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.name],
      [for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets : entry.name],
    )) == 0
    error_message = "No secret may also be set as a plain environment variable."
  }

  assert {
    condition = alltrue([
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment :
      !can(regex("(PASSWORD|SECRET_KEY|ENCRYPTION_KEY|CLIENT_SECRET)$", entry.name))
    ])
    error_message = "No secret-looking variable may be part of the plain environment."
  }

  assert {
    condition     = !strcontains(aws_ecs_task_definition.this["server"].container_definitions, "enrollment-key-value-that-must-not-leak")
    error_message = "The enrollment key value must never appear in the container definitions."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.enrollment_key[0].secret_string_wo_version == 1 && aws_secretsmanager_secret_version.enrollment_key[0].secret_id == aws_secretsmanager_secret.enrollment_key[0].id
    error_message = "The enrollment key must be written to its secret with the write-only argument."
  }

  assert {
    condition     = aws_secretsmanager_secret.enrollment_key[0].kms_key_id == module.kms_key[0].key.arn
    error_message = "The enrollment key secret must be encrypted with the module's KMS key."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].portMappings[0].containerPort == 8000
    error_message = "The container must listen on port 8000."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].logConfiguration.options.awslogs-group == aws_cloudwatch_log_group.server.name
    error_message = "The container must log to the module's log group."
  }

  assert {
    condition = toset(jsondecode(aws_iam_role_policy.execution_secrets.policy).Statement[0].Resource) == toset([
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-enrollment-key-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-0a1b2c3d-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod-zenml-jwt-AbCdEf",
    ])
    error_message = "The execution role must read exactly the server's secrets."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.task[0].policy).Statement[0].Resource == "arn:aws:secretsmanager:eu-west-1:111122223333:secret:zenml/*"
    error_message = "The task role may only manage the ZenML secrets store's secrets (zenml/*)."
  }

  assert {
    condition     = length(jsondecode(aws_iam_role_policy.task[0].policy).Statement) == 2
    error_message = "Without ECS Exec the task role holds only the secrets store statements."
  }

  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "111122223333"
    error_message = "Only ECS acting for this account may assume the task role."
  }

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.name => entry.value
      if startswith(entry.name, "ZENML_SECRETS_STORE_")
      } == {
      ZENML_SECRETS_STORE_TYPE        = "aws"
      ZENML_SECRETS_STORE_AUTH_METHOD = "implicit"
      ZENML_SECRETS_STORE_AUTH_CONFIG = "{\"region\":\"eu-west-1\"}"
    }
    error_message = "The AWS secrets store must authenticate with the task role in the module's region."
  }
}


run "containers_pass_arguments_to_the_image_entrypoint" {
  command = plan

  assert {
    condition = tolist(jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].command) == tolist([
      "--host", "0.0.0.0", "--port", "8000", "--log-level", "info",
      "--proxy-headers", "--forwarded-allow-ips", "10.40.240.0/24,10.40.241.0/24,10.40.242.0/24",
    ])
    error_message = "The container command must be arguments to the image's uvicorn entrypoint, trusting forwarded headers from the load balancer's subnets only: ${aws_ecs_task_definition.this["server"].container_definitions}"
  }

  assert {
    condition = alltrue([
      for definition in aws_ecs_task_definition.this :
      !contains(keys(jsondecode(definition.container_definitions)[0]), "entryPoint") &&
      !contains(jsondecode(definition.container_definitions)[0].command, "uvicorn")
    ])
    error_message = "No task may replace or repeat the image's entrypoint."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["migrating"].container_definitions)[0].command == jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].command
    error_message = "The migrating task runs the same server."
  }
}

run "migrations_run_once_in_the_migrating_task_before_the_others" {
  command = plan

  assert {
    condition = one([
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.value
      if entry.name == "DISABLE_DATABASE_MIGRATION"
    ]) == "True"
    error_message = "The server service's tasks must never migrate the database."
  }

  assert {
    condition = !contains([
      for entry in jsondecode(aws_ecs_task_definition.this["migrating"].container_definitions)[0].environment : entry.name
    ], "DISABLE_DATABASE_MIGRATION")
    error_message = "The migrating task must migrate the database when it starts."
  }

  assert {
    condition = (
      [for entry in jsondecode(aws_ecs_task_definition.this["migrating"].container_definitions)[0].environment : entry if entry.name != "DISABLE_DATABASE_MIGRATION"] ==
      [for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry if entry.name != "DISABLE_DATABASE_MIGRATION"] &&
      jsondecode(aws_ecs_task_definition.this["migrating"].container_definitions)[0].secrets == jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].secrets
    )
    error_message = "Both task definitions must carry the same settings and secrets, apart from the migration switch."
  }

  assert {
    condition = (
      aws_ecs_service.migrating.desired_count == 1 &&
      aws_ecs_service.migrating.deployment_minimum_healthy_percent == 100 &&
      aws_ecs_service.migrating.deployment_maximum_percent == 200 &&
      aws_ecs_service.migrating.wait_for_steady_state == true &&
      aws_ecs_service.migrating.task_definition == aws_ecs_task_definition.this["migrating"].arn
    )
    error_message = "Exactly one migrating task, replaced only once its successor is healthy, and Terraform must wait for it."
  }

  assert {
    condition     = aws_ecs_service.migrating.health_check_grace_period_seconds == 1800 && aws_ecs_service.server.health_check_grace_period_seconds == 120
    error_message = "The migrating task must have migration_timeout_minutes to migrate before its health is checked."
  }

  assert {
    condition     = aws_ecs_service.server.task_definition == aws_ecs_task_definition.this["server"].arn && aws_ecs_task_definition.this["server"].family == "prod-zenml" && aws_ecs_task_definition.this["migrating"].family == "prod-zenml-migrating"
    error_message = "The server service must run the non-migrating task definition."
  }

  assert {
    condition     = one(aws_ecs_service.migrating.load_balancer).target_group_arn == one(aws_ecs_service.server.load_balancer).target_group_arn
    error_message = "The migrating task serves behind the same load balancer once migrated."
  }
}

run "database_tls_is_verified_against_the_rds_bundle" {
  command = plan

  assert {
    condition = {
      for entry in jsondecode(aws_ecs_task_definition.this["server"].container_definitions)[0].environment : entry.name => entry.value
      if startswith(entry.name, "ZENML_STORE_SSL")
      } == {
      ZENML_STORE_SSL                    = "true"
      ZENML_STORE_SSL_VERIFY_SERVER_CERT = "true"
      ZENML_STORE_SSL_CA                 = "-----BEGIN CERTIFICATE-----\nMIIBrdsEuWest1\n-----END CERTIFICATE-----\n"
    }
    error_message = "The server must verify the database's certificate against the given RDS bundle by default."
  }

  assert {
    condition     = module.database.instance.iam_database_authentication_enabled == true && module.database.instance.performance_insights_enabled == true && module.database.instance.performance_insights_kms_key_id == module.kms_key[0].key.arn
    error_message = "IAM authentication and encrypted Performance Insights must be on."
  }

  assert {
    condition = (
      module.network.flow_log.traffic_type == "ALL" &&
      module.network.flow_log_group.kms_key_id == module.kms_key[0].key.arn &&
      module.network.flow_log_group.retention_in_days == 90
    )
    error_message = "The created VPC's flow logs must record every flow to an encrypted log group."
  }
}
