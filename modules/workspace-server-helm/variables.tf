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

variable "namespace" {
  description = "Namespace of the release. It must match the namespace the platform module bound the server's cloud identity to."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a Kubernetes namespace name (lowercase letters, digits, hyphens)."
  }
}

variable "create_namespace" {
  description = "Create the namespace (with Pod Security Standards labels). Set false to install into an existing namespace."
  type        = bool
  default     = true
  nullable    = false
}

variable "namespace_pod_security_level" {
  description = "Pod Security Standard enforced on a created namespace: `restricted` (the chart's pods run as non-root without privileges, see `security_context`) or `baseline`."
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
  description = "Version of the ZenML chart (equal to the ZenML version), pinned. Upgrading it runs the chart's database migration job before the new pods start."
  type        = string

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+$", var.chart_version))
    error_message = "chart_version must be an exact version such as 0.85.0 (no ranges, no latest)."
  }
}

variable "image" {
  description = "The server image: `repository` (default the public ZenML server image) and `tag` (default `chart_version`)."
  type = object({
    repository = optional(string, "zenmldocker/zenml-server")
    tag        = optional(string)
  })
  default  = {}
  nullable = false
}

variable "timeout_seconds" {
  description = "How long Helm waits for the release (migration job and pods ready) before rolling back."
  type        = number
  default     = 900
  nullable    = false

  validation {
    condition     = var.timeout_seconds >= 300 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be from 300 to 3600: the migration job of a large database takes minutes."
  }
}

# -----------------------------------------------------------------------------
# Workspace and control plane
# -----------------------------------------------------------------------------
variable "workspace" {
  description = "The ZenML Pro workspace this server backs: `id` and `name` of a `zenmlpro_workspace` resource."
  type = object({
    id   = string
    name = string
  })
}

variable "enrollment_key" {
  description = "(Sensitive.) The workspace's enrollment key (`zenmlpro_workspace.this.enrollment_key`). The chart only accepts it as a value: it is passed with `set_sensitive` and stored (sensitive) in this release's state and in the chart's Kubernetes secret."
  type        = string
  sensitive   = true

  validation {
    condition     = try(length(trimspace(var.enrollment_key)) > 0, false)
    error_message = "enrollment_key must not be empty: pass zenmlpro_workspace.this.enrollment_key."
  }
}

variable "organization" {
  description = "The ZenML Pro organization owning the workspace: `id` and `name` of `data.zenmlpro_organization`."
  type = object({
    id   = string
    name = string
  })
}

variable "control_plane" {
  description = "URLs of the ZenML Pro control plane (`api_url`, `dashboard_url`); the defaults are ZenML's SaaS control plane."
  type = object({
    api_url       = optional(string, "https://cloudapi.zenml.io")
    dashboard_url = optional(string, "https://cloud.zenml.io")
  })
  default  = {}
  nullable = false
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

# -----------------------------------------------------------------------------
# Database
# -----------------------------------------------------------------------------
variable "database" {
  description = "The database connection, without password (the platform module's `database` output): `engine` (`mysql`), `host`, `port`, `name`, `username` and `tls` (`enabled`, `verify_server_cert`, `ca_certificate`)."
  type = object({
    engine   = optional(string, "mysql")
    host     = string
    port     = optional(number)
    name     = optional(string, "zenml")
    username = string
    tls = optional(object({
      enabled            = optional(bool, true)
      verify_server_cert = optional(bool, false)
      ca_certificate     = optional(string)
    }), {})
  })
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

# -----------------------------------------------------------------------------
# Server
# -----------------------------------------------------------------------------
variable "replicas" {
  description = "Number of server pods; two or more (with the pod disruption budget) keep the server available during node drains and upgrades."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 20 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number from 1 to 20 (2 or more for high availability)."
  }
}

variable "resources" {
  description = "Resource requests and limits of each server pod."
  type = object({
    requests = optional(object({
      cpu    = optional(string, "500m")
      memory = optional(string, "1Gi")
    }), {})
    limits = optional(object({
      cpu    = optional(string)
      memory = optional(string, "2Gi")
    }), {})
  })
  default  = {}
  nullable = false
}

variable "secrets_store" {
  description = "Where ZenML keeps its users' secrets: the platform module's `secrets_store` output (`aws`, `gcp` or `azure`, reached through the service account's cloud identity), or `{ type = \"sql\" }` for the database."
  type = object({
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
  })
  default  = {}
  nullable = false
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

variable "service_account_name" {
  description = "Service account the chart creates for the server (and `<name>-db-migration` for its migration hook); it must match the platform module's."
  type        = string
  default     = "zenml"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,48}[a-z0-9])?$", var.service_account_name))
    error_message = "service_account_name must be 1-50 lowercase letters, digits or hyphens."
  }
}

variable "service_account_annotations" {
  description = "Annotations of the server's service accounts: the platform module's `service_account_annotations` (IRSA role, GKE Google service account, Azure client ID)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "pod_labels" {
  description = "Labels added to the server's and the migration job's pods (the platform module's `pod_labels`, such as Azure's `azure.workload.identity/use`). The chart has no such value: they are added by a Helm post-renderer script (`scripts/add-pod-labels.sh`, needs `sh` and `awk` where Terraform runs)."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition = alltrue([
      for key, value in var.pod_labels :
      can(regex("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", key)) && can(regex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", value))
    ])
    error_message = "pod_labels must be valid Kubernetes label keys and values (no spaces)."
  }
}

variable "pod_disruption_budget" {
  description = "Create a PodDisruptionBudget keeping all but one server pod available during voluntary disruptions (only with 2 or more replicas)."
  type        = bool
  default     = true
  nullable    = false
}
