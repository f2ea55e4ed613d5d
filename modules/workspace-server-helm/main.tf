locals {
  server_url = "https://${var.hostname}"
  namespace  = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.platform.namespace

  database_password_secret = var.database_password_secret != null ? var.database_password_secret : {
    name = kubernetes_secret_v1.database_password[0].metadata[0].name
    key  = "password"
  }

  jwt_secret_key = var.jwt_secret_key != null ? var.jwt_secret_key : random_password.jwt_secret_key[0].result
  secrets_store_encryption_key = var.platform.secrets_store.type != "sql" ? null : (
    var.secrets_store_encryption_key != null ? var.secrets_store_encryption_key : random_password.secrets_store_encryption_key[0].result
  )

  # The server's secrets, under the keys workspace-server-config references.
  server_secret_name = "${var.release_name}-server"
  server_secret_data = merge(
    {
      "enrollment-key" = var.enrollment_key
      "jwt-secret-key" = local.jwt_secret_key
    },
    var.platform.secrets_store.type == "sql" ? { "secrets-store-encryption-key" = local.secrets_store_encryption_key } : null,
  )

  # Pods read the secret when they start: a new enrollment key (or any other
  # change of the secret) must roll them. The hash reveals nothing of the
  # 64-character keys.
  pod_annotations = merge(var.platform.pod_annotations, {
    "checksum.zenml.io/server-secret" = nonsensitive(sha256(jsonencode(local.server_secret_data)))
  })

  tls_secret_name = var.tls.secret_name != null ? var.tls.secret_name : "${var.release_name}-tls"

  cert_manager_annotations = var.tls.cert_manager_issuer == null ? {} : {
    (var.tls.cert_manager_issuer.kind == "ClusterIssuer" ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer") = var.tls.cert_manager_issuer.name
  }

  pod_security_context = {
    runAsNonRoot   = true
    runAsUser      = 1000
    runAsGroup     = 1000
    fsGroup        = 1000
    seccompProfile = { type = "RuntimeDefault" }
  }

  container_security_context = {
    runAsNonRoot             = true
    runAsUser                = 1000
    allowPrivilegeEscalation = false
    capabilities             = { drop = ["ALL"] }
    seccompProfile           = { type = "RuntimeDefault" }
  }

  # Settings that depend on the cluster rather than on the server: ingress,
  # image pull secrets and hardened security contexts.
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
    imagePullSecrets   = [for name in local.image_pull_secrets : { name = name }]
    podSecurityContext = local.pod_security_context
    securityContext    = local.container_security_context
  }

  migration_job = module.config.kubernetes_migration_job

  image_pull_secrets = concat(var.image_pull_secrets, kubernetes_secret_v1.registry[*].metadata[0].name)
}

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name = var.platform.namespace
    labels = {
      "pod-security.kubernetes.io/enforce" = var.namespace_pod_security_level
      "pod-security.kubernetes.io/warn"    = "restricted"
      "pod-security.kubernetes.io/audit"   = "restricted"
    }
  }
}

