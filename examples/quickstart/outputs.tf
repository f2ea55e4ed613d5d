output "organization" {
  description = "The organization this configuration manages."
  value = {
    id   = data.zenmlpro_organization.current.id
    name = data.zenmlpro_organization.current.name
  }
}

output "acting_as" {
  description = "The identity of the provider's API key."
  value       = data.zenmlpro_current_user.me.username
}
