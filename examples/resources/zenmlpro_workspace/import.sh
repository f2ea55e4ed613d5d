# A workspace is imported by its id, or by "<organization name or id>/<workspace name>".
# The enrollment key cannot be read back: after an import it is null until the next rotation
# (set or bump enrollment_key_version).
terraform import zenmlpro_workspace.prod 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_workspace.prod acme/ml-platform-prod
