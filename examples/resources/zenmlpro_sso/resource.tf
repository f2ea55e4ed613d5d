# Single sign-on through an OpenID Connect client registered at the identity provider (here Okta).
# Register the client with the redirect URI this resource reports (output below), then apply.
variable "oidc_client_secret" {
  description = "The OIDC client's secret, from the identity provider (for example TF_VAR_oidc_client_secret)."
  type        = string
  sensitive   = true
  ephemeral   = true # Terraform 1.10+: never stored in the plan or state either
}

# The built-in role that users created just in time receive.
data "zenmlpro_role" "member" {
  name = "Organization Member"
}

resource "zenmlpro_sso" "okta" {
  issuer_url = "https://acme.okta.com/oauth2/default"
  client_id  = "0oa1b2c3d4e5f6g7h8i9"

  # Write-only: sent to the API, never stored in the plan or state. Bump the version to send a
  # new secret (the secret alone changing is not noticed by Terraform; the provider warns).
  client_secret_wo         = var.oidc_client_secret
  client_secret_wo_version = 1

  scopes  = ["openid", "email", "profile", "groups"]
  domains = ["acme.example.com"]

  # Users who sign in for the first time are created at once, as Organization Members.
  jit_provisioning = true
  default_role_id  = data.zenmlpro_role.member.id

  # Turn password logins off only after someone has signed in through SSO successfully.
  enforce_sso = false
}

output "sso_redirect_uri" {
  description = "Register this redirect URI at the identity provider."
  value       = zenmlpro_sso.okta.redirect_uri
}
