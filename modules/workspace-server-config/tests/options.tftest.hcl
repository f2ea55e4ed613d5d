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
        # verify_server_cert follows the bundle.
        ca_certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
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
      "zenml.auth.jwtSecretKey"              = "jwt-secret-key-for-tests-0123456789abcdef"
      "zenml.secretsStore.sql.encryptionKey" = "encryption-key-for-tests-0123456789abcdef"
    }
    error_message = "The chart's secret values must be set by path; neither the password nor the enrollment key may be one of them."
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
    container_port = 8000
    replicas       = 3
    image = {
      repository = "mirror.example.com:5000/zenml/zenml-pro-server"
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
    condition     = slice(output.container_command, 0, 4) == ["--host", "0.0.0.0", "--port", "8000"]
    error_message = "The container command must listen on the chosen port."
  }

  assert {
    condition     = output.helm_values.zenml.replicaCount == 3 && output.image == "mirror.example.com:5000/zenml/zenml-pro-server:0.85.0"
    error_message = "Replicas or a mirrored image repository is not used."
  }
}

run "forwarded_headers_are_trusted_from_the_given_proxies_only" {
  command = plan

  variables {
    trusted_proxies = ["10.40.240.0/24", "10.40.241.0/24", "fd00::1"]
  }

  assert {
    condition     = slice(output.container_command, 6, length(output.container_command)) == ["--proxy-headers", "--forwarded-allow-ips", "10.40.240.0/24,10.40.241.0/24,fd00::1"]
    error_message = "The container must trust forwarded headers from the listed proxies only: ${jsonencode(output.container_command)}"
  }

  assert {
    condition     = output.helm_values.zenml.proxyHeaders == { enabled = true, forwardedAllowIPs = "10.40.240.0/24,10.40.241.0/24,fd00::1" }
    error_message = "The chart must trust forwarded headers from the listed proxies only."
  }
}

run "kubernetes_secrets_are_referenced_never_passed" {
  command = plan

  variables {
    enrollment_key = "enrollment-key-for-tests"
    kubernetes = {
      service_account_name = "zenml-server"
      pod_annotations      = { "zenml.io/enrollment-key-version" = "2" }
      server_secret_name   = "zenml-server"
    }
    database = {
      host     = "10.20.30.40"
      username = "zenml"
      password_secret = {
        name = "zenml-database"
        key  = "password"
      }
    }
  }

  assert {
    condition     = output.helm_values.zenml.pro.enrollmentKeySecretRef == { name = "zenml-server", key = "enrollment-key" }
    error_message = "The chart must read the enrollment key from the module's Kubernetes secret."
  }

  assert {
    condition     = !contains(keys(output.helm_values.zenml.pro), "enrollmentKey") && !strcontains(output.helm_values_yaml, "enrollment-key-for-tests") && nonsensitive(output.helm_sensitive_values) == {}
    error_message = "The enrollment key must never be a Helm value."
  }

  assert {
    condition     = output.helm_values.serviceAccount == { create = false, name = "zenml-server" }
    error_message = "Server pods and the migration hook must run under the platform's service account."
  }

  assert {
    condition     = output.helm_values.podAnnotations == tomap({ "zenml.io/enrollment-key-version" = "2" })
    error_message = "The pod annotations must reach the chart's podAnnotations, which the server pods and the hook Job share."
  }

  assert {
    condition     = output.kubernetes_migration == "chart-hook"
    error_message = "Without pod labels the chart's hook Job carries everything the server pods carry."
  }

  assert {
    condition = output.kubernetes_migration_job.secret_environment == {
      ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET = { name = "zenml-server", key = "enrollment-key" }
      ZENML_STORE_PASSWORD                  = { name = "zenml-database", key = "password" }
      ZENML_SERVER_JWT_SECRET_KEY           = { name = "zenml-server", key = "jwt-secret-key" }
      ZENML_SECRETS_STORE_ENCRYPTION_KEY    = { name = "zenml-server", key = "secrets-store-encryption-key" }
    }
    error_message = "Every secret of a migration Job must come from a Kubernetes secret reference."
  }
}

