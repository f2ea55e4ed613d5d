# By name, in the provider's default organization.
data "zenmlpro_workspace" "prod" {
  name = "ml-platform-prod"
}

output "prod_server" {
  value = {
    status     = data.zenmlpro_workspace.prod.status
    server_url = data.zenmlpro_workspace.prod.server_url
    dashboard  = data.zenmlpro_workspace.prod.dashboard_url
  }
}
