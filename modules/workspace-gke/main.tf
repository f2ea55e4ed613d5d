data "google_project" "this" {
  project_id = var.project_id
}

locals {
  name = "${var.name_prefix}-zenml"
  labels = merge(var.labels, {
    "managed-by" = "terraform"
  })


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

locals {
  secrets_store = {
    type = "gcp"
    gcp  = { project_id = var.project_id }
  }

  # Cloud SQL signs each instance's server certificate with a CA of its own:
  # chaining to it identifies the instance. verify_server_cert (the host name
  # check) stays off, since the certificate does not name the private IP.
  database = {
    engine   = "mysql"
    host     = google_sql_database_instance.this.private_ip_address
    port     = 3306
    name     = google_sql_database.zenml.name
    username = google_sql_user.zenml.name
    tls = {
      enabled            = true
      verify_server_cert = false
      ca_certificate     = google_sql_database_instance.this.server_ca_cert[0].cert
    }
  }
}
