# A service account made in the dashboard, looked up by username (in the provider's organization).
data "zenmlpro_service_account" "deployer" {
  username = "model-deployer"
}

# Give it an API key managed by Terraform.
resource "zenmlpro_api_key" "deployer" {
  service_account_id = data.zenmlpro_service_account.deployer.id
  name               = "terraform-managed"
}
