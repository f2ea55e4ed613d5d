# A private GKE cluster: Autopilot by default, or Standard with a regional,
# autoscaled node pool. Nodes have no public IP; Workload Identity is on.

locals {
  cluster_private_config = {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_ipv4_cidr_block
  }
}

resource "google_container_cluster" "autopilot" {
  count = var.cluster_mode == "autopilot" ? 1 : 0

  project          = var.project_id
  name             = local.name
  location         = var.region
  enable_autopilot = true

  network    = local.network_id
  subnetwork = local.subnetwork_id

  ip_allocation_policy {
    cluster_secondary_range_name  = local.pods_range_name
    services_secondary_range_name = local.services_range_name
  }

  private_cluster_config {
    enable_private_nodes    = local.cluster_private_config.enable_private_nodes
    enable_private_endpoint = local.cluster_private_config.enable_private_endpoint
    master_ipv4_cidr_block  = local.cluster_private_config.master_ipv4_cidr_block
  }

  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = false

    dynamic "cidr_blocks" {
      for_each = var.master_authorized_networks

      content {
        cidr_block   = cidr_blocks.value.cidr_block
        display_name = cidr_blocks.value.display_name
      }
    }
  }

  release_channel {
    channel = var.release_channel
  }

  # Autopilot's nodes run as the minimal service account below, not as the
  # Compute Engine default service account (Editor on the project).
  cluster_autoscaling {
    auto_provisioning_defaults {
      service_account = google_service_account.nodes.email
      oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    }
  }

  deletion_protection = var.cluster_deletion_protection
  resource_labels     = local.labels

  depends_on = [google_project_service.this, google_project_iam_member.nodes]
}

resource "google_service_account" "nodes" {
  project      = var.project_id
  account_id   = "${local.name}-nodes"
  display_name = "GKE nodes of ${local.name}"
}

# The minimum a node needs (logs, metrics, image pulls), instead of the
# default compute service account's Editor role.
resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
  ])

  project = var.project_id
  role    = each.value
  member  = google_service_account.nodes.member
}

resource "google_container_cluster" "standard" {
  count = var.cluster_mode == "standard" ? 1 : 0

  project  = var.project_id
  name     = local.name
  location = var.region

  # The node pool below replaces the default one.
  remove_default_node_pool = true
  initial_node_count       = 1

  network         = local.network_id
  subnetwork      = local.subnetwork_id
  networking_mode = "VPC_NATIVE"

  ip_allocation_policy {
    cluster_secondary_range_name  = local.pods_range_name
    services_secondary_range_name = local.services_range_name
  }

  private_cluster_config {
    enable_private_nodes    = local.cluster_private_config.enable_private_nodes
    enable_private_endpoint = local.cluster_private_config.enable_private_endpoint
    master_ipv4_cidr_block  = local.cluster_private_config.master_ipv4_cidr_block
  }

  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = false

    dynamic "cidr_blocks" {
      for_each = var.master_authorized_networks

      content {
        cidr_block   = cidr_blocks.value.cidr_block
        display_name = cidr_blocks.value.display_name
      }
    }
  }

  workload_identity_config {
    workload_pool = "${var.project_id}.svc.id.goog"
  }

  enable_shielded_nodes = true

  release_channel {
    channel = var.release_channel
  }

  deletion_protection = var.cluster_deletion_protection
  resource_labels     = local.labels

  depends_on = [google_project_service.this]
}

resource "google_container_node_pool" "this" {
  count = var.cluster_mode == "standard" ? 1 : 0

  project     = var.project_id
  name_prefix = "${local.name}-"
  cluster     = google_container_cluster.standard[0].id
  location    = var.region

  autoscaling {
    min_node_count = var.node_min_count
    max_node_count = var.node_max_count
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  upgrade_settings {
    max_surge       = 1
    max_unavailable = 0
  }

  node_config {
    machine_type    = var.node_machine_type
    disk_type       = "pd-balanced"
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = local.labels

    # Pods see the GKE metadata server (Workload Identity), never the node's
    # credentials.
    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }

    metadata = {
      disable-legacy-endpoints = "true"
    }
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_project_iam_member.nodes]
}

locals {
  cluster = var.cluster_mode == "autopilot" ? google_container_cluster.autopilot[0] : google_container_cluster.standard[0]
}
