locals {
  server_url = "https://${var.hostname}"
  namespace  = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.namespace

  database_password_secret = var.database_password_secret != null ? var.database_password_secret : {
    name = kubernetes_secret_v1.database_password[0].metadata[0].name
    key  = "password"
  }

  jwt_secret_key = var.jwt_secret_key != null ? var.jwt_secret_key : random_password.jwt_secret_key[0].result
  secrets_store_encryption_key = var.secrets_store.type != "sql" ? null : (
    var.secrets_store_encryption_key != null ? var.secrets_store_encryption_key : random_password.secrets_store_encryption_key[0].result
  )

  tls_secret_name = var.tls.secret_name != null ? var.tls.secret_name : "${var.release_name}-tls"

  cert_manager_annotations = var.tls.cert_manager_issuer == null ? {} : {
    (var.tls.cert_manager_issuer.kind == "ClusterIssuer" ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer") = var.tls.cert_manager_issuer.name
  }

  # Settings that depend on the cluster rather than on the server: ingress,
  # service accounts and hardened security contexts.
  platform_values = {
    zenml = {
      ingress = {
        enabled     = var.ingress.enabled
        className   = var.ingress.class_name
        annotations = merge(var.ingress.annotations, local.cert_manager_annotations)
        host        = var.hostname
        path        = "/"
        tls = {
          enabled       = !var.tls.terminated_upstream
          generateCerts = false
          secretName    = local.tls_secret_name
        }
      }
    }
    serviceAccount = {
      create      = true
      name        = var.service_account_name
      annotations = var.service_account_annotations
    }
    podSecurityContext = {
      runAsNonRoot   = true
      runAsUser      = 1000
      runAsGroup     = 1000
      fsGroup        = 1000
      seccompProfile = { type = "RuntimeDefault" }
    }
    securityContext = {
      runAsNonRoot             = true
      runAsUser                = 1000
      allowPrivilegeEscalation = false
      capabilities             = { drop = ["ALL"] }
      seccompProfile           = { type = "RuntimeDefault" }
    }
  }
}

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name = var.namespace
    labels = {
      "pod-security.kubernetes.io/enforce" = var.namespace_pod_security_level
      "pod-security.kubernetes.io/warn"    = "restricted"
      "pod-security.kubernetes.io/audit"   = "restricted"
    }
  }
}

# The key that signs session tokens and the sql secrets store's encryption
# key: generated once, then kept in state and never regenerated (unless the
# resource is replaced on purpose). Losing the encryption key makes stored
# secrets unreadable: back up the state, or pass your own keys.
resource "random_password" "jwt_secret_key" {
  count = nonsensitive(var.jwt_secret_key == null) ? 1 : 0

  length  = 64
  special = false
}

resource "random_password" "secrets_store_encryption_key" {
  count = var.secrets_store.type == "sql" && nonsensitive(var.secrets_store_encryption_key == null) ? 1 : 0

  length  = 64
  special = false
}

# The database password, written with a write-only argument: never in state.
# The chart reads it through zenml.database.passwordSecretRef.
resource "kubernetes_secret_v1" "database_password" {
  count = var.database_password_secret == null ? 1 : 0

  metadata {
    name      = "${var.release_name}-database"
    namespace = local.namespace
    labels = {
      "app.kubernetes.io/part-of"    = "zenml"
      "app.kubernetes.io/managed-by" = "terraform"
    }
  }

  type             = "Opaque"
  data_wo          = { password = var.database_password }
  data_wo_revision = var.database_password_version
}

module "config" {
  source = "../workspace-server-config"

  workspace      = var.workspace
  enrollment_key = var.enrollment_key
  organization   = var.organization
  control_plane  = var.control_plane
  server_url     = local.server_url

  database = merge(var.database, { password_secret = local.database_password_secret })

  image = {
    repository = var.image.repository
    tag        = coalesce(var.image.tag, var.chart_version)
  }
  replicas      = var.replicas
  resources     = var.resources
  secrets_store = var.secrets_store

  jwt_secret_key               = local.jwt_secret_key
  secrets_store_encryption_key = local.secrets_store_encryption_key
}

resource "helm_release" "zenml" {
  name       = var.release_name
  namespace  = local.namespace
  repository = var.chart_repository
  chart      = "zenml"
  version    = var.chart_version

  # Roll back a failed install or upgrade (including a failed migration job)
  # and wait until the server pods are ready.
  atomic          = true
  wait            = true
  wait_for_jobs   = true
  cleanup_on_fail = true
  timeout         = var.timeout_seconds
  max_history     = 10

  values = [
    module.config.helm_values_yaml,
    yamlencode(local.platform_values),
  ]

  # Secrets the chart only accepts as values (it stores them in its own
  # Kubernetes secret). Helm's --set syntax needs commas and backslashes
  # escaped.
  set_sensitive = [
    for path, value in module.config.helm_sensitive_values : {
      name  = path
      value = replace(replace(value, "\\", "\\\\"), ",", "\\,")
      type  = "string"
    }
  ]

  postrender = length(var.pod_labels) == 0 ? null : {
    binary_path = "${abspath(path.module)}/scripts/add-pod-labels.sh"
    args        = [for key in sort(keys(var.pod_labels)) : "${key}=${var.pod_labels[key]}"]
  }

  depends_on = [kubernetes_secret_v1.database_password]
}

resource "kubernetes_pod_disruption_budget_v1" "server" {
  count = var.pod_disruption_budget && var.replicas >= 2 ? 1 : 0

  metadata {
    name      = "${var.release_name}-server"
    namespace = local.namespace
  }

  spec {
    min_available = var.replicas - 1

    selector {
      match_labels = {
        "app.kubernetes.io/name"     = "zenml"
        "app.kubernetes.io/instance" = var.release_name
      }
    }
  }

  depends_on = [helm_release.zenml]
}
