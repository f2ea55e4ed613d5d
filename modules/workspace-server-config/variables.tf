variable "workspace" {
  description = "The ZenML Pro workspace this server backs: the `id` and `name` of a `zenmlpro_workspace` resource."
  type = object({
    id   = string
    name = string
  })

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.workspace.id))
    error_message = "workspace.id must be a lowercase UUID, such as zenmlpro_workspace.this.id."
  }

  validation {
    condition     = can(regex("^[a-z0-9-]{1,50}$", var.workspace.name))
    error_message = "workspace.name must be 1-50 lowercase letters, digits or hyphens, such as zenmlpro_workspace.this.name."
  }
}

variable "enrollment_key" {
  description = "(Sensitive.) The workspace's enrollment key (`zenmlpro_workspace.this.enrollment_key`). Leave null where the platform injects it by reference (ECS, Secrets Manager); when set it appears only in the sensitive outputs `helm_sensitive_values` and `container_secret_environment`."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.enrollment_key == null || try(length(trimspace(var.enrollment_key)) > 0, false)
    error_message = "enrollment_key must not be empty: pass zenmlpro_workspace.this.enrollment_key, or null when the platform injects it from a secret."
  }
}

variable "organization" {
  description = "The ZenML Pro organization owning the workspace: the `id` and `name` of `data.zenmlpro_organization`."
  type = object({
    id   = string
    name = string
  })

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.organization.id))
    error_message = "organization.id must be a lowercase UUID, such as data.zenmlpro_organization.this.id."
  }

  validation {
    condition     = length(trimspace(var.organization.name)) > 0
    error_message = "organization.name must not be empty: pass data.zenmlpro_organization.this.name."
  }
}

variable "control_plane" {
  description = "URLs of the ZenML Pro control plane the server dials out to: `api_url` (also the OAuth2 audience) and `dashboard_url`. The defaults are ZenML's SaaS control plane; a self-hosted control plane has its own."
  type = object({
    api_url       = optional(string, "https://cloudapi.zenml.io")
    dashboard_url = optional(string, "https://cloud.zenml.io")
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for url in [var.control_plane.api_url, var.control_plane.dashboard_url] :
      can(regex("^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[^?#]*[^/?#])?$", url))
    ])
    error_message = "control_plane.api_url and control_plane.dashboard_url must be https:// URLs without a trailing slash, such as https://cloudapi.zenml.io."
  }
}

variable "server_url" {
  description = "The public URL at which this workspace server is reachable over TLS, such as `https://zenml.example.com`. The server reports it to the control plane and builds its links from it."
  type        = string

  validation {
    condition     = can(regex("^https://[A-Za-z0-9.-]+(:[0-9]+)?$", var.server_url))
    error_message = "server_url must be an https:// URL made of a host name (and optional port) only, without a path or a trailing slash, such as https://zenml.example.com."
  }
}

