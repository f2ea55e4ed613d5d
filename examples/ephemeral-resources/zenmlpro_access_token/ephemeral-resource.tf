# A short-lived token, obtained at each run and never stored in the plan or state, configures the
# ZenML provider of a workspace (zenml-io/zenml), which manages stacks and components on the
# workspace's own server.
terraform {
  required_version = ">= 1.11"
  required_providers {
    zenmlpro = { source = "zenml-io/zenmlpro" }
    zenml    = { source = "zenml-io/zenml" }
  }
}

resource "zenmlpro_workspace" "prod" {
  name = "ml-platform-prod"
}

# Exchanges the zenmlpro provider's own API key. Set api_key to exchange another key instead.
ephemeral "zenmlpro_access_token" "prod" {}

provider "zenml" {
  server_url = zenmlpro_workspace.prod.server_url
  api_token  = ephemeral.zenmlpro_access_token.prod.token
}
