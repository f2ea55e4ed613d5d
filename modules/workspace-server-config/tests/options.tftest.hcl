# Every engine and option, rendered for both the chart and a plain container.

variables {
  workspace = {
    id   = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
    name = "ml-platform"
  }
  organization = {
    id   = "0f1e2d3c-4b5a-4968-8776-655443322110"
    name = "acme"
  }
  server_url = "https://zenml.example.com"
  database = {
    host     = "10.20.30.40"
    username = "zenml"
    password_secret = {
      name = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1"
      key  = "password"
    }
  }
  image = {
    tag = "0.85.0"
  }
}

run "postgresql_renders_and_warns" {
  command = plan

  variables {
    database = {
      engine   = "postgresql"
      host     = "db.internal.example.com"
      name     = "zenml_pg"
      username = "zenml_app"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
    }
  }

  # The check block reports a warning: current servers support MySQL.
  expect_failures = [check.database_engine]

  assert {
    condition     = output.database_url == "postgresql://zenml_app@db.internal.example.com:5432/zenml_pg"
    error_message = "PostgreSQL URL is wrong: ${output.database_url}"
  }

  assert {
    condition     = output.container_environment.ZENML_STORE_URL == output.database_url && output.helm_values.zenml.database.url == output.database_url
    error_message = "Both renderings must use the PostgreSQL URL."
  }
}

run "mysql_custom_port" {
  command = plan

  variables {
    database = {
      host     = "mysql.internal"
      port     = 3307
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
    }
  }

  assert {
    condition     = output.database_url == "mysql://zenml@mysql.internal:3307/zenml"
    error_message = "An explicit port must be used."
  }
}

run "aws_secrets_store" {
  command = plan

  variables {
    secrets_store = {
      type = "aws"
      aws  = { region = "eu-west-1" }
    }
  }

  assert {
    condition = output.helm_values.zenml.secretsStore == {
      enabled = true
      type    = "aws"
      aws     = { authMethod = "implicit", authConfig = { region = "eu-west-1" } }
    }
    error_message = "The chart's AWS secrets store must authenticate implicitly (IRSA or Pod Identity)."
  }

  assert {
    condition = {
      for name, value in output.container_environment : name => value if startswith(name, "ZENML_SECRETS_STORE_")
      } == {
      ZENML_SECRETS_STORE_TYPE        = "aws"
      ZENML_SECRETS_STORE_AUTH_METHOD = "implicit"
      ZENML_SECRETS_STORE_AUTH_CONFIG = "{\"region\":\"eu-west-1\"}"
    }
    error_message = "The container's AWS secrets store settings are wrong."
  }

  assert {
    condition     = !contains(keys(output.secret_environment_names), "secrets_store_encryption_key")
    error_message = "A cloud secrets store needs no encryption key."
  }
}

run "gcp_secrets_store" {
  command = plan

  variables {
    secrets_store = {
      type = "gcp"
      gcp  = { project_id = "acme-ml-123" }
    }
  }

  assert {
    condition     = output.helm_values.zenml.secretsStore.gcp == { authMethod = "implicit", authConfig = { project_id = "acme-ml-123" } }
    error_message = "The chart's GCP secrets store must authenticate implicitly (Workload Identity)."
  }

  assert {
    condition     = output.container_environment.ZENML_SECRETS_STORE_AUTH_CONFIG == "{\"project_id\":\"acme-ml-123\"}"
    error_message = "The container's GCP secrets store settings are wrong."
  }
}

run "azure_secrets_store" {
  command = plan

  variables {
    secrets_store = {
      type  = "azure"
      azure = { key_vault_name = "zenml-prod-kv" }
    }
  }

  assert {
    condition     = output.helm_values.zenml.secretsStore.azure == { authMethod = "implicit", key_vault_name = "zenml-prod-kv" }
    error_message = "The chart's Azure secrets store must authenticate implicitly (workload identity)."
  }

  assert {
    condition     = output.container_environment.ZENML_SECRETS_STORE_KEY_VAULT_NAME == "zenml-prod-kv" && output.container_environment.ZENML_SECRETS_STORE_TYPE == "azure"
    error_message = "The container's Azure secrets store settings are wrong."
  }
}

run "tls_verification_with_a_ca_bundle" {
  command = plan

  variables {
    database = {
      host     = "10.20.30.40"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
      tls = {
        verify_server_cert = true
        ca_certificate     = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
      }
    }
  }

  assert {
    condition     = output.container_environment.ZENML_STORE_SSL_VERIFY_SERVER_CERT == "true" && startswith(output.container_environment.ZENML_STORE_SSL_CA, "-----BEGIN CERTIFICATE-----")
    error_message = "The container must verify the server certificate against the CA bundle."
  }

  assert {
    condition     = output.helm_values.zenml.database.sslVerifyServerCert && startswith(output.helm_values.zenml.database.sslCa.value, "-----BEGIN CERTIFICATE-----")
    error_message = "The chart must verify the server certificate against the CA bundle."
  }
}

