resource "zenmlpro_team" "ml_engineers" {
  name = "ml-engineers"
}

data "zenmlpro_user" "member" {
  for_each = toset(["ann@example.com", "bob@example.com"])
  email    = each.key
}

# The complete member list: anyone added to the team outside Terraform is removed on the next apply.
resource "zenmlpro_team_members" "ml_engineers" {
  team_id  = zenmlpro_team.ml_engineers.id
  user_ids = [for u in data.zenmlpro_user.member : u.id]
}
