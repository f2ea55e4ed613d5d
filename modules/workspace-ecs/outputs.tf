output "server_url" {
  description = "The workspace server's public URL (`https://<hostname>`)."
  value       = module.config.server_url
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer; point `hostname` at it (an alias record is created when `route53_zone_id` is set)."
  value       = aws_lb.this.dns_name
}

output "load_balancer_zone_id" {
  description = "Route 53 zone ID of the load balancer, for alias records."
  value       = aws_lb.this.zone_id
}

output "load_balancer_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_names" {
  description = "Names of the two ECS services of the server: `migrating` (the single task that migrates the database at startup, deployed first) and `server` (the other tasks, which never migrate)."
  value = {
    migrating = aws_ecs_service.migrating.name
    server    = aws_ecs_service.server.name
  }
}

output "task_definition_arns" {
  description = "ARNs (with revision) of the task definitions: `migrating` and `server`."
  value       = { for name, definition in aws_ecs_task_definition.this : name => definition.arn }
}

output "task_role_arn" {
  description = "ARN of the server's task role (its AWS identity, used by the AWS secrets store)."
  value       = aws_iam_role.task.arn
}

output "execution_role_arn" {
  description = "ARN of the task execution role, which pulls the image and reads the server's secrets. Give it to ZenML to be granted pull access to the Pro server image in ZenML's ECR."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the server containers."
  value       = aws_cloudwatch_log_group.server.name
}

output "enrollment_key_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the enrollment key."
  value       = local.enrollment_key_secret_arn
}

output "jwt_secret_key_secret_arn" {
  description = "ARN of the secret holding the key that signs the server's session tokens."
  value       = local.jwt_secret_key_secret_arn
}

output "secrets_store_encryption_key_secret_arn" {
  description = "ARN of the secret holding the sql secrets store's encryption key (null with the aws secrets store). Back it up: losing it makes stored secrets unreadable."
  value       = local.encryption_key_secret_arn
}

output "database_address" {
  description = "Private DNS name of the database."
  value       = module.database.address
}

output "database_port" {
  description = "Port of the database."
  value       = module.database.port
}

output "database_name" {
  description = "Name of the ZenML database."
  value       = var.db_name
}

output "database_identifier" {
  description = "RDS identifier of the database."
  value       = module.database.identifier
}

output "database_master_user_secret_arn" {
  description = "ARN of the RDS-managed secret holding the database master user's credentials (JSON with `username` and `password`)."
  value       = module.database.master_user_secret_arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the database, the secrets and the logs."
  value       = local.kms_key_arn
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (server tasks, database)."
  value       = local.private_subnet_ids
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (load balancer, NAT gateways)."
  value       = local.public_subnet_ids
}

output "security_group_ids" {
  description = "IDs of the three security groups: `alb`, `service` (server tasks) and `database`."
  value = {
    alb      = aws_security_group.alb.id
    service  = aws_security_group.service.id
    database = module.database.security_group_id
  }
}
