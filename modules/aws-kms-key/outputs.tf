output "arn" {
  description = "ARN of the key."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "ID of the key."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "Name of the key's alias (`alias/<name>`)."
  value       = aws_kms_alias.this.name
}

output "key" {
  description = "The `aws_kms_key` resource, for assertions on its settings (rotation, deletion window, policy) in the callers' tests."
  value       = aws_kms_key.this
}
