# An API key is imported by "<service_account_id>/<key_id>" (in the provider's organization), or by
# "<organization_id>/<service_account_id>/<key_id>". Its value cannot be read back: key is null after
# the import until the next rotation, and so is any output of it (terraform output -raw of it fails) —
# keep the key's consumers on the value they have. The first rotation_triggers (and a
# retain_previous_minutes other than the default) set on an imported key are recorded without
# rotating it; changing the triggers afterwards rotates it, and Terraform then holds the new value.
terraform import zenmlpro_api_key.ci 123e4567-e89b-12d3-a456-426614174000/9b2f6c1e-4d3a-4f8e-a1b2-c3d4e5f60718
