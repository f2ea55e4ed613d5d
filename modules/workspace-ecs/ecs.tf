resource "aws_cloudwatch_log_group" "server" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = local.kms_key_arn

  tags = local.tags
}

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 1
  }
}

locals {
  # One container definition for both task definitions; they differ only in
  # whether the server migrates the database when it starts.
  container_definition = merge(
    {
      name      = local.container_name
      image     = module.config.image
      essential = true
      # Arguments to the image's uvicorn entrypoint (never the entrypoint
      # itself): port, log level and the load balancer as the only proxy.
      command = module.config.container_command

      portMappings = [{
        name          = "http"
        containerPort = var.container_port
        hostPort      = var.container_port
        protocol      = "tcp"
      }]

      # Settings from workspace-server-config: plain values only.
      environment = module.config.container_environment_list
      # Secrets by reference only: ECS resolves them when a task starts.
      secrets = local.container_secrets

      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.server.name
          awslogs-region        = local.region
          awslogs-stream-prefix = "zenml"
        }
      }

      linuxParameters = {
        initProcessEnabled = true
      }
      stopTimeout = 30
    },
    var.image_repository_credentials_secret_arn != null ? {
      repositoryCredentials = { credentialsParameter = var.image_repository_credentials_secret_arn }
    } : null,
  )

  task_definitions = {
    # The one task that migrates the schema, at startup, before it serves.
    migrating = merge(local.container_definition, { environment = module.config.migration_environment_list })
    # Every other task: DISABLE_DATABASE_MIGRATION.
    server = local.container_definition
  }
}

resource "aws_ecs_task_definition" "this" {
  for_each = local.task_definitions

  family                   = each.key == "server" ? local.name : "${local.name}-migrating"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([each.value])

  tags = local.tags
}

resource "aws_security_group" "service" {
  name_prefix = "${local.name}-service-"
  description = "ZenML server tasks: HTTP from the load balancer, HTTPS and MySQL out"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-service" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "Server port from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.alb.id

  tags = local.tags
}

# The control plane, AWS APIs (Secrets Manager, logs) and the image registry
# are reached over HTTPS; nothing ever connects in from the control plane.
resource "aws_vpc_security_group_egress_rule" "service_https" {
  security_group_id = aws_security_group.service.id
  description       = "HTTPS to the ZenML Pro control plane, AWS APIs and the image registry"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  # trivy:ignore:AVD-AWS-0104 HTTPS out only: the ZenML Pro control plane and the image registry have no fixed addresses to list, and AWS APIs are reached without VPC endpoints.
  cidr_ipv4 = "0.0.0.0/0"

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "service_to_database" {
  security_group_id            = aws_security_group.service.id
  description                  = "MySQL to the ZenML database"
  ip_protocol                  = "tcp"
  from_port                    = 3306
  to_port                      = 3306
  referenced_security_group_id = module.database.security_group_id

  tags = local.tags
}

# Migrations run exactly once per deployment, in one place: the `migrating`
# service holds a single task, which migrates the schema when it starts and
# then serves like the others. On a new version ECS starts one new task next
# to the old one (which already runs the old schema's version and never
# migrates again) and stops the old task only once the new one is healthy
# behind the load balancer, that is, migrated; Terraform waits for that. Only
# then does the `server` service, whose tasks never migrate, roll to the new
# version. A failed migration fails that first deployment, which rolls back,
# and the apply stops before any other task changes.
locals {
  services = {
    migrating = {
      desired_count           = 1
      minimum_healthy_percent = 100
      maximum_percent         = 200
      wait_for_steady_state   = true
    }
    server = {
      desired_count           = module.config.replicas - 1
      minimum_healthy_percent = 100
      maximum_percent         = 200
      wait_for_steady_state   = false
    }
  }
}

resource "aws_ecs_service" "migrating" {
  name             = "${local.container_name}-migrating"
  cluster          = aws_ecs_cluster.this.id
  task_definition  = aws_ecs_task_definition.this["migrating"].arn
  desired_count    = local.services.migrating.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  enable_execute_command  = var.enable_execute_command
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  # The task migrates before it answers health checks.
  health_check_grace_period_seconds  = var.migration_timeout_minutes * 60
  deployment_minimum_healthy_percent = local.services.migrating.minimum_healthy_percent
  deployment_maximum_percent         = local.services.migrating.maximum_percent
  wait_for_steady_state              = local.services.migrating.wait_for_steady_state

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.server.arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  # Tasks read their secrets when they start: roll them when a secret value
  # changes although the task definition does not.
  force_new_deployment = true
  triggers = {
    enrollment_key_version = tostring(var.enrollment_key_version)
    jwt_secret_key_version = tostring(var.jwt_secret_key_version)
  }

  timeouts {
    create = "${var.migration_timeout_minutes + 10}m"
    update = "${var.migration_timeout_minutes + 10}m"
  }

  tags = local.tags

  # Tasks pull the image and read their secrets through the NAT gateways:
  # the whole network (its private routes last) comes first.
  depends_on = [
    module.network,
    aws_lb_listener.https,
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy_attachment.execution,
    aws_secretsmanager_secret_version.enrollment_key,
    aws_secretsmanager_secret_version.jwt_secret_key,
    aws_secretsmanager_secret_version.secrets_store_encryption_key,
  ]
}

resource "aws_ecs_service" "server" {
  name             = local.container_name
  cluster          = aws_ecs_cluster.this.id
  task_definition  = aws_ecs_task_definition.this["server"].arn
  desired_count    = local.services.server.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  enable_execute_command  = var.enable_execute_command
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  health_check_grace_period_seconds  = 120
  deployment_minimum_healthy_percent = local.services.server.minimum_healthy_percent
  deployment_maximum_percent         = local.services.server.maximum_percent

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.server.arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  force_new_deployment = true
  triggers = {
    enrollment_key_version = tostring(var.enrollment_key_version)
    jwt_secret_key_version = tostring(var.jwt_secret_key_version)
  }

  tags = local.tags

  # After the migrating task is healthy on the same version.
  depends_on = [aws_ecs_service.migrating]
}

# The server's task definition of earlier versions of this module.
moved {
  from = aws_ecs_task_definition.server
  to   = aws_ecs_task_definition.this["server"]
}
