# The provider's default organization.
data "zenmlpro_organization" "current" {}

# Another organization, by name (or by id).
data "zenmlpro_organization" "research" {
  name = "acme-research"
}

output "organization" {
  value = {
    id   = data.zenmlpro_organization.current.id
    name = data.zenmlpro_organization.current.name
  }
}
