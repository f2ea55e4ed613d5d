# A hybrid workspace: its server runs in your own infrastructure and enrolls with the key this
# resource returns. Feed id, name and enrollment_key to a companion module (see the guide
# "Enrolling a hybrid workspace").
resource "zenmlpro_workspace" "prod" {
  name         = "ml-platform-prod"
  display_name = "ML platform (production)"
  description  = "Owned by the platform team."

  # Bump to rotate the enrollment key in place (then redeploy the server with the new key).
  enrollment_key_version = 1
}

# A ZenML-managed workspace; apply waits until it is available.
resource "zenmlpro_workspace" "sandbox" {
  name          = "sandbox"
  hosting       = "managed"
  zenml_version = "0.90.0"

  timeouts {
    create = "45m"
  }
}

# Temporarily switch a workspace off without deleting it.
resource "zenmlpro_workspace" "archive" {
  name   = "ml-archive"
  active = false
}

output "enrollment" {
  description = "What the hybrid server needs to enroll."
  sensitive   = true
  value = {
    workspace_id   = zenmlpro_workspace.prod.id
    workspace_name = zenmlpro_workspace.prod.name
    enrollment_key = zenmlpro_workspace.prod.enrollment_key
  }
}
