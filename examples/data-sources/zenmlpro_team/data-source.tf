# A team by name, in the provider's default organization (or by id).
data "zenmlpro_team" "platform" {
  name = "platform-admins"
}

output "platform_admins" {
  value = {
    id       = data.zenmlpro_team.platform.id
    members  = data.zenmlpro_team.platform.member_count
    user_ids = data.zenmlpro_team.platform.user_ids
  }
}