run "tls_disabled" {
  command = plan

  variables {
    database = {
      host     = "10.20.30.40"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
      tls = {
        enabled = false
      }
    }
  }

  assert {
    condition     = !contains(keys(output.container_environment), "ZENML_STORE_SSL") && output.helm_values.zenml.database.ssl == false
    error_message = "TLS can be switched off explicitly."
  }
}

run "every_secret_given_inline" {
  command = plan

  variables {
    database = {
      host     = "10.20.30.40"
      username = "zenml"
    }
    database_password            = "database-password-for-tests"
    enrollment_key               = "enrollment-key-for-tests"
    jwt_secret_key               = "jwt-secret-key-for-tests-0123456789abcdef"
    secrets_store_encryption_key = "encryption-key-for-tests-0123456789abcdef"
  }

  assert {
    condition = nonsensitive(output.container_secret_environment) == {
      ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET = "enrollment-key-for-tests"
      ZENML_STORE_PASSWORD                  = "database-password-for-tests"
      ZENML_SERVER_JWT_SECRET_KEY           = "jwt-secret-key-for-tests-0123456789abcdef"
      ZENML_SECRETS_STORE_ENCRYPTION_KEY    = "encryption-key-for-tests-0123456789abcdef"
    }
    error_message = "Each inline secret must reach the secret environment under its variable."
  }

  assert {
    condition = nonsensitive(output.helm_sensitive_values) == {
      "zenml.pro.enrollmentKey"              = "enrollment-key-for-tests"
      "zenml.auth.jwtSecretKey"              = "jwt-secret-key-for-tests-0123456789abcdef"
      "zenml.secretsStore.sql.encryptionKey" = "encryption-key-for-tests-0123456789abcdef"
    }
    error_message = "The chart's secret values must be set by path, and the password must not be one of them."
  }

  assert {
    condition     = !contains(keys(output.helm_values.zenml.database), "passwordSecretRef")
    error_message = "Without a password secret reference the chart must not get one."
  }

  assert {
    condition = alltrue([
      for secret in ["database-password-for-tests", "enrollment-key-for-tests", "jwt-secret-key-for-tests", "encryption-key-for-tests"] :
      !strcontains(output.helm_values_yaml, secret) && !strcontains(jsonencode(output.container_environment), secret)
    ])
    error_message = "No secret may leak into the plain Helm values or the plain environment."
  }
}

run "self_hosted_control_plane_and_plain_container_options" {
  command = plan

  variables {
    control_plane = {
      api_url       = "https://zenml-pro.internal.example.com/api/v1"
      dashboard_url = "https://zenml-pro.internal.example.com"
    }
    container_port              = 8000
    migrate_database_on_startup = false
    replicas                    = 3
    image = {
      repository = "mirror.example.com:5000/zenml/zenml-server"
      tag        = "0.85.0"
    }
  }

  assert {
    condition = (
      output.container_environment.ZENML_SERVER_PRO_API_URL == "https://zenml-pro.internal.example.com/api/v1" &&
      output.container_environment.ZENML_SERVER_PRO_OAUTH2_AUDIENCE == "https://zenml-pro.internal.example.com/api/v1" &&
      output.container_environment.ZENML_SERVER_PRO_DASHBOARD_URL == "https://zenml-pro.internal.example.com" &&
      output.helm_values.zenml.pro.apiURL == "https://zenml-pro.internal.example.com/api/v1"
    )
    error_message = "A self-hosted control plane's URLs (audience = API URL) must be used."
  }

  assert {
    condition     = slice(output.container_command, length(output.container_command) - 2, length(output.container_command)) == ["--port", "8000"]
    error_message = "The container command must listen on the chosen port."
  }

  assert {
    condition     = output.container_environment.DISABLE_DATABASE_MIGRATION == "True"
    error_message = "Startup migrations can be turned off for a one-off migration task."
  }

  assert {
    condition     = output.helm_values.zenml.replicaCount == 3 && output.image == "mirror.example.com:5000/zenml/zenml-server:0.85.0"
    error_message = "Replicas or a mirrored image repository is not used."
  }
}

run "single_replica_warns" {
  command = plan

  variables {
    replicas = 1
  }

  expect_failures = [check.high_availability]

  assert {
    condition     = output.helm_values.zenml.replicaCount == 1
    error_message = "A single replica is allowed (with a warning)."
  }
}
