# Cloud SQL for MySQL 8 with a private IP only, TLS required, daily backups,
# point-in-time recovery and deletion protection. The password is generated
# by an ephemeral resource and written with write-only arguments to the
# database user and to Secret Manager: it is never stored in state.

# Instance names cannot be reused for a week after deletion.
resource "random_id" "database_suffix" {
  byte_length = 3
}

ephemeral "random_password" "database" {
  length  = 32
  special = false
}

resource "google_sql_database_instance" "this" {
  project             = var.project_id
  name                = "${local.name}-${random_id.database_suffix.hex}"
  region              = var.region
  database_version    = var.db_version
  deletion_protection = var.db_deletion_protection
  encryption_key_name = var.db_encryption_key_name

  settings {
    tier                        = var.db_tier
    edition                     = "ENTERPRISE"
    availability_type           = var.db_high_availability ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = var.db_disk_size_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.db_deletion_protection
    user_labels                 = local.labels

    # trivy:ignore:AVD-GCP-0015 ssl_mode = ENCRYPTED_ONLY refuses every unencrypted connection; the check only knows require_ssl, which ssl_mode replaces.
    ip_configuration {
      ipv4_enabled    = false
      private_network = local.network_id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      binary_log_enabled             = true
      start_time                     = var.db_backup_start_time
      transaction_log_retention_days = var.db_transaction_log_retention_days

      backup_retention_settings {
        retained_backups = var.db_backup_retention_count
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }
  }

  depends_on = [google_service_networking_connection.this]
}

resource "google_sql_database" "zenml" {
  project  = var.project_id
  name     = var.db_name
  instance = google_sql_database_instance.this.name
  charset  = "utf8mb4"
}

resource "google_sql_user" "zenml" {
  project             = var.project_id
  name                = var.db_username
  instance            = google_sql_database_instance.this.name
  host                = "%"
  password_wo         = ephemeral.random_password.database.result
  password_wo_version = var.db_password_version
}

resource "google_secret_manager_secret" "database_password" {
  project   = var.project_id
  secret_id = "${local.name}-db-password"
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.this]
}

resource "google_secret_manager_secret_version" "database_password" {
  secret                 = google_secret_manager_secret.database_password.id
  secret_data_wo         = ephemeral.random_password.database.result
  secret_data_wo_version = var.db_password_version
}
