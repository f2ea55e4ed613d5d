# A user by email (or by username), for example to put them in a team.
data "zenmlpro_user" "ann" {
  email = "ann@example.com"
}

output "ann" {
  value = {
    id        = data.zenmlpro_user.ann.id
    username  = data.zenmlpro_user.ann.username
    is_active = data.zenmlpro_user.ann.is_active
  }
}
