# A hybrid ZenML Pro workspace whose server runs on GKE in your Google Cloud
# project: the workspace is declared in the control plane, workspace-gke builds
# the cluster and Cloud SQL, workspace-server-helm installs the ZenML chart
# behind a GKE Ingress with a Google-managed certificate.

provider "google" {
  project = var.project_id
  region  = var.region
}

# Credentials from ZENML_PRO_API_KEY (and ZENML_PRO_API_URL for a self-hosted
# control plane), the organization from ZENML_PRO_ORGANIZATION_ID.
provider "zenmlpro" {}

# Terraform's own Google credentials reach the cluster (it must run from a
# range in admin_cidrs).
data "google_client_config" "current" {}

provider "kubernetes" {
  host                   = module.platform.cluster_endpoint
  cluster_ca_certificate = base64decode(module.platform.cluster_ca_certificate)
  token                  = data.google_client_config.current.access_token
}

provider "helm" {
  kubernetes = {
    host                   = module.platform.cluster_endpoint
    cluster_ca_certificate = base64decode(module.platform.cluster_ca_certificate)
    token                  = data.google_client_config.current.access_token
  }
}

data "zenmlpro_organization" "this" {}

resource "zenmlpro_workspace" "this" {
  name         = var.workspace_name
  display_name = var.workspace_display_name
  hosting      = "hybrid"

  enrollment_key_version = var.enrollment_key_version
}

module "platform" {
  source = "../../modules/workspace-gke"

  project_id  = var.project_id
  region      = var.region
  name_prefix = var.name_prefix
  labels      = var.labels

  master_authorized_networks = [
    for cidr in var.admin_cidrs : { cidr_block = cidr, display_name = "admin ${cidr}" }
  ]

  cluster_deletion_protection = var.protect_data
  db_deletion_protection      = var.protect_data
}

# The load balancer's address and certificate: point `hostname` at the
# address; Google provisions the certificate once DNS resolves.
resource "google_compute_global_address" "ingress" {
  name = "${var.name_prefix}-zenml-ingress"
}

resource "google_compute_managed_ssl_certificate" "ingress" {
  name = "${var.name_prefix}-zenml"

  managed {
    domains = [var.hostname]
  }
}

# The database password, read at apply time and written to a Kubernetes
# secret write-only: it is in neither state nor plan.
ephemeral "google_secret_manager_secret_version" "database" {
  secret = module.platform.database_password_secret_id
}

module "zenml_server" {
  source = "../../modules/workspace-server-helm"

  chart_repository = var.zenml_chart_repository
  chart_version    = var.zenml_version

  # The server's settings, as workspace-server-config documents them. The
  # image defaults to ZenML's Pro server image in ZenML's Artifact Registry,
  # which the nodes pull: ask ZenML to grant the node_service_account_email
  # output access.
  server = {
    workspace = {
      id   = zenmlpro_workspace.this.id
      name = zenmlpro_workspace.this.name
    }
    organization = {
      id   = data.zenmlpro_organization.this.id
      name = data.zenmlpro_organization.this.name
    }
    control_plane = var.control_plane
  }
  enrollment_key = zenmlpro_workspace.this.enrollment_key

  # Namespace, service account and its Workload Identity binding, secrets
  # store, database (with its CA) and the load balancer's ranges as the
  # trusted proxies.
  platform = module.platform.server_platform

  database_password         = ephemeral.google_secret_manager_secret_version.database.secret_data
  database_password_version = module.platform.database_password_version

  hostname = var.hostname
  ingress = {
    # GKE Ingress is selected by annotation, not by an IngressClass.
    class_name = ""
    annotations = {
      "kubernetes.io/ingress.class"                 = "gce"
      "kubernetes.io/ingress.global-static-ip-name" = google_compute_global_address.ingress.name
      "ingress.gcp.kubernetes.io/pre-shared-cert"   = google_compute_managed_ssl_certificate.ingress.name
      "kubernetes.io/ingress.allow-http"            = "false"
    }
  }
  tls = {
    terminated_upstream = true
  }
}
