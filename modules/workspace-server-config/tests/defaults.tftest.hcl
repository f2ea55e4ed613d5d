# The default rendering: MySQL with TLS, the sql secrets store, two replicas,
# the SaaS control plane. No provider is involved; every run only plans.

variables {
  workspace = {
    id   = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
    name = "ml-platform"
  }
  enrollment_key = "enrollment-key-for-tests"
  organization = {
    id   = "0f1e2d3c-4b5a-4968-8776-655443322110"
    name = "acme"
  }
  server_url = "https://zenml.example.com"
  database = {
    host     = "zenml.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    username = "zenml"
    password_secret = {
      name = "zenml-database"
      key  = "password"
    }
  }
  image = {
    tag = "0.85.0"
  }
}

run "container_environment_has_every_pro_variable" {
  command = plan

  assert {
    condition = {
      for name, value in output.container_environment : name => value
      if startswith(name, "ZENML_SERVER_PRO_")
      } == {
      ZENML_SERVER_PRO_API_URL           = "https://cloudapi.zenml.io"
      ZENML_SERVER_PRO_DASHBOARD_URL     = "https://cloud.zenml.io"
      ZENML_SERVER_PRO_OAUTH2_AUDIENCE   = "https://cloudapi.zenml.io"
      ZENML_SERVER_PRO_ORGANIZATION_ID   = "0f1e2d3c-4b5a-4968-8776-655443322110"
      ZENML_SERVER_PRO_ORGANIZATION_NAME = "acme"
      ZENML_SERVER_PRO_WORKSPACE_ID      = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
      ZENML_SERVER_PRO_WORKSPACE_NAME    = "ml-platform"
    }
    error_message = "The plain ZENML_SERVER_PRO_* variables are not exactly the expected set."
  }

  assert {
    condition     = output.secret_environment_names.enrollment_key == "ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET"
    error_message = "The enrollment key must travel as ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET."
  }

  assert {
    condition     = !contains(keys(output.container_environment), "ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET")
    error_message = "The enrollment key must never be part of the plain container environment."
  }

  assert {
    condition     = nonsensitive(output.container_secret_environment["ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET"]) == "enrollment-key-for-tests"
    error_message = "The enrollment key given to the module must reach the secret environment."
  }

  assert {
    condition     = output.container_environment.ZENML_SERVER_DEPLOYMENT_TYPE == "cloud"
    error_message = "A hybrid workspace server runs with deployment type cloud."
  }

  assert {
    condition     = output.container_environment.ZENML_SERVER_SERVER_URL == "https://zenml.example.com"
    error_message = "ZENML_SERVER_SERVER_URL must be the server's public URL."
  }
}

run "database_url_never_carries_the_password" {
  command = plan

  assert {
    condition     = output.database_url == "mysql://zenml@zenml.abcdefghijkl.eu-west-1.rds.amazonaws.com:3306/zenml"
    error_message = "Default MySQL URL is wrong: ${output.database_url}"
  }

  assert {
    condition     = output.container_environment.ZENML_STORE_URL == output.database_url
    error_message = "The container must use the computed database URL."
  }

  assert {
    condition     = output.helm_values.zenml.database.url == output.database_url
    error_message = "The chart must use the computed database URL."
  }

  assert {
    condition     = output.helm_values.zenml.database.passwordSecretRef == { name = "zenml-database", key = "password" }
    error_message = "The chart must read the password from the referenced Kubernetes secret."
  }

  assert {
    condition     = output.secret_environment_names.database_password == "ZENML_STORE_PASSWORD"
    error_message = "The password must travel as ZENML_STORE_PASSWORD."
  }

  assert {
    condition     = !contains(keys(nonsensitive(output.container_secret_environment)), "ZENML_STORE_PASSWORD")
    error_message = "A password given by reference must not appear as a value."
  }
}

run "tls_on_by_default" {
  command = plan

  assert {
    condition     = output.container_environment.ZENML_STORE_SSL == "true" && output.container_environment.ZENML_STORE_SSL_VERIFY_SERVER_CERT == "false"
    error_message = "TLS must be on by default (verification needs a CA certificate)."
  }

  assert {
    condition     = output.helm_values.zenml.database.ssl == true && output.helm_values.zenml.database.sslVerifyServerCert == false
    error_message = "The chart must enable database TLS by default."
  }

  assert {
    condition     = !contains(keys(output.container_environment), "ZENML_STORE_SSL_CA")
    error_message = "No CA certificate was given, none must be rendered."
  }
}

