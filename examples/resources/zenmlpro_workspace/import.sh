# A workspace is imported by its id, or by "<organization name or id>/<workspace name>".
# The enrollment key cannot be read back: after an import it is null, unknown to Terraform, until
# the next rotation. The first enrollment_key_version set on an imported workspace is recorded
# without rotating (its running server keeps its key); changing it afterwards rotates the key.
terraform import zenmlpro_workspace.prod 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_workspace.prod acme/ml-platform-prod
