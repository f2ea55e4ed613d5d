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
