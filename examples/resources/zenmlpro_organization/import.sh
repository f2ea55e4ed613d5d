# An organization is imported by its id or by its name.
terraform import zenmlpro_organization.platform 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_organization.platform acme-ml-platform
