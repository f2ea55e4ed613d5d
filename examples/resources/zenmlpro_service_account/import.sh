# A service account is imported by its id (in the provider's organization), or by
# "<organization name or id>/<username>". Its role_id is read from the organization-level role it holds.
terraform import zenmlpro_service_account.ci 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_service_account.ci acme/ci-pipeline
