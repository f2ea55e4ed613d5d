resource "zenmlpro_team" "data_scientists" {
  name = "data-scientists"
}

# A member named by email: it resolves, when the membership is created, to the organization's
# user with that address (or else to the pending invitation for it).
resource "zenmlpro_team_member" "cy" {
  team_id = zenmlpro_team.data_scientists.id
  email   = "cy@example.com"
}

# A member named by user id.
data "zenmlpro_user" "ann" {
  email = "ann@example.com"
}

resource "zenmlpro_team_member" "ann" {
  team_id = zenmlpro_team.data_scientists.id
  user_id = data.zenmlpro_user.ann.id
}

# Someone not in the organization yet: invite them, and make the invitation a member. When they
# accept, the membership becomes their user's, and this resource follows it without a change.
data "zenmlpro_role" "org_member" {
  name  = "Organization Member"
  level = "organization"
}

resource "zenmlpro_invitation" "dana" {
  email   = "dana@example.com"
  role_id = data.zenmlpro_role.org_member.id
}

resource "zenmlpro_team_member" "dana" {
  team_id       = zenmlpro_team.data_scientists.id
  invitation_id = zenmlpro_invitation.dana.id
}