run "helm_values_match_the_chart" {
  command = plan

  assert {
    condition = output.helm_values.zenml.pro == {
      enabled          = true
      apiURL           = "https://cloudapi.zenml.io"
      dashboardURL     = "https://cloud.zenml.io"
      organizationID   = "0f1e2d3c-4b5a-4968-8776-655443322110"
      organizationName = "acme"
      workspaceID      = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b"
      workspaceName    = "ml-platform"
    }
    error_message = "zenml.pro.* values are not the expected ones."
  }

  assert {
    condition     = output.helm_values.zenml.serverURL == "https://zenml.example.com" && output.helm_values.zenml.replicaCount == 2
    error_message = "serverURL or replicaCount is wrong."
  }

  assert {
    condition     = output.helm_values.zenml.image == { repository = "europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server", tag = "0.85.0", pullPolicy = "IfNotPresent" }
    error_message = "The image must default to ZenML's Pro server image at the pinned tag, never the open-source one."
  }

  assert {
    condition     = output.helm_values.zenml.debug == false && output.helm_values.zenml.enableImplicitAuthMethods == false
    error_message = "Debug mode and implicit auth methods for users' connectors must be off."
  }

  assert {
    condition     = output.helm_values.resources == { requests = { cpu = "500m", memory = "1Gi" }, limits = { memory = "2Gi" } }
    error_message = "Default resources are wrong."
  }

  assert {
    condition     = jsonencode(yamldecode(output.helm_values_yaml)) == jsonencode(output.helm_values)
    error_message = "helm_values_yaml must render helm_values."
  }

  assert {
    condition     = !strcontains(output.helm_values_yaml, "enrollment-key-for-tests")
    error_message = "The enrollment key must never be part of the plain Helm values."
  }

  assert {
    condition     = nonsensitive(output.helm_sensitive_values) == {}
    error_message = "The enrollment key must never be a Helm value (the chart reads it through enrollmentKeySecretRef)."
  }

  assert {
    condition     = !contains(keys(output.helm_values.zenml.pro), "enrollmentKey") && !contains(keys(output.helm_values.zenml.pro), "enrollmentKeySecretRef")
    error_message = "Without a Kubernetes secret the chart gets neither the key nor a reference to it."
  }

  assert {
    condition     = output.helm_values.serviceAccount == { create = false, name = "zenml" } && length(output.helm_values.podAnnotations) == 0
    error_message = "The chart must run its server and its migration hook under the platform's one service account, which it does not create."
  }

  assert {
    condition     = output.helm_values.zenml.proxyHeaders == { enabled = false }
    error_message = "Without trusted proxies the chart must ignore forwarded headers."
  }
}

run "sql_secrets_store_needs_its_encryption_key_as_a_secret" {
  command = plan

  assert {
    condition     = output.helm_values.zenml.secretsStore == { enabled = true, type = "sql" }
    error_message = "The default secrets store is sql."
  }

  assert {
    condition     = output.container_environment.ZENML_SECRETS_STORE_TYPE == "sql"
    error_message = "The container must use the sql secrets store."
  }

  assert {
    condition = output.secret_environment_names == {
      enrollment_key               = "ZENML_SERVER_PRO_OAUTH2_CLIENT_SECRET"
      database_password            = "ZENML_STORE_PASSWORD"
      jwt_secret_key               = "ZENML_SERVER_JWT_SECRET_KEY"
      secrets_store_encryption_key = "ZENML_SECRETS_STORE_ENCRYPTION_KEY"
    }
    error_message = "The sql secrets store needs the four secrets."
  }

  assert {
    condition     = length([for name in keys(output.container_environment) : name if strcontains(name, "SECRET_KEY") || strcontains(name, "ENCRYPTION_KEY") || strcontains(name, "PASSWORD") || strcontains(name, "CLIENT_SECRET")]) == 0
    error_message = "No secret-looking variable may be part of the plain container environment."
  }
}

run "container_command_and_migrations" {
  command = plan

  assert {
    condition     = output.container_command == ["--host", "0.0.0.0", "--port", "8080", "--log-level", "info", "--no-proxy-headers"]
    error_message = "The container command must be arguments to the image's uvicorn entrypoint, never a command line repeating it: ${jsonencode(output.container_command)}"
  }

  assert {
    condition     = !contains(output.container_command, "uvicorn") && !contains(output.container_command, "zenml.zen_server.zen_server_api:app") && !contains(output.container_command, "*")
    error_message = "The arguments must not repeat the entrypoint, nor trust every proxy."
  }

  assert {
    condition     = output.migration_entrypoint == ["zenml"] && output.migration_command == ["migrate-database"]
    error_message = "A one-off migration runs the ZenML CLI in place of the server's entrypoint."
  }

  assert {
    condition     = output.container_port == 8080
    error_message = "By default the container listens on the image's port 8080."
  }

  assert {
    condition     = output.container_environment.DISABLE_DATABASE_MIGRATION == "True"
    error_message = "Server containers must never migrate the database: one migration runs before them."
  }

  assert {
    condition = (
      !contains(keys(output.migration_environment), "DISABLE_DATABASE_MIGRATION") &&
      merge(output.migration_environment, { DISABLE_DATABASE_MIGRATION = "True" }) == output.container_environment
    )
    error_message = "The migration's environment must be the server's, with migrations enabled."
  }

  assert {
    condition     = output.container_environment_list[0].name == "DISABLE_DATABASE_MIGRATION" && length(output.container_environment_list) == length(output.container_environment)
    error_message = "container_environment_list must hold every variable, sorted by name."
  }

  assert {
    condition     = tolist([for variable in output.migration_environment_list : variable.name]) == sort(keys(output.migration_environment))
    error_message = "migration_environment_list must hold every variable, sorted by name."
  }

  assert {
    condition     = output.health_check_path == "/health" && output.image == "europe-west3-docker.pkg.dev/zenml-cloud/zenml-pro/zenml-pro-server:0.85.0" && output.replicas == 2
    error_message = "Health check path, image or replicas is wrong."
  }

  assert {
    condition     = output.kubernetes_migration == "chart-hook" && output.kubernetes_migration_job == null
    error_message = "Without pod labels the chart's hook migrates; without a Kubernetes secret there is no Job to render."
  }
}
