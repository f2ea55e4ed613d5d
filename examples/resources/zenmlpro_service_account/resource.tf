# A service account for the CI system that runs the pipelines, with an API key it logs in with.
# It holds the built-in Organization Member role unless role_id names another.
resource "zenmlpro_service_account" "ci" {
  name        = "CI pipeline"
  username    = "ci-pipeline"
  description = "GitHub Actions of the training repository."
}

resource "zenmlpro_api_key" "ci" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "github-actions"
}

# A service account that manages the organization as code: it holds Organization Admin.
data "zenmlpro_role" "org_admin" {
  name  = "Organization Admin"
  level = "organization"
}

resource "zenmlpro_service_account" "terraform" {
  name        = "terraform"
  description = "Applies the platform repository's configuration."
  role_id     = data.zenmlpro_role.org_admin.id
}

# Temporarily lock a service account out (all its keys are refused) without deleting it.
resource "zenmlpro_service_account" "legacy" {
  name   = "legacy-scheduler"
  active = false
}
