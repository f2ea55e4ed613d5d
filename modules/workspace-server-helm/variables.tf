# -----------------------------------------------------------------------------
# The server (documented in workspace-server-config) and the platform
# -----------------------------------------------------------------------------
variable "server" {
  description = <<-EOT
    The workspace server, passed to workspace-server-config (see its README for every field): `workspace` and
    `organization` (`id` and `name` of `zenmlpro_workspace` and `data.zenmlpro_organization`), `control_plane`
    (`api_url`, `dashboard_url`; ZenML's SaaS control plane by default), `image` (`repository`, default ZenML's Pro
    server image; `tag`, default `chart_version`), `replicas` (default 2) and `resources` of each pod.
  EOT
  type = object({
    workspace = object({
      id   = string
      name = string
    })
    organization = object({
      id   = string
      name = string
    })
    control_plane = optional(object({
      api_url       = optional(string)
      dashboard_url = optional(string)
    }))
    image = optional(object({
      repository = optional(string)
      tag        = optional(string)
    }), {})
    replicas = optional(number)
    resources = optional(object({
      requests = optional(object({
        cpu    = optional(string, "500m")
        memory = optional(string, "1Gi")
      }), {})
      limits = optional(object({
        cpu    = optional(string)
        memory = optional(string, "2Gi")
      }), {})
    }))
  })
}

variable "platform" {
  description = <<-EOT
    What the platform module provides, its `server_platform` output: the `namespace` and `service_account_name` its
    cloud identity is bound to, the service account's `service_account_annotations`, `pod_labels` and
    `pod_annotations` of every server and migration pod, the `secrets_store`, the `database` connection (without
    password, TLS verified against `tls.ca_certificate` where the cloud publishes it) and `trusted_proxies`, the
    addresses of its load balancer or ingress controller whose forwarded headers the server trusts.
  EOT
  type = object({
    namespace                   = optional(string, "zenml")
    service_account_name        = optional(string, "zenml")
    service_account_annotations = optional(map(string), {})
    pod_labels                  = optional(map(string), {})
    pod_annotations             = optional(map(string), {})
    secrets_store = optional(object({
      type = optional(string, "sql")
      aws = optional(object({
        region = string
      }))
      gcp = optional(object({
        project_id = string
      }))
      azure = optional(object({
        key_vault_name = string
      }))
    }), {})
    database = object({
      engine   = optional(string, "mysql")
      host     = string
      port     = optional(number)
      name     = optional(string, "zenml")
      username = string
      tls = optional(object({
        enabled            = optional(bool, true)
        verify_server_cert = optional(bool)
        ca_certificate     = optional(string)
      }), {})
    })
    trusted_proxies = optional(list(string), [])
  })

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.platform.namespace))
    error_message = "platform.namespace must be a Kubernetes namespace name (lowercase letters, digits, hyphens)."
  }

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$", var.platform.service_account_name))
    error_message = "platform.service_account_name must be 1-50 lowercase letters, digits or hyphens."
  }
}

# -----------------------------------------------------------------------------
# Secrets
# -----------------------------------------------------------------------------
variable "enrollment_key" {
  description = "(Sensitive.) The workspace's enrollment key (`zenmlpro_workspace.this.enrollment_key`). It is written to the Kubernetes secret `<release_name>-server`, from which the chart reads it (`enrollmentKeySecretRef`); it is never a Helm value. Kept (sensitive) in this module's state, like the `zenmlpro_workspace` resource keeps it in its own."
  type        = string
  sensitive   = true

  validation {
    condition     = try(length(trimspace(var.enrollment_key)) > 0, false)
    error_message = "enrollment_key must not be empty: pass zenmlpro_workspace.this.enrollment_key."
  }
}

variable "database_password" {
  description = "(Sensitive, ephemeral.) The database password, written to the Kubernetes secret `<release_name>-database` with a write-only argument, never stored in state (read it with an ephemeral resource, such as `aws_secretsmanager_secret_version`). Leave null with `database_password_secret`."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

variable "database_password_version" {
  description = "Version of `database_password`: increase it to write a changed password to the Kubernetes secret (then restart the server pods)."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.database_password_version >= 1 && floor(var.database_password_version) == var.database_password_version
    error_message = "database_password_version must be a whole number, 1 or more."
  }
}

variable "database_password_secret" {
  description = "An existing Kubernetes secret in the namespace holding the database password (`name`, `key`), for example one kept in sync with a cloud secret manager by External Secrets, instead of `database_password`."
  type = object({
    name = string
    key  = string
  })
  default = null

  validation {
    condition     = (var.database_password_secret == null) != (var.database_password == null)
    error_message = "Give the database password exactly one way: database_password (written to a Kubernetes secret) or database_password_secret (an existing secret)."
  }
}

variable "jwt_secret_key" {
  description = "(Sensitive.) The key that signs the server's session tokens; null to generate one once (kept in this module's state, sensitive) so that all pods and restarts share it."
  type        = string
  default     = null
  sensitive   = true
}

variable "secrets_store_encryption_key" {
  description = "(Sensitive.) With the `sql` secrets store: the key encrypting stored secrets; null to generate one once (kept in this module's state, sensitive). Never change or lose it: stored secrets would become unreadable."
  type        = string
  default     = null
  sensitive   = true
}

# -----------------------------------------------------------------------------
# Release
# -----------------------------------------------------------------------------
variable "release_name" {
  description = "Name of the Helm release (and prefix of the chart's Kubernetes objects)."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$", var.release_name))
    error_message = "release_name must be 1-32 lowercase letters, digits or hyphens."
  }
}

variable "create_namespace" {
  description = "Create `platform.namespace` (with Pod Security Standards labels). Set false to install into an existing namespace."
  type        = bool
  default     = true
  nullable    = false
}

