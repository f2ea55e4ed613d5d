# The SSO configuration is imported by the id of its organization. The client secret cannot be
# read back: client_secret_wo_version is null after the import, so the first apply that sets it
# sends the configured client_secret_wo (an in-place update); later, bump the version to rotate.
terraform import zenmlpro_sso.okta 123e4567-e89b-12d3-a456-426614174000
