# A binding is imported by its id: "<role_id>/<subject kind>:<subject id>[/<workspace_id>[/<project_id>]]",
# with subject kinds user, team, invitation and service_account. The scope parts follow the role's
# level: none for an organization role, the workspace for a workspace role, both for a project role.

# Organization scope (a team)
terraform import zenmlpro_role_binding.ml_engineers_members \
  1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b/team:9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f

# Workspace scope (a service account)
terraform import zenmlpro_role_binding.ci_developer \
  6ba7b810-9dad-41d1-80b4-00c04fd430c8/service_account:7c9e6679-7425-40de-944b-e07fc1f90ae7/123e4567-e89b-12d3-a456-426614174000

# Project scope (a user)
terraform import zenmlpro_role_binding.auditor_viewer \
  f47ac10b-58cc-4372-a567-0e02b2c3d479/user:0e4f9a3c-1b2d-4c5e-8f70-9a1b2c3d4e5f/123e4567-e89b-12d3-a456-426614174000/5b0f3c1e-8d2a-4f7b-9c6d-2e1a0b9c8d7e
