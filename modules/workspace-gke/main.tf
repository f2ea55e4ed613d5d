data "google_project" "this" {
  project_id = var.project_id
}

locals {
  name = "${var.name_prefix}-zenml"
  labels = merge(var.labels, {
    "managed-by" = "terraform"
  })

  # The ZenML chart runs the server under this service account and its
  # database migration hook under `<name>-db-migration`; both get the
  # secrets-store identity.
  service_account_names = [
    var.kubernetes_service_account_name,
    "${var.kubernetes_service_account_name}-db-migration",
  ]

  apis = toset([
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "secretmanager.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
  ])
}

resource "google_project_service" "this" {
  for_each = var.enable_apis ? local.apis : toset([])

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}
