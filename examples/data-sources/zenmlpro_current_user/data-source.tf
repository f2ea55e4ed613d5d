# Who is Terraform acting as? Useful to check that CI runs with the intended service account.
data "zenmlpro_current_user" "me" {}

check "runs_as_service_account" {
  assert {
    condition     = data.zenmlpro_current_user.me.is_service_account
    error_message = "Terraform should run with a service-account API key, not a personal token."
  }
}
