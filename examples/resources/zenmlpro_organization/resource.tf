# On a self-hosted control plane (or the mock), Terraform can create the organization.
resource "zenmlpro_organization" "platform" {
  name            = "acme-ml-platform"
  description     = "Machine-learning platform of ACME Corp."
  trusted_domains = ["acme.example.com"]

  # Terraform refuses to destroy the organization until this is set to false and applied.
  deletion_protection = true
}

# On the SaaS control plane an organization is created by signing up; adopt it into Terraform
# with an import block, then manage its description and trusted domains as code. It is protected
# like any other (deletion_protection defaults to true); to stop managing it, replace its resource
# block with  removed { from = zenmlpro_organization.saas  lifecycle { destroy = false } }.
import {
  to = zenmlpro_organization.saas
  id = "acme" # the organization's name or id
}

resource "zenmlpro_organization" "saas" {
  name            = "acme"
  trusted_domains = ["acme.example.com"]
}
