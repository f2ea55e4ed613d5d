# A team in the provider's default organization. Grant it roles with zenmlpro_role_binding and
# manage its members with zenmlpro_team_members (or zenmlpro_team_member).
resource "zenmlpro_team" "ml_engineers" {
  name        = "ml-engineers"
  description = "Builds and runs the training pipelines."
}

output "ml_engineers_team_id" {
  value = zenmlpro_team.ml_engineers.id
}
