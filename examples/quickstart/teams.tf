# Access: two teams and an invitation. The ML engineers' member list is authoritative (anyone
# added outside Terraform is removed on the next apply); the data scientists' team gets one
# member by email. The mock control plane of `make demo` seeds ann, bob and cy as members. The
# built-in "Organization Member" role (data.zenmlpro_role.org_member) is looked up in roles.tf.

data "zenmlpro_user" "ml_engineer" {
  for_each = toset(["ann@example.com", "bob@example.com"])
  email    = each.key
}

resource "zenmlpro_team" "ml_engineers" {
  name        = "ml-engineers"
  description = "Builds and runs the training pipelines."
}

resource "zenmlpro_team_members" "ml_engineers" {
  team_id  = zenmlpro_team.ml_engineers.id
  user_ids = [for u in data.zenmlpro_user.ml_engineer : u.id]
}

resource "zenmlpro_team" "data_scientists" {
  name        = "data-scientists"
  description = "Explores data and trains models in notebooks."
}

resource "zenmlpro_team_member" "cy" {
  team_id = zenmlpro_team.data_scientists.id
  email   = "cy@example.com"
}

# A newcomer: pending until they accept the email the control plane sends.
resource "zenmlpro_invitation" "dana" {
  email   = "dana@example.com"
  role_id = data.zenmlpro_role.org_member.id
}

output "teams" {
  description = "The teams' ids."
  value = {
    (zenmlpro_team.ml_engineers.name)    = zenmlpro_team.ml_engineers.id
    (zenmlpro_team.data_scientists.name) = zenmlpro_team.data_scientists.id
  }
}

output "invitation_status" {
  description = "Where the invitation stands: pending, accepted or expired."
  value       = { (zenmlpro_invitation.dana.email) = zenmlpro_invitation.dana.status }
}
