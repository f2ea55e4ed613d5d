# A service account for the CI system that runs the pipelines, with an API key it logs in with.
resource "zenmlpro_service_account" "ci" {
  name        = "ci-pipeline"
  description = "GitHub Actions of the training repository."
}

resource "zenmlpro_api_key" "ci" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "github-actions"
}

# Temporarily lock a service account out (all its keys are refused) without deleting it.
resource "zenmlpro_service_account" "legacy" {
  name   = "legacy-scheduler"
  active = false
}
