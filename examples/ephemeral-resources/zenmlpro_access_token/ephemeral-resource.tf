# A short-lived token, obtained at each run and never stored in the plan or state, configures a
# second zenmlpro provider: what it manages is managed on a credential that expires within the
# hour. Here the token is exchanged for the provider's own key; set api_key to exchange another
# one, such as the key of a service account with fewer rights, from an ephemeral variable.
terraform {
  required_version = ">= 1.11"
  required_providers {
    zenmlpro = { source = "zenml-io/zenmlpro" }
  }
}

ephemeral "zenmlpro_access_token" "short_lived" {}

provider "zenmlpro" {
  alias        = "short_lived"
  access_token = ephemeral.zenmlpro_access_token.short_lived.token
  # api_url and organization_id as for the default provider block (here, both from the
  # environment: ZENML_PRO_API_URL and ZENML_PRO_ORGANIZATION_ID).
}

resource "zenmlpro_team" "release_managers" {
  provider = zenmlpro.short_lived
  name     = "release-managers"
}

# The same token configures the ZenML provider of a workspace's server (zenml-io/zenml):
#
#   provider "zenml" {
#     server_url = zenmlpro_workspace.prod.server_url
#     api_token  = ephemeral.zenmlpro_access_token.short_lived.token
#   }