variable "database" {
  description = <<-EOT
    How the server reaches its database. `engine` is `mysql` (what current workspace servers support) or `postgresql`;
    `port` defaults to the engine's port; the password is never part of the URL: give it either as `database_password`
    or as `password_secret`, a reference the platform resolves (a Kubernetes secret `name`/`key` for Helm, a secret ARN
    and JSON key for ECS). `tls.enabled` turns TLS on, `tls.verify_server_cert` also verifies the server certificate
    against `tls.ca_certificate` (PEM) or the image's trust store.
  EOT
  type = object({
    engine   = optional(string, "mysql")
    host     = string
    port     = optional(number)
    name     = optional(string, "zenml")
    username = string
    password_secret = optional(object({
      name = string
      key  = string
    }))
    tls = optional(object({
      enabled            = optional(bool, true)
      verify_server_cert = optional(bool, false)
      ca_certificate     = optional(string)
    }), {})
  })

  validation {
    condition     = contains(["mysql", "postgresql"], var.database.engine)
    error_message = "database.engine must be \"mysql\" or \"postgresql\"."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", var.database.host))
    error_message = "database.host must be a DNS name or an IP address without a scheme or port, such as the RDS instance's address."
  }

  validation {
    condition     = var.database.port == null || try(var.database.port >= 1 && var.database.port <= 65535 && floor(var.database.port) == var.database.port, false)
    error_message = "database.port must be a whole number from 1 to 65535, or null for the engine's default."
  }

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", var.database.name))
    error_message = "database.name must be 1-64 letters, digits or underscores, starting with a letter or underscore."
  }

  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$", var.database.username))
    error_message = "database.username must be 1-32 letters, digits, underscores, dots or hyphens, starting with a letter or underscore (it is placed in the database URL)."
  }

  validation {
    condition = var.database.password_secret == null || try(
      length(trimspace(var.database.password_secret.name)) > 0 && length(trimspace(var.database.password_secret.key)) > 0,
      false
    )
    error_message = "database.password_secret needs a non-empty name and key."
  }

  validation {
    condition     = !var.database.tls.verify_server_cert || var.database.tls.enabled
    error_message = "database.tls.verify_server_cert needs database.tls.enabled = true: a certificate can only be verified on a TLS connection."
  }

  validation {
    condition     = var.database.tls.ca_certificate == null || var.database.tls.enabled
    error_message = "database.tls.ca_certificate needs database.tls.enabled = true, or remove the certificate."
  }

  validation {
    condition     = var.database.tls.ca_certificate == null || can(regex("^-----BEGIN CERTIFICATE-----", trimspace(coalesce(var.database.tls.ca_certificate, "-"))))
    error_message = "database.tls.ca_certificate must be a PEM certificate (bundle) starting with -----BEGIN CERTIFICATE-----, not a file path."
  }
}

variable "database_password" {
  description = "(Sensitive.) The database password, when it is not given as `database.password_secret`. It appears only in the sensitive output `container_secret_environment`; platform modules store it in a secret and pass `database.password_secret` instead."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = (var.database_password == null) != (var.database.password_secret == null)
    error_message = "Give the database password exactly one way: either database_password or database.password_secret (not both, not neither)."
  }
}

variable "image" {
  description = "The ZenML server image. `tag` must be pinned to a release (not `latest`) and should match the Helm chart version."
  type = object({
    repository = optional(string, "zenmldocker/zenml-server")
    tag        = string
  })

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?$", var.image.repository)) && !strcontains(var.image.repository, "@")
    error_message = "image.repository must be an image repository without a tag or digest, such as zenmldocker/zenml-server."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image.tag)) && var.image.tag != "latest"
    error_message = "image.tag must be a pinned release tag such as 0.85.0 (not latest), so that upgrades are deliberate and database migrations run once."
  }
}

variable "replicas" {
  description = "Number of server replicas (Kubernetes pods or ECS tasks). Two or more keep the server available during node failures and rolling upgrades."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 20 && floor(var.replicas) == var.replicas
    error_message = "replicas must be a whole number from 1 to 20."
  }
}

variable "resources" {
  description = "Kubernetes resource requests and limits of each server pod (CPU such as `500m` or `1`, memory such as `1Gi`). A null limit is left unset."
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

  validation {
    condition = alltrue([
      for quantity in [var.resources.requests.cpu, var.resources.limits.cpu] :
      quantity == null || can(regex("^([0-9]+m|[0-9]+(\\.[0-9]+)?)$", coalesce(quantity, "0")))
    ])
    error_message = "resources CPU quantities must look like 500m, 1 or 1.5."
  }

  validation {
    condition = alltrue([
      for quantity in [var.resources.requests.memory, var.resources.limits.memory] :
      quantity == null || can(regex("^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?$", coalesce(quantity, "0")))
    ])
    error_message = "resources memory quantities must look like 512Mi, 1Gi or 2G."
  }
}

