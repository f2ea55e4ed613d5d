data "zenmlpro_role" "org_member" {
  name  = "Organization Member"
  level = "organization"
}

# Invite a person into the provider's default organization.
resource "zenmlpro_invitation" "dana" {
  email   = "dana@example.com"
  role_id = data.zenmlpro_role.org_member.id
}

# A contractor: when this resource is destroyed after they accepted, they lose their membership too.
resource "zenmlpro_invitation" "contractor" {
  email                    = "sam@contractor.example.com"
  role_id                  = data.zenmlpro_role.org_member.id
  remove_member_on_destroy = true
}

output "invitations" {
  value = {
    for i in [zenmlpro_invitation.dana, zenmlpro_invitation.contractor] : i.email => {
      status  = i.status  # pending, accepted or expired
      user_id = i.user_id # set once accepted
    }
  }
}