variable "namespace_pod_security_level" {
  description = "Pod Security Standard enforced on a created namespace: `restricted` (the chart's pods run as non-root without privileges) or `baseline`."
  type        = string
  default     = "restricted"
  nullable    = false

  validation {
    condition     = contains(["restricted", "baseline"], var.namespace_pod_security_level)
    error_message = "namespace_pod_security_level must be \"restricted\" or \"baseline\"."
  }
}

variable "chart_repository" {
  description = "OCI repository the ZenML chart is pulled from, without the chart name: the `oci://` repository ZenML publishes its Helm chart to (see ZenML's Helm deployment guide), or your mirror of it."
  type        = string

  validation {
    condition     = can(regex("^oci://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._-]+)*$", var.chart_repository))
    error_message = "chart_repository must be an oci:// repository without the chart name and without a trailing slash, such as oci://charts.example.com/zenml."
  }
}

variable "chart_version" {
  description = "Version of the ZenML chart (equal to the ZenML version), pinned. Upgrading it migrates the database once, before the new pods start. The chart must offer `zenml.pro.enrollmentKeySecretRef` and `zenml.proxyHeaders` (see the README)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.chart_version))
    error_message = "chart_version must be an exact version such as 0.85.0 (no ranges, no latest)."
  }
}

variable "image_registry_credentials" {
  description = "(Sensitive.) Credentials with which the pods pull the image, where the nodes cannot pull it themselves: `server`, `username` and `password`. For ZenML's Artifact Registry with the JSON key ZenML issues: `{ server = \"europe-west3-docker.pkg.dev\", username = \"_json_key\", password = file(\"key.json\") }`. Written with a write-only argument to the `kubernetes.io/dockerconfigjson` secret `<release_name>-registry` (never stored in state); null when the nodes pull the image (ECR with the node role, Artifact Registry with the node service account) or with `image_pull_secrets`."
  type = object({
    server   = string
    username = string
    password = string
  })
  default   = null
  sensitive = true
}

variable "image_registry_credentials_version" {
  description = "Version of `image_registry_credentials`: increase it to write changed credentials to their secret."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.image_registry_credentials_version >= 1 && floor(var.image_registry_credentials_version) == var.image_registry_credentials_version
    error_message = "image_registry_credentials_version must be a whole number, 1 or more."
  }
}

variable "image_pull_secrets" {
  description = "Names of existing `kubernetes.io/dockerconfigjson` secrets in the namespace with which the server and migration pods pull the image, instead of (or besides) `image_registry_credentials`."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for name in var.image_pull_secrets : can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", name))])
    error_message = "image_pull_secrets must hold Kubernetes secret names."
  }
}

variable "timeout_seconds" {
  description = "How long the database migration, and then Helm for the release (pods ready), may take before failing (and rolling back the release)."
  type        = number
  default     = 900
  nullable    = false

  validation {
    condition     = var.timeout_seconds >= 300 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be from 300 to 3600: the migration of a large database takes minutes."
  }
}

# -----------------------------------------------------------------------------
# Endpoint
# -----------------------------------------------------------------------------
variable "hostname" {
  description = "The DNS name clients use, such as `zenml.example.com`: the ingress host and the server URL `https://<hostname>`."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.hostname))
    error_message = "hostname must be a lowercase DNS name such as zenml.example.com, without scheme, port or path."
  }
}

variable "ingress" {
  description = "The chart's Ingress: `enabled`, `class_name` (such as `nginx`, `alb` or `webapprouting.kubernetes.azure.com`; `\"\"` for controllers selected by annotation, such as GKE's `kubernetes.io/ingress.class: gce`) and extra `annotations` (for example the load balancer's certificate and scheme)."
  type = object({
    enabled     = optional(bool, true)
    class_name  = optional(string, "nginx")
    annotations = optional(map(string), {})
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.ingress.class_name == "" || can(regex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", var.ingress.class_name))
    error_message = "ingress.class_name must be an IngressClass name, or \"\" to leave the class to an annotation."
  }
}

variable "tls" {
  description = <<-EOT
    How the ingress serves TLS, exactly one of: `cert_manager_issuer` (cert-manager issues the certificate into the
    secret `<release_name>-tls`; `kind` is `ClusterIssuer` or `Issuer`), `secret_name` (an existing `kubernetes.io/tls`
    secret in the namespace) or `terminated_upstream = true` (a cloud load balancer terminates TLS, configured through
    `ingress.annotations`, such as an ALB with an ACM certificate or a GCE ingress with a managed certificate).
  EOT
  type = object({
    cert_manager_issuer = optional(object({
      name = string
      kind = optional(string, "ClusterIssuer")
    }))
    secret_name         = optional(string)
    terminated_upstream = optional(bool, false)
  })
  default  = {}
  nullable = false

  validation {
    condition     = !var.ingress.enabled || length([for mode in [var.tls.cert_manager_issuer != null, var.tls.secret_name != null, var.tls.terminated_upstream] : mode if mode]) == 1
    error_message = "Choose exactly one TLS mode for the ingress: tls.cert_manager_issuer, tls.secret_name or tls.terminated_upstream = true. The server must only be reachable over TLS."
  }

  validation {
    condition     = var.tls.cert_manager_issuer == null || contains(["ClusterIssuer", "Issuer"], try(var.tls.cert_manager_issuer.kind, ""))
    error_message = "tls.cert_manager_issuer.kind must be ClusterIssuer or Issuer."
  }
}

variable "pod_disruption_budget" {
  description = "Create a PodDisruptionBudget keeping all but one server pod available during voluntary disruptions (only with 2 or more replicas)."
  type        = bool
  default     = true
  nullable    = false
}
