# A hybrid ZenML Pro workspace whose server runs on AKS in your Azure
# subscription: the workspace is declared in the control plane, workspace-aks
# builds the cluster, MySQL Flexible Server and the Key Vault,
# workspace-server-helm installs the ZenML chart behind AKS's managed NGINX.
#
# Prerequisites where Terraform runs: the Azure CLI (logged in) and kubelogin
# (the cluster has no local accounts). In the cluster: cert-manager with the
# ClusterIssuer `cert_manager_cluster_issuer` (apply in two steps on a new
# cluster: `terraform apply -target=module.platform`, install cert-manager,
# then `terraform apply`).

provider "azurerm" {
  subscription_id = var.subscription_id
  features {}
}

# Credentials from ZENML_PRO_API_KEY (and ZENML_PRO_API_URL for a self-hosted
# control plane), the organization from ZENML_PRO_ORGANIZATION_ID.
provider "zenmlpro" {}

# Entra ID authentication through kubelogin, with the Azure CLI's login. The
# server ID is the well-known application of the AKS Entra ID integration.
provider "kubernetes" {
  host                   = module.platform.cluster_endpoint
  cluster_ca_certificate = base64decode(module.platform.cluster_ca_certificate)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "kubelogin"
    args        = ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]
  }
}

provider "helm" {
  kubernetes = {
    host                   = module.platform.cluster_endpoint
    cluster_ca_certificate = base64decode(module.platform.cluster_ca_certificate)

    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "kubelogin"
      args        = ["get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"]
    }
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
  source = "../../modules/workspace-aks"

  location    = var.location
  name_prefix = var.name_prefix
  tags        = var.tags

  api_server_authorized_ip_ranges = var.admin_cidrs
  key_vault_allowed_ip_ranges     = var.admin_cidrs
  cluster_admin_group_object_ids  = var.cluster_admin_group_object_ids

  db_deletion_protection = var.protect_data
}

# The database password, read at apply time and written to a Kubernetes
# secret write-only: it is in neither state nor plan.
ephemeral "azurerm_key_vault_secret" "database" {
  name         = module.platform.database_password_secret_name
  key_vault_id = module.platform.key_vault_id
}

module "zenml_server" {
  source = "../../modules/workspace-server-helm"

  chart_repository = var.zenml_chart_repository
  chart_version    = var.zenml_version

  # The server's settings, as workspace-server-config documents them. The
  # image defaults to ZenML's Pro server image in ZenML's Artifact Registry,
  # pulled with the JSON key ZenML issues (see the README).
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
  image_registry_credentials = {
    server   = "europe-west3-docker.pkg.dev"
    username = "_json_key"
    password = file(var.zenml_registry_key_file)
  }

  # Namespace, service account with its workload identity (annotation and pod
  # label: the migration then runs as a Job of the module, labelled), Key
  # Vault secrets store, database (verified against Azure's roots) and the
  # managed NGINX's pod range as the trusted proxies.
  platform = module.platform.server_platform

  database_password         = ephemeral.azurerm_key_vault_secret.database.value
  database_password_version = module.platform.database_password_version

  hostname = var.hostname
  ingress = {
    class_name = module.platform.ingress_class_name
  }
  tls = {
    cert_manager_issuer = {
      name = var.cert_manager_cluster_issuer
    }
  }
}
