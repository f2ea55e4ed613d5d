# A custom role is imported by its id, or by "<organization name or id>/<role name>".
# Built-in roles (system_managed) cannot be imported: refer to them with the zenmlpro_role data source.
terraform import zenmlpro_role.pipeline_operator 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_role.pipeline_operator "acme/Pipeline Operator"
