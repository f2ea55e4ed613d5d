# A service account is imported by its id, or by "<organization name or id>/<service account name>".
terraform import zenmlpro_service_account.ci 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_service_account.ci acme/ci-pipeline
