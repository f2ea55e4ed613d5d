# Pure configuration: no provider, no resource. Everything the ZenML server
# needs is computed once here and rendered twice, as Helm values for the ZenML
# chart and as a container environment for plain containers (ECS), so that
# both deployment styles stay in step.

locals {
  default_port = {
    mysql      = 3306
    postgresql = 5432
  }
  database_port = coalesce(var.database.port, local.default_port[var.database.engine])

  # The password is never part of the URL: it is injected separately as
  # ZENML_STORE_PASSWORD (from a secret), which the server combines with the URL.
  database_url = format(
    "%s://%s@%s:%d/%s",
    var.database.engine,
    var.database.username,
    var.database.host,
    local.database_port,
    var.database.name,
  )

  tls = var.database.tls

  image = "${var.image.repository}:${var.image.tag}"

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
  # database password is not among them: the chart reads it from a Kubernetes
  # secret (zenml.database.passwordSecretRef).
  helm_secret_paths = {
    enrollment_key               = "zenml.pro.enrollmentKey"
    jwt_secret_key               = "zenml.auth.jwtSecretKey"
    secrets_store_encryption_key = "zenml.secretsStore.sql.encryptionKey"
  }

  secret_values = {
    enrollment_key               = var.enrollment_key
    database_password            = var.database_password
    jwt_secret_key               = var.jwt_secret_key
    secrets_store_encryption_key = var.secrets_store_encryption_key
  }

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
      pro = {
        enabled          = true
        apiURL           = var.control_plane.api_url
        dashboardURL     = var.control_plane.dashboard_url
        organizationID   = var.organization.id
        organizationName = var.organization.name
        workspaceID      = var.workspace.id
        workspaceName    = var.workspace.name
      }
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
    resources = {
      requests = { for name, quantity in var.resources.requests : name => quantity if quantity != null }
      limits   = { for name, quantity in var.resources.limits : name => quantity if quantity != null }
    }
  }

  # ---------------------------------------------------------------------------
  # Container environment (non-secret), the same settings as the chart renders.
  # ---------------------------------------------------------------------------
  container_environment = merge(
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
    var.migrate_database_on_startup ? null : { DISABLE_DATABASE_MIGRATION = "True" },
  )

  # The image starts uvicorn on 8080; the same command with another port.
  container_command = [
    "uvicorn", "zenml.zen_server.zen_server_api:app",
    "--no-server-header", "--proxy-headers", "--forwarded-allow-ips", "*",
    "--host", "0.0.0.0", "--port", tostring(var.container_port),
  ]
}

check "database_engine" {
  assert {
    condition     = var.database.engine == "mysql"
    error_message = "database.engine is \"postgresql\": current ZenML workspace servers support MySQL 8.0 or later; PostgreSQL support depends on the server version. Prefer MySQL unless your ZenML version documents PostgreSQL."
  }
}

check "high_availability" {
  assert {
    condition     = var.replicas >= 2
    error_message = "replicas is ${var.replicas}: a single server replica is unavailable during upgrades and node failures. Use 2 or more in production."
  }
}
