output "vpc_id" {
  description = "ID of the VPC (created or given)."
  value       = var.create_vpc ? aws_vpc.this[0].id : var.vpc_id
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (created or given), one per zone."
  value       = var.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (created or given)."
  value       = var.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids
}

output "private_subnet_cidrs" {
  description = "IPv4 ranges of the private subnets, in the order of `private_subnet_ids`."
  value       = var.create_vpc ? aws_subnet.private[*].cidr_block : [for id in var.private_subnet_ids : data.aws_subnet.given_private[id].cidr_block]
}

output "public_subnet_cidrs" {
  description = "IPv4 ranges of the public subnets, in the order of `public_subnet_ids`."
  value       = var.create_vpc ? aws_subnet.public[*].cidr_block : [for id in var.public_subnet_ids : data.aws_subnet.given_public[id].cidr_block]
}

output "flow_log" {
  description = "The created flow log (`vpc_id`, `traffic_type`, `log_destination_type`, `log_destination`, `iam_role_arn`), null with an existing VPC or without flow logs."
  value = one([
    for flow_log in aws_flow_log.this : {
      vpc_id               = flow_log.vpc_id
      traffic_type         = flow_log.traffic_type
      log_destination_type = flow_log.log_destination_type
      log_destination      = flow_log.log_destination
      iam_role_arn         = flow_log.iam_role_arn
    }
  ])
}

output "flow_log_group" {
  description = "The flow logs' `aws_cloudwatch_log_group` resource, null without flow logs."
  value       = one(aws_cloudwatch_log_group.flow_logs)
}

output "nat_gateway_ids" {
  description = "IDs of the created NAT gateways (empty with an existing VPC)."
  value       = aws_nat_gateway.this[*].id
}

# The created resources, for assertions on their settings in the callers'
# tests (empty with an existing VPC).
output "vpc" {
  description = "The created `aws_vpc` resource, null with an existing VPC."
  value       = one(aws_vpc.this)
}

output "private_subnets" {
  description = "The created private `aws_subnet` resources, in zone order (empty with an existing VPC)."
  value       = aws_subnet.private
}

output "public_subnets" {
  description = "The created public `aws_subnet` resources, in zone order (empty with an existing VPC)."
  value       = aws_subnet.public
}

output "default_security_group" {
  description = "The created VPC's `aws_default_security_group` resource (stripped of all rules), null with an existing VPC."
  value       = one(aws_default_security_group.this)
}
