output "address" {
  description = "Private DNS name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the instance (3306)."
  value       = aws_db_instance.this.port
}

output "identifier" {
  description = "RDS identifier of the instance (`<name>-db`)."
  value       = aws_db_instance.this.identifier
}

output "database_name" {
  description = "Name of the database created in the instance."
  value       = aws_db_instance.this.db_name
}

output "username" {
  description = "Master user name."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed Secrets Manager secret holding the master user's credentials (JSON with `username` and `password`)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "ID of the instance's security group."
  value       = aws_security_group.this.id
}

# The resources, for assertions on their settings in the callers' tests.
output "instance" {
  description = "The `aws_db_instance` resource. Sensitive: its schema marks the (unset) `password` attribute sensitive."
  value       = aws_db_instance.this
  sensitive   = true
}

output "security_group" {
  description = "The instance's `aws_security_group` resource."
  value       = aws_security_group.this
}

output "ingress_rules" {
  description = "The `aws_vpc_security_group_ingress_rule` resources admitting MySQL, by the keys of `allowed_security_groups`."
  value       = aws_vpc_security_group_ingress_rule.mysql
}

output "subnet_group" {
  description = "The `aws_db_subnet_group` resource."
  value       = aws_db_subnet_group.this
}

output "parameter_group" {
  description = "The `aws_db_parameter_group` resource (TLS required)."
  value       = aws_db_parameter_group.this
}

output "log_groups" {
  description = "The `aws_cloudwatch_log_group` resources the instance exports its `error` and `slowquery` logs to, by log type."
  value       = aws_cloudwatch_log_group.this
}