variable "secrets_store" {
  description = <<-EOT
    Where ZenML keeps the secrets its users create. `sql` (the server's own database, encrypted with
    `secrets_store_encryption_key`), `aws` (AWS Secrets Manager, set `aws.region`), `gcp` (Google Secret Manager,
    set `gcp.project_id`) or `azure` (Azure Key Vault, set `azure.key_vault_name`). The cloud stores authenticate
    `implicit`ly with the server's workload identity (IRSA/Pod Identity, ECS task role, GKE or Azure workload
    identity); no cloud credential is ever passed.
  EOT
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

  validation {
    condition     = contains(["sql", "aws", "gcp", "azure"], var.secrets_store.type)
    error_message = "secrets_store.type must be one of sql, aws, gcp or azure."
  }

  validation {
    condition     = (var.secrets_store.type == "aws") == (var.secrets_store.aws != null)
    error_message = "secrets_store.aws (with region) must be set exactly when secrets_store.type is \"aws\"."
  }

  validation {
    condition     = (var.secrets_store.type == "gcp") == (var.secrets_store.gcp != null)
    error_message = "secrets_store.gcp (with project_id) must be set exactly when secrets_store.type is \"gcp\"."
  }

  validation {
    condition     = (var.secrets_store.type == "azure") == (var.secrets_store.azure != null)
    error_message = "secrets_store.azure (with key_vault_name) must be set exactly when secrets_store.type is \"azure\"."
  }

  validation {
    condition     = var.secrets_store.aws == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", try(var.secrets_store.aws.region, "")))
    error_message = "secrets_store.aws.region must be an AWS region such as eu-west-1."
  }

  validation {
    condition     = var.secrets_store.gcp == null || can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", try(var.secrets_store.gcp.project_id, "")))
    error_message = "secrets_store.gcp.project_id must be a Google Cloud project ID such as my-project-123."
  }

  validation {
    condition     = var.secrets_store.azure == null || can(regex("^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$", try(var.secrets_store.azure.key_vault_name, "")))
    error_message = "secrets_store.azure.key_vault_name must be a Key Vault name: 3-24 letters, digits or hyphens."
  }
}

variable "jwt_secret_key" {
  description = "(Sensitive.) The key the server signs its session tokens with. All replicas must share it and it must survive restarts; leave null where the platform injects it from a secret (workspace-server-helm generates one once and keeps it; workspace-ecs writes a given one to a secret)."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.jwt_secret_key == null || try(length(var.jwt_secret_key) >= 32, false)
    error_message = "jwt_secret_key must be at least 32 characters long (for example `openssl rand -hex 32`)."
  }
}

variable "secrets_store_encryption_key" {
  description = "(Sensitive.) The key that encrypts secrets in the `sql` secrets store. Losing or changing it makes every stored secret unreadable: generate it once and keep it. Leave null where the platform injects it from a secret."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.secrets_store_encryption_key == null || try(length(var.secrets_store_encryption_key) >= 32, false)
    error_message = "secrets_store_encryption_key must be at least 32 characters long (for example `openssl rand -hex 32`)."
  }

  validation {
    condition     = var.secrets_store_encryption_key == null || var.secrets_store.type == "sql"
    error_message = "secrets_store_encryption_key only applies to the sql secrets store: remove it, or set secrets_store.type = \"sql\"."
  }
}

variable "container_port" {
  description = "The port the server listens on inside a plain container. The image listens on 8080; any other port is set through `container_command`."
  type        = number
  default     = 8080
  nullable    = false

  validation {
    condition     = var.container_port >= 1024 && var.container_port <= 65535 && floor(var.container_port) == var.container_port
    error_message = "container_port must be a whole number from 1024 to 65535 (the server runs as a non-root user)."
  }
}

variable "migrate_database_on_startup" {
  description = "Plain containers only: whether each server container migrates the database schema when it starts. Set false when migrations run as a separate one-off task before an upgrade. (The Helm chart always migrates in a pre-install/pre-upgrade job.)"
  type        = bool
  default     = true
  nullable    = false
}
