# Every workspace of the organization whose server has not enrolled yet.
data "zenmlpro_workspaces" "waiting" {
  status = "not_initialized"
}

# Every workspace of one business unit, by naming convention.
data "zenmlpro_workspaces" "research" {
  name_prefix = "research-"
}

output "waiting_for_enrollment" {
  value = [for w in data.zenmlpro_workspaces.waiting.workspaces : w.name]
}
