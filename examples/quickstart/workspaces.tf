# A hybrid workspace (its server would run in your own cloud: see examples/hybrid-aws-eks) and a
# ZenML-managed one, which apply waits for until it is available.
resource "zenmlpro_workspace" "hybrid" {
  name         = "ml-platform-prod"
  display_name = "ML platform (production)"
  description  = "Hybrid: the server and its database run in our own cloud account."

  # The demo destroys what it creates; keep deletion protection on in real configurations.
  deletion_protection = false
}

resource "zenmlpro_workspace" "managed" {
  name         = "sandbox"
  display_name = "Sandbox"
  hosting      = "managed"

  deletion_protection = false
}

output "workspaces" {
  description = "The workspaces and their status."
  value = {
    for w in [zenmlpro_workspace.hybrid, zenmlpro_workspace.managed] : w.name => {
      id        = w.id
      hosting   = w.hosting
      status    = w.status
      dashboard = w.dashboard_url
    }
  }
}

output "hybrid_enrollment_key" {
  description = "The enrollment key a hybrid server needs (sensitive: terraform output -raw hybrid_enrollment_key)."
  value       = zenmlpro_workspace.hybrid.enrollment_key
  sensitive   = true
}
