# Identity: a service account for CI with an API key that rotates on demand, and single sign-on
# for the organization through an OIDC identity provider.

variable "ci_key_rotation" {
  description = "Change this value (for example to \"2026-q2\") to rotate the CI pipeline's API key in place."
  type        = string
  default     = "2026-q1"
}

variable "sso_client_secret" {
  description = "The OIDC client secret issued by the identity provider. The default only suits the demo's mock control plane: pass the real one with TF_VAR_sso_client_secret."
  type        = string
  sensitive   = true
  ephemeral   = true # never written to the plan or state (the attribute it feeds is write-only)
  default     = "demo-oidc-client-secret"
}

resource "zenmlpro_service_account" "ci" {
  name        = "ci-pipeline"
  description = "Runs the training pipelines from CI."
}

resource "zenmlpro_api_key" "ci" {
  service_account_id = zenmlpro_service_account.ci.id
  name               = "ci-runner"
  description        = "Stored in the CI system's secret store."

  rotation_triggers = {
    rotation = var.ci_key_rotation
  }
  # After a rotation the previous key keeps working for an hour, while CI picks up the new one.
  retain_previous_minutes = 60
}

resource "zenmlpro_sso" "corporate" {
  issuer_url = "https://login.example.com/oauth2/default"
  client_id  = "zenml-pro-demo"

  client_secret_wo         = var.sso_client_secret
  client_secret_wo_version = 1 # bump to send a new secret

  domains          = ["example.com"]
  jit_provisioning = true
}

output "identity" {
  description = "The CI service account and the SSO settings to register at the identity provider (no secrets: the key is in zenmlpro_api_key.ci.key, sensitive)."
  value = {
    ci_service_account = zenmlpro_service_account.ci.name
    ci_api_key_id      = zenmlpro_api_key.ci.id
    ci_api_key_rotated = zenmlpro_api_key.ci.last_rotated
    sso_redirect_uri   = zenmlpro_sso.corporate.redirect_uri
    sso_domains        = zenmlpro_sso.corporate.domains
    sso_secret_set     = zenmlpro_sso.corporate.client_secret_set
  }
}
