resource "zenmlpro_service_account" "ci" {
  name = "ci-pipeline"
}

variable "ci_key_generation" {
  description = "Change to rotate the CI key (for example each quarter: \"2026-q2\")."
  type        = string
  default     = "2026-q1"
}

# An API key that rotates in place whenever var.ci_key_generation changes: a new value is issued,
# and the previous one keeps working for two hours while CI picks up the new one.
resource "zenmlpro_api_key" "ci" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "github-actions"
  description        = "Used by the training repository's workflows."

  rotation_triggers = {
    generation = var.ci_key_generation
  }
  retain_previous_minutes = 120

  # Optional: the key stops working at this time (must lie in the future when it is created).
  expires_at = "2030-12-31T00:00:00Z"
}

# The key is sensitive and kept in state; hand it to the CI system's secret store, for example
# with a github_actions_secret resource, or read it with `terraform output -raw ci_api_key`.
output "ci_api_key" {
  value     = zenmlpro_api_key.ci.key
  sensitive = true
}