run "pod_labels_move_the_migration_into_a_job_with_every_label" {
  command = plan

  variables {
    kubernetes = {
      service_account_name = "zenml"
      pod_labels           = { "azure.workload.identity/use" = "true" }
      pod_annotations      = { "example.com/owner" = "ml-platform" }
      server_secret_name   = "zenml-server"
    }
    secrets_store = {
      type  = "azure"
      azure = { key_vault_name = "zenml-prod-kv" }
    }
  }

  assert {
    condition     = output.kubernetes_migration == "job"
    error_message = "The chart cannot label its hook Job: with pod labels the migration must run as the module's Job."
  }

  assert {
    condition = (
      output.kubernetes_migration_job.labels["azure.workload.identity/use"] == "true" &&
      output.kubernetes_migration_job.labels["app.kubernetes.io/component"] == "db-migration" &&
      output.kubernetes_migration_job.annotations == tomap({ "example.com/owner" = "ml-platform" }) &&
      output.kubernetes_migration_job.service_account_name == "zenml"
    )
    error_message = "The migration Job must carry the server pods' labels, annotations and service account."
  }

  assert {
    condition = (
      output.kubernetes_migration_job.command == ["zenml"] &&
      output.kubernetes_migration_job.args == ["migrate-database"] &&
      output.kubernetes_migration_job.image == output.image &&
      output.kubernetes_migration_job.environment == output.migration_environment &&
      output.kubernetes_migration_job.environment.ZENML_SECRETS_STORE_KEY_VAULT_NAME == "zenml-prod-kv"
    )
    error_message = "The migration Job must run zenml migrate-database with the server's settings and the Key Vault secrets store."
  }

  assert {
    condition     = !contains(keys(output.kubernetes_migration_job.secret_environment), "ZENML_SECRETS_STORE_ENCRYPTION_KEY")
    error_message = "A cloud secrets store has no encryption key to inject."
  }
}

run "open_source_image_only_by_name_and_with_a_warning" {
  command = plan

  variables {
    image = {
      repository = "zenmldocker/zenml-server"
      tag        = "0.85.0"
    }
  }

  expect_failures = [check.pro_server_image]

  assert {
    condition     = output.image == "zenmldocker/zenml-server:0.85.0"
    error_message = "The open-source image is used when asked for by name."
  }
}

run "plain_http_on_loopback_hosts" {
  command = plan

  variables {
    control_plane = {
      api_url       = "http://127.0.0.1:8080/api/v1"
      dashboard_url = "http://localhost:8080"
    }
    server_url = "http://[::1]:8237"
  }

  assert {
    condition = (
      output.container_environment.ZENML_SERVER_PRO_API_URL == "http://127.0.0.1:8080/api/v1" &&
      output.helm_values.zenml.pro.dashboardURL == "http://localhost:8080" &&
      output.server_url == "http://[::1]:8237"
    )
    error_message = "http:// URLs of loopback hosts (a local mock control plane) must be accepted."
  }
}

run "plain_http_on_other_loopback_addresses" {
  command = plan

  variables {
    control_plane = {
      api_url       = "http://127.255.10.1"
      dashboard_url = "https://cloud.zenml.io"
    }
    server_url = "http://127.0.0.1"
  }

  assert {
    condition     = output.helm_values.zenml.pro.apiURL == "http://127.255.10.1" && output.server_url == "http://127.0.0.1"
    error_message = "Every address of 127.0.0.0/8 is a loopback address."
  }
}

run "tls_verification_follows_the_bundle_unless_set" {
  command = plan

  variables {
    database = {
      host     = "zenml.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
      tls = {
        verify_server_cert = false
        ca_certificate     = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
      }
    }
  }

  assert {
    condition     = output.helm_values.zenml.database.sslVerifyServerCert == false && output.container_environment.ZENML_STORE_SSL_VERIFY_SERVER_CERT == "false"
    error_message = "An explicit verify_server_cert = false must win over the bundle."
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
