# Three groups of the identity provider, each a team of ZenML Pro with the workspace role the group
# needs. The members are email addresses, as the identity provider lists them (put its export, or
# its Terraform provider's group data source, where the lists are): an address of a user of the
# organization is that user's membership, and any other address is invited, so that the person is
# in the team from their first sign-in.
locals {
  identity_provider_groups = {
    "ml-platform" = {
      description    = "Runs the ML platform."
      workspace_role = "Workspace Admin"
      members        = ["ann@example.com", "dana@example.com"]
    }
    "data-science" = {
      description    = "Builds and trains the models."
      workspace_role = "Workspace Developer"
      members        = ["bob@example.com", "dana@example.com", "erin@example.com"]
    }
    "analytics" = {
      description    = "Reviews pipeline runs and model metrics."
      workspace_role = "Workspace Viewer"
      members        = ["cy@example.com", "finn@example.com"]
    }
  }
}

data "zenmlpro_workspace" "production" {
  name = "production"
}

data "zenmlpro_role" "workspace" {
  for_each = toset([for group in local.identity_provider_groups : group.workspace_role])
  name     = each.key
  level    = "workspace"
}

resource "zenmlpro_team" "group" {
  for_each    = local.identity_provider_groups
  name        = each.key
  description = each.value.description
}

# Each team's complete member list: an address that leaves the group leaves the team, and an
# invitation sent for it that is still pending is revoked.
resource "zenmlpro_team_members" "group" {
  for_each = local.identity_provider_groups
  team_id  = zenmlpro_team.group[each.key].id
  emails   = each.value.members
}

# The team's role in the workspace: members, and invitees once they accept, hold it through the team.
resource "zenmlpro_role_binding" "group" {
  for_each     = local.identity_provider_groups
  role_id      = data.zenmlpro_role.workspace[each.value.workspace_role].id
  team_id      = zenmlpro_team.group[each.key].id
  workspace_id = data.zenmlpro_workspace.production.id
}
