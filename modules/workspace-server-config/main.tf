# Pure configuration: no provider, no resource. Everything the ZenML server
# needs is computed once here and rendered twice, as Helm values for the ZenML
# chart and as a container environment for plain containers (ECS), so that
# both deployment styles stay in step.

locals {
  # The password is never part of the URL: it is injected separately as
  # ZENML_STORE_PASSWORD (from a secret), which the server combines with the URL.
  database_url = format(
    "mysql://%s@%s:%d/%s",
    var.database.username,
    var.database.host,
    coalesce(var.database.port, 3306),
    var.database.name,
  )

  # Verification follows the CA bundle unless it is set explicitly: a bundle
  # is given exactly to verify the server against it.
  tls = {
    enabled            = var.database.tls.enabled
    verify_server_cert = coalesce(var.database.tls.verify_server_cert, var.database.tls.enabled && var.database.tls.ca_certificate != null)
    ca_certificate     = var.database.tls.ca_certificate
  }

  image = "${var.image.repository}:${var.image.tag}"

  # The open-source server image: no Pro features; only ever used when asked
  # for by name (see check.pro_server_image).
  open_source_image = can(regex("(^|/)zenmldocker/zenml-server$", var.image.repository))

  # Forwarded headers are trusted from the given proxies only; without any,
  # the server ignores them (and sees the proxy as the client).
  trusted_proxies = join(",", var.trusted_proxies)

  # ---------------------------------------------------------------------------
  # Secrets: which settings must reach the server as secrets, and under which
  # environment variable. Platforms inject exactly these (by reference where
  # they can); the ECS module fails to plan if one of them is not wired.
  # ---------------------------------------------------------------------------
  secret_environment_names = merge(
    {
      enrollment_key    = "ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET"
      database_password = "ZENML_STORE_PASSWORD"
      jwt_secret_key    = "ZENML_SERVER_JWT_SECRET_KEY"
    },
    var.secrets_store.type == "sql" ? { secrets_store_encryption_key = "ZENML_SECRETS_STORE_ENCRYPTION_KEY" } : null,
  )

  # Helm value paths of the secrets the chart only accepts as values. The
  # database password and the enrollment key are not among them: the chart
  # reads both from Kubernetes secrets (passwordSecretRef,
  # enrollmentKeySecretRef).
  helm_secret_paths = {
    jwt_secret_key               = "zenml.auth.jwtSecretKey"
    secrets_store_encryption_key = "zenml.secretsStore.sql.encryptionKey"
  }

  secret_values = {
    enrollment_key               = var.enrollment_key
    database_password            = var.database_password
    jwt_secret_key               = var.jwt_secret_key
    secrets_store_encryption_key = var.secrets_store_encryption_key
  }

  # The keys of the Kubernetes secret `kubernetes.server_secret_name`.
  server_secret_keys = {
    enrollment_key               = "enrollment-key"
    jwt_secret_key               = "jwt-secret-key"
    secrets_store_encryption_key = "secrets-store-encryption-key"
  }

  # Where each secret lives in Kubernetes (secret name and key), when the
  # platform keeps the server's secrets there.
  kubernetes_secret_refs = var.kubernetes.server_secret_name == null ? null : merge(
    {
      for setting, key in local.server_secret_keys : setting => { name = var.kubernetes.server_secret_name, key = key }
      if contains(keys(local.secret_environment_names), setting)
    },
    var.database.password_secret != null ? { database_password = var.database.password_secret } : null,
  )

  # ---------------------------------------------------------------------------
  # Secrets store.
  # ---------------------------------------------------------------------------
  secrets_store_helm = merge(
    {
      enabled = true
      type    = var.secrets_store.type
    },
    var.secrets_store.type == "aws" ? {
      aws = {
        authMethod = "implicit"
        authConfig = { region = var.secrets_store.aws.region }
      }
    } : null,
    var.secrets_store.type == "gcp" ? {
      gcp = {
        authMethod = "implicit"
        authConfig = { project_id = var.secrets_store.gcp.project_id }
      }
    } : null,
    var.secrets_store.type == "azure" ? {
      azure = {
        authMethod     = "implicit"
        key_vault_name = var.secrets_store.azure.key_vault_name
      }
    } : null,
  )

  secrets_store_environment = merge(
    { ZENML_SECRETS_STORE_TYPE = var.secrets_store.type },
    var.secrets_store.type == "aws" ? {
      ZENML_SECRETS_STORE_AUTH_METHOD = "implicit"
      ZENML_SECRETS_STORE_AUTH_CONFIG = jsonencode({ region = var.secrets_store.aws.region })
    } : null,
    var.secrets_store.type == "gcp" ? {
      ZENML_SECRETS_STORE_AUTH_METHOD = "implicit"
      ZENML_SECRETS_STORE_AUTH_CONFIG = jsonencode({ project_id = var.secrets_store.gcp.project_id })
    } : null,
    var.secrets_store.type == "azure" ? {
      ZENML_SECRETS_STORE_AUTH_METHOD    = "implicit"
      ZENML_SECRETS_STORE_KEY_VAULT_NAME = var.secrets_store.azure.key_vault_name
    } : null,
  )

  # ---------------------------------------------------------------------------
  # Helm values (non-secret) for the ZenML chart.
  # ---------------------------------------------------------------------------
  helm_values = {
    zenml = {
      replicaCount = var.replicas
      image = {
        repository = var.image.repository
        tag        = var.image.tag
        pullPolicy = "IfNotPresent"
      }
      # The chart defaults to debug logging and keeps failed hook pods.
      debug     = false
      serverURL = var.server_url
      # Users' service connectors must never borrow the server's own cloud
      # identity; the secrets store authenticates implicitly regardless.
      enableImplicitAuthMethods = false
      pro = merge(
        {
          enabled          = true
          apiURL           = var.control_plane.api_url
          dashboardURL     = var.control_plane.dashboard_url
          organizationID   = var.organization.id
          organizationName = var.organization.name
          workspaceID      = var.workspace.id
          workspaceName    = var.workspace.name
        },
        # Never the key itself: without a reference the chart would generate
        # a random key, so the Helm module always keeps it in its secret.
        local.kubernetes_secret_refs != null ? { enrollmentKeySecretRef = local.kubernetes_secret_refs.enrollment_key } : null,
      )
      # Uvicorn trusts X-Forwarded-* from the load balancer or ingress only:
      # trusted blindly, a client could forge its address (and dodge the
      # login rate limit) or its scheme.
      proxyHeaders = merge(
        { enabled = length(var.trusted_proxies) > 0 },
        length(var.trusted_proxies) > 0 ? { forwardedAllowIPs = local.trusted_proxies } : null,
      )
      database = merge(
        {
          url                 = local.database_url
          ssl                 = local.tls.enabled
          sslVerifyServerCert = local.tls.verify_server_cert
        },
        local.tls.ca_certificate != null ? { sslCa = { value = local.tls.ca_certificate } } : null,
        var.database.password_secret != null ? {
          passwordSecretRef = {
            name = var.database.password_secret.name
            key  = var.database.password_secret.key
          }
        } : null,
      )
      secretsStore = local.secrets_store_helm
    }
    # The platform binds its cloud identity to one service account, which the
    # Helm module creates: with `create = false` the chart runs both the
    # server pods and its migration hook Job under it (a created account
    # would give the hook a second one, `<name>-db-migration`).
    serviceAccount = {
      create = false
      name   = var.kubernetes.service_account_name
    }
    # The chart puts podAnnotations on the server pods and on the migration
    # hook Job's pod alike.
    podAnnotations = var.kubernetes.pod_annotations
    resources = {
      requests = { for name, quantity in var.resources.requests : name => quantity if quantity != null }
      limits   = { for name, quantity in var.resources.limits : name => quantity if quantity != null }
    }
  }

  # ---------------------------------------------------------------------------
  # Container environment (non-secret), the same settings as the chart renders.
  # ---------------------------------------------------------------------------
  migration_environment = merge(
    {
      ZENML_SERVER                       = "True"
      ZENML_LOGGING_VERBOSITY            = "INFO"
      ZENML_SERVER_DEPLOYMENT_TYPE       = "cloud"
      ZENML_SERVER_SERVER_URL            = var.server_url
      ZENML_SERVER_PRO_API_URL           = var.control_plane.api_url
      ZENML_SERVER_PRO_DASHBOARD_URL     = var.control_plane.dashboard_url
      ZENML_SERVER_PRO_OAUTH2_AUDIENCE   = var.control_plane.api_url
      ZENML_SERVER_PRO_ORGANIZATION_ID   = var.organization.id
      ZENML_SERVER_PRO_ORGANIZATION_NAME = var.organization.name
      ZENML_SERVER_PRO_WORKSPACE_ID      = var.workspace.id
      ZENML_SERVER_PRO_WORKSPACE_NAME    = var.workspace.name
      ZENML_STORE_TYPE                   = "sql"
      ZENML_STORE_URL                    = local.database_url
      ZENML_STORE_SSL_VERIFY_SERVER_CERT = local.tls.verify_server_cert ? "true" : "false"
    },
    local.tls.enabled ? { ZENML_STORE_SSL = "true" } : null,
    local.tls.ca_certificate != null ? { ZENML_STORE_SSL_CA = local.tls.ca_certificate } : null,
    local.secrets_store_environment,
  )

  # Server containers never migrate the schema: one migration runs before
  # them (the chart's hook Job, a Kubernetes Job of the Helm module, or the
  # single migrating ECS task), as the chart does for its server pods.
  container_environment = merge(local.migration_environment, { DISABLE_DATABASE_MIGRATION = "True" })

  # Arguments only: the server images' ENTRYPOINT is
  # `uvicorn zenml.zen_server.zen_server_api:app --log-level debug
  # --no-server-header --proxy-headers --forwarded-allow-ips *`, and a
  # container command (the Docker CMD) is appended to it. Uvicorn takes the
  # last value of a repeated option, so these replace the entrypoint's debug
  # logging and its trust of every proxy.
  container_command = concat(
    ["--host", "0.0.0.0", "--port", tostring(var.container_port), "--log-level", "info"],
    length(var.trusted_proxies) > 0 ? ["--proxy-headers", "--forwarded-allow-ips", local.trusted_proxies] : ["--no-proxy-headers"],
  )

  # A one-off migration replaces the entrypoint: it runs the ZenML CLI, not
  # the server.
  migration_entrypoint = ["zenml"]
  migration_command    = ["migrate-database"]

  # Where the migration runs on Kubernetes. The chart's hook Job takes the
  # service account and the pod annotations from the values above, but the
  # chart has no value for pod labels and Helm 3 post-renders no hook: with
  # pod labels (Azure workload identity) the Helm module disables the chart's
  # hooks and runs this Job itself, before the release.
  kubernetes_migration = length(var.kubernetes.pod_labels) > 0 ? "job" : "chart-hook"

  kubernetes_migration_job = local.kubernetes_secret_refs == null ? null : {
    labels = merge(var.kubernetes.pod_labels, {
      "app.kubernetes.io/name"      = "zenml"
      "app.kubernetes.io/component" = "db-migration"
    })
    annotations          = var.kubernetes.pod_annotations
    service_account_name = var.kubernetes.service_account_name
    image                = local.image
    command              = local.migration_entrypoint
    args                 = local.migration_command
    environment          = local.migration_environment
    secret_environment = {
      for setting, variable_name in local.secret_environment_names : variable_name => local.kubernetes_secret_refs[setting]
    }
  }
}

check "pro_server_image" {
  assert {
    condition     = !local.open_source_image
    error_message = "image.repository is ${var.image.repository}, the open-source ZenML server: it cannot serve ZenML Pro features. A hybrid workspace runs ZenML's Pro server image (the default, or your mirror of it); see the README for access."
  }
}

check "high_availability" {
  assert {
    condition     = var.replicas >= 2
    error_message = "replicas is ${var.replicas}: a single server replica is unavailable during upgrades and node failures. Use 2 or more in production."
  }
}