# The one service account of the server pods and of the migration, carrying
# the platform's identity annotations (IRSA role, GKE Google service account,
# Azure client ID). Created here, not by the chart, so that it exists before
# the migration runs and the chart's hook Job uses it too.
resource "kubernetes_service_account_v1" "server" {
  metadata {
    name        = var.platform.service_account_name
    namespace   = local.namespace
    annotations = var.platform.service_account_annotations
    labels = {
      "app.kubernetes.io/part-of"    = "zenml"
      "app.kubernetes.io/instance"   = var.release_name
      "app.kubernetes.io/managed-by" = "terraform"
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
  count = var.platform.secrets_store.type == "sql" && nonsensitive(var.secrets_store_encryption_key == null) ? 1 : 0

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

# Registry credentials for the image, written write-only: never in state.
resource "kubernetes_secret_v1" "registry" {
  count = nonsensitive(var.image_registry_credentials == null) ? 0 : 1

  metadata {
    name      = "${var.release_name}-registry"
    namespace = local.namespace
    labels = {
      "app.kubernetes.io/part-of"    = "zenml"
      "app.kubernetes.io/managed-by" = "terraform"
    }
  }

  type = "kubernetes.io/dockerconfigjson"
  data_wo = {
    ".dockerconfigjson" = jsonencode({
      auths = {
        # The registry host is no secret (and a map key cannot be one).
        (nonsensitive(var.image_registry_credentials.server)) = {
          username = var.image_registry_credentials.username
          password = var.image_registry_credentials.password
          auth     = base64encode("${var.image_registry_credentials.username}:${var.image_registry_credentials.password}")
        }
      }
    })
  }
  data_wo_revision = var.image_registry_credentials_version
}

# The enrollment key (read by the chart through enrollmentKeySecretRef) and
# the keys a migration Job injects by reference.
resource "kubernetes_secret_v1" "server" {
  metadata {
    name      = local.server_secret_name
    namespace = local.namespace
    labels = {
      "app.kubernetes.io/part-of"    = "zenml"
      "app.kubernetes.io/managed-by" = "terraform"
    }
  }

  type = "Opaque"
  data = local.server_secret_data
}

module "config" {
  source = "../workspace-server-config"

  workspace     = var.server.workspace
  organization  = var.server.organization
  control_plane = var.server.control_plane
  server_url    = local.server_url

  database = merge(var.platform.database, { password_secret = local.database_password_secret })

  image = {
    repository = var.server.image.repository
    tag        = coalesce(var.server.image.tag, var.chart_version)
  }
  replicas        = var.server.replicas
  resources       = var.server.resources
  secrets_store   = var.platform.secrets_store
  trusted_proxies = var.platform.trusted_proxies

  kubernetes = {
    service_account_name = kubernetes_service_account_v1.server.metadata[0].name
    pod_labels           = var.platform.pod_labels
    pod_annotations      = local.pod_annotations
    server_secret_name   = kubernetes_secret_v1.server.metadata[0].name
  }

  jwt_secret_key               = local.jwt_secret_key
  secrets_store_encryption_key = local.secrets_store_encryption_key
}

# With pod labels (Azure workload identity), which the chart cannot put on its
# migration hook, the migration runs here instead: once per change of the
# server's image or settings (a Job's pod cannot change, so a new one
# replaces it), before the release is upgraded, with the server pods' labels,
# annotations, service account and settings.
resource "kubernetes_job_v1" "migration" {
  count = module.config.kubernetes_migration == "job" ? 1 : 0

  metadata {
    name      = "${var.release_name}-db-migration"
    namespace = local.namespace
    labels    = merge(local.migration_job.labels, { "app.kubernetes.io/instance" = var.release_name })
  }

  spec {
    backoff_limit = 0

    template {
      metadata {
        labels      = merge(local.migration_job.labels, { "app.kubernetes.io/instance" = var.release_name })
        annotations = local.migration_job.annotations
      }

      spec {
        service_account_name = local.migration_job.service_account_name
        restart_policy       = "Never"

        dynamic "image_pull_secrets" {
          for_each = local.image_pull_secrets

          content {
            name = image_pull_secrets.value
          }
        }

        security_context {
          run_as_non_root = local.pod_security_context.runAsNonRoot
          run_as_user     = local.pod_security_context.runAsUser
          run_as_group    = local.pod_security_context.runAsGroup
          fs_group        = local.pod_security_context.fsGroup

          seccomp_profile {
            type = local.pod_security_context.seccompProfile.type
          }
        }

        container {
          name    = "zenml-db-migration"
          image   = local.migration_job.image
          command = local.migration_job.command
          args    = local.migration_job.args

          dynamic "env" {
            for_each = local.migration_job.environment

            content {
              name  = env.key
              value = env.value
            }
          }

          dynamic "env" {
            for_each = local.migration_job.secret_environment

            content {
              name = env.key

              value_from {
                secret_key_ref {
                  name = env.value.name
                  key  = env.value.key
                }
              }
            }
          }

          resources {
            requests = module.config.helm_values.resources.requests
            limits   = module.config.helm_values.resources.limits
          }

          security_context {
            run_as_non_root            = local.container_security_context.runAsNonRoot
            run_as_user                = local.container_security_context.runAsUser
            allow_privilege_escalation = local.container_security_context.allowPrivilegeEscalation

            capabilities {
              drop = local.container_security_context.capabilities.drop
            }

            seccomp_profile {
              type = local.container_security_context.seccompProfile.type
            }
          }

          # The ZenML global configuration, writable as in the chart's pods.
          volume_mount {
            name       = "zenml-config"
            mount_path = "/zenml/.zenconfig"
          }
        }

        volume {
          name = "zenml-config"

          empty_dir {}
        }
      }
    }
  }

  wait_for_completion = true

  timeouts {
    create = "${var.timeout_seconds}s"
    update = "${var.timeout_seconds}s"
  }

  depends_on = [kubernetes_secret_v1.database_password]
}

resource "helm_release" "zenml" {
  name       = var.release_name
  namespace  = local.namespace
  repository = var.chart_repository
  chart      = "zenml"
  version    = var.chart_version

  # Roll back a failed install or upgrade (including a failed migration hook)
  # and wait until the server pods are ready.
  atomic          = true
  wait            = true
  wait_for_jobs   = true
  cleanup_on_fail = true
  timeout         = var.timeout_seconds
  max_history     = 10

  # The chart's hooks are its migration Job (with its secret and service
  # account): off when the migration Job above has run instead.
  disable_webhooks = module.config.kubernetes_migration == "job"

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

  # The chart has no pod-label value: a post-renderer labels the server
  # Deployment's pods (Helm 3 post-renders no hook, hence the Job above).
  postrender = length(var.platform.pod_labels) == 0 ? null : {
    binary_path = "${abspath(path.module)}/scripts/add-pod-labels.sh"
    args        = [for key in sort(keys(var.platform.pod_labels)) : "${key}=${var.platform.pod_labels[key]}"]
  }

  depends_on = [
    kubernetes_secret_v1.database_password,
    kubernetes_job_v1.migration,
  ]
}

resource "kubernetes_pod_disruption_budget_v1" "server" {
  count = var.pod_disruption_budget && module.config.replicas >= 2 ? 1 : 0

  metadata {
    name      = "${var.release_name}-server"
    namespace = local.namespace
  }

  spec {
    min_available = module.config.replicas - 1

    selector {
      match_labels = {
        "app.kubernetes.io/name"     = "zenml"
        "app.kubernetes.io/instance" = var.release_name
      }
    }
  }

  depends_on = [helm_release.zenml]
}
