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
  container_definition = {
    name      = local.container_name
    image     = module.config.image
    essential = true
    command   = module.config.container_command

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
  }
}

resource "aws_ecs_task_definition" "server" {
  family                   = local.name
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

  container_definitions = jsonencode([local.container_definition])

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
  cidr_ipv4         = "0.0.0.0/0"

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

resource "aws_ecs_service" "server" {
  name             = local.container_name
  cluster          = aws_ecs_cluster.this.id
  task_definition  = aws_ecs_task_definition.server.arn
  desired_count    = module.config.replicas
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  enable_execute_command  = var.enable_execute_command
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  # The first task migrates the schema before it reports healthy.
  health_check_grace_period_seconds  = 300
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

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
