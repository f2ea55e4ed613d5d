# The server's Google identity for the Secret Manager secrets store, bound to
# the server's Kubernetes service account (created by workspace-server-helm;
# the server pods and the database migration run under it) through Workload
# Identity. It may
# manage the secrets ZenML creates (named `zenml-...`) and list secret
# metadata, nothing else.

resource "google_service_account" "server" {
  project      = var.project_id
  account_id   = "${local.name}-server"
  display_name = "ZenML workspace server ${local.name}"
}

resource "google_project_iam_member" "server_secrets" {
  project = var.project_id
  role    = "roles/secretmanager.admin"
  member  = google_service_account.server.member

  condition {
    title       = "zenml-secrets-only"
    description = "Only the secrets of the ZenML secrets store"
    expression  = "resource.name.startsWith(\"projects/${data.google_project.this.number}/secrets/zenml-\")"
  }
}

# Listing cannot be limited by name; the viewer role reads metadata only.
resource "google_project_iam_member" "server_secrets_list" {
  project = var.project_id
  role    = "roles/secretmanager.viewer"
  member  = google_service_account.server.member
}

resource "google_service_account_iam_member" "workload_identity" {
  service_account_id = google_service_account.server.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project_id}.svc.id.goog[${var.kubernetes_namespace}/${var.kubernetes_service_account_name}]"

  # The workload identity pool exists once the cluster does.
  depends_on = [google_container_cluster.autopilot, google_container_cluster.standard]
}

# Earlier versions bound the server's and the chart's migration service
# accounts by name; the default name's binding is kept.
moved {
  from = google_service_account_iam_member.workload_identity["zenml"]
  to   = google_service_account_iam_member.workload_identity
}
