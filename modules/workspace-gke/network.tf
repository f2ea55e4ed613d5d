# A VPC network with one subnet (nodes, plus secondary ranges for pods and
# services), Cloud NAT for the server's outbound calls to the control plane,
# and private services access for Cloud SQL's private IP.

resource "google_compute_network" "this" {
  count = var.create_network ? 1 : 0

  project                 = var.project_id
  name                    = "${local.name}-vpc"
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"

  depends_on = [google_project_service.this]
}

resource "google_compute_subnetwork" "this" {
  count = var.create_network ? 1 : 0

  project                  = var.project_id
  name                     = "${local.name}-nodes"
  region                   = var.region
  network                  = google_compute_network.this[0].id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.pods_cidr
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.services_cidr
  }

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "this" {
  count = var.create_network ? 1 : 0

  project = var.project_id
  name    = "${local.name}-router"
  region  = var.region
  network = google_compute_network.this[0].id
}

resource "google_compute_router_nat" "this" {
  count = var.create_network ? 1 : 0

  project                            = var.project_id
  name                               = "${local.name}-nat"
  region                             = var.region
  router                             = google_compute_router.this[0].name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

data "google_compute_network" "existing" {
  count = var.create_network ? 0 : 1

  project = var.project_id
  name    = var.network_name
}

data "google_compute_subnetwork" "existing" {
  count = var.create_network ? 0 : 1

  project = var.project_id
  region  = var.region
  name    = var.subnetwork_name
}

locals {
  network_id          = var.create_network ? google_compute_network.this[0].id : data.google_compute_network.existing[0].id
  network_name        = var.create_network ? google_compute_network.this[0].name : data.google_compute_network.existing[0].name
  subnetwork_id       = var.create_network ? google_compute_subnetwork.this[0].id : data.google_compute_subnetwork.existing[0].id
  pods_range_name     = var.create_network ? "pods" : var.pods_range_name
  services_range_name = var.create_network ? "services" : var.services_range_name
}

resource "google_compute_global_address" "private_services" {
  count = var.create_private_service_access ? 1 : 0

  project       = var.project_id
  name          = "${local.name}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = local.network_id
}

resource "google_service_networking_connection" "this" {
  count = var.create_private_service_access ? 1 : 0

  network                 = local.network_id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services[0].name]
  # Cloud SQL releases the peering only some time after an instance is
  # deleted; abandon it instead of failing the destroy.
  deletion_policy = "ABANDON"
}
