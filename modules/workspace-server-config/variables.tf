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
  description = "(Sensitive.) The workspace's enrollment key (`zenmlpro_workspace.this.enrollment_key`), for platforms that take it as a value: it appears only in the sensitive output `container_secret_environment`. Leave null where the platform injects it by reference (ECS from Secrets Manager; Helm from the Kubernetes secret `kubernetes.server_secret_name`). It is never a Helm value."
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
  description = "URLs of the ZenML Pro control plane the server dials out to: `api_url` (also the OAuth2 audience) and `dashboard_url`. The defaults are ZenML's SaaS control plane; a self-hosted control plane has its own. Both must be `https://`, except on a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), where `http://` is accepted for a local mock control plane."
  type = object({
    api_url       = optional(string, "https://cloudapi.zenml.io")
    dashboard_url = optional(string, "https://cloud.zenml.io")
  })
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for url in [var.control_plane.api_url, var.control_plane.dashboard_url] :
      !startswith(url, "http://") || can(regex("^http://(localhost|127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|\\[::1\\])(:[0-9]+)?(/|$)", url))
    ])
    error_message = "control_plane.api_url or control_plane.dashboard_url is an http:// URL of a host that is not a loopback address: plain HTTP is only accepted for localhost, 127.0.0.0/8 or [::1] (a control plane on this machine, such as a mock). Use https:// for every other host."
  }

  validation {
    condition = alltrue([
      for url in [var.control_plane.api_url, var.control_plane.dashboard_url] :
      can(regex("^(https://[A-Za-z0-9.-]+|http://(localhost|127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|\\[::1\\]))(:[0-9]+)?(/[^?#]*[^/?#])?$", url))
    ])
    error_message = "control_plane.api_url and control_plane.dashboard_url must be https:// URLs (http:// on a loopback host) without a query or a trailing slash, such as https://cloudapi.zenml.io."
  }
}

variable "server_url" {
  description = "The public URL at which this workspace server is reachable over TLS, such as `https://zenml.example.com`. The server reports it to the control plane and builds its links from it. `http://` is accepted only on a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`)."
  type        = string

  validation {
    condition     = !startswith(var.server_url, "http://") || can(regex("^http://(localhost|127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|\\[::1\\])(:[0-9]+)?$", var.server_url))
    error_message = "server_url is an http:// URL of a host that is not a loopback address: plain HTTP is only accepted for localhost, 127.0.0.0/8 or [::1]. Use https:// for every other host."
  }

  validation {
    condition     = can(regex("^(https://[A-Za-z0-9.-]+|http://(localhost|127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}|\\[::1\\]))(:[0-9]+)?$", var.server_url))
    error_message = "server_url must be an https:// URL (http:// on a loopback host) made of a host name and optional port only, without a path or a trailing slash, such as https://zenml.example.com."
  }
}

variable "database" {
  description = <<-EOT
    How the server reaches its MySQL database (8.0 or later; `engine` must be `mysql`: ZenML Pro workspace servers do not
    support PostgreSQL). `port` defaults to 3306; the password is never part of the URL: give it either as
    `database_password` or as `password_secret`, a reference the platform resolves (a Kubernetes secret `name`/`key` for
    Helm, a secret ARN and JSON key for ECS). `tls.enabled` turns TLS on; `tls.ca_certificate` (PEM) is the bundle the
    database's certificate is verified against, and `tls.verify_server_cert` (default: true when a bundle is given) turns
    that verification on.
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
      verify_server_cert = optional(bool)
      ca_certificate     = optional(string)
    }), {})
  })

  validation {
    condition     = var.database.engine == "mysql"
    error_message = "database.engine is \"${var.database.engine}\": ZenML Pro workspace servers support MySQL 8.0 or later only (not PostgreSQL or any other engine). Use a MySQL database and database.engine = \"mysql\" (the default)."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", var.database.host))
    error_message = "database.host must be a DNS name or an IP address without a scheme or port, such as the RDS instance's address."
  }

  validation {
    condition     = var.database.port == null || try(var.database.port >= 1 && var.database.port <= 65535 && floor(var.database.port) == var.database.port, false)
    error_message = "database.port must be a whole number from 1 to 65535, or null for MySQL's 3306."
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
    condition     = var.database.tls.verify_server_cert != true || var.database.tls.enabled
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
  description = <<-EOT
    The server image. `repository` defaults to ZenML's Pro server image in ZenML's Google Artifact Registry,
    `europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server` (also published to ZenML's AWS ECR as
    `715803424590.dkr.ecr.eu-central-1.amazonaws.com/zenml-pro-server`); access is granted by ZenML on request (see the
    README). The open-source image (`zenmldocker/zenml-server`) cannot serve Pro features and is only used when named,
    with a warning. `tag` must be pinned to a release (not `latest`) and should match the Helm chart version.
  EOT
  type = object({
    repository = optional(string, "europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server")
    tag        = string
  })

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9._/:-]*[a-z0-9])?$", var.image.repository)) && !strcontains(var.image.repository, "@")
    error_message = "image.repository must be an image repository without a tag or digest, such as europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server."
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

variable "trusted_proxies" {
  description = "Addresses or CIDR ranges of the proxies in front of the server (the load balancer or ingress controller) whose `X-Forwarded-For` and `X-Forwarded-Proto` headers the server trusts. Empty (the default): forwarded headers are ignored. `*` and `/0` ranges are refused: a client could then forge its address and scheme."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      for proxy in var.trusted_proxies :
      can(cidrhost(strcontains(proxy, "/") ? proxy : "${proxy}/${strcontains(proxy, ":") ? 128 : 32}", 0))
    ])
    error_message = "trusted_proxies must hold IP addresses or CIDR ranges, such as 10.40.240.0/24."
  }

  validation {
    condition     = alltrue([for proxy in var.trusted_proxies : proxy != "*" && !endswith(proxy, "/0")])
    error_message = "trusted_proxies must not hold * or a /0 range: list the load balancer's or ingress controller's own addresses, so that clients cannot forge X-Forwarded-* headers."
  }
}

variable "kubernetes" {
  description = <<-EOT
    Kubernetes settings of the Helm rendering: `service_account_name`, the service account the platform bound the
    server's cloud identity to (the chart runs the server and its migration under it, and does not create one);
    `pod_labels` and `pod_annotations` of every server and migration pod (such as Azure's
    `azure.workload.identity/use`); `server_secret_name`, a Kubernetes secret holding the server's secrets under the keys
    `enrollment-key`, `jwt-secret-key` and `secrets-store-encryption-key` (the chart reads the enrollment key from it
    through `enrollmentKeySecretRef`, never as a value).
  EOT
  type = object({
    service_account_name = optional(string, "zenml")
    pod_labels           = optional(map(string), {})
    pod_annotations      = optional(map(string), {})
    server_secret_name   = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", var.kubernetes.service_account_name))
    error_message = "kubernetes.service_account_name must be a Kubernetes name (lowercase letters, digits, hyphens and dots)."
  }

  validation {
    condition = alltrue([
      for key, value in var.kubernetes.pod_labels :
      can(regex("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$", key)) && can(regex("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$", value))
    ])
    error_message = "kubernetes.pod_labels must be valid Kubernetes label keys and values (no spaces, 63 characters at most)."
  }

  validation {
    condition     = var.kubernetes.server_secret_name == null || can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", coalesce(var.kubernetes.server_secret_name, "-")))
    error_message = "kubernetes.server_secret_name must be a Kubernetes secret name (lowercase letters, digits, hyphens and dots)."
  }
}
