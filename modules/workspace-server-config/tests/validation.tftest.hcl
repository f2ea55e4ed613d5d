# Invalid inputs and refused combinations are rejected at plan time, each
# with a message that names the fix.

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
      name = "zenml-db"
      key  = "password"
    }
  }
  image = {
    tag = "0.85.0"
  }
}

run "workspace_id_must_be_a_uuid" {
  command = plan
  variables {
    workspace = { id = "not-a-uuid", name = "ml-platform" }
  }
  expect_failures = [var.workspace]
}

run "workspace_name_must_be_a_slug" {
  command = plan
  variables {
    workspace = { id = "6a2c7f3e-1b4d-4e5f-8a9b-0c1d2e3f4a5b", name = "ML Platform" }
  }
  expect_failures = [var.workspace]
}

run "organization_id_must_be_a_uuid" {
  command = plan
  variables {
    organization = { id = "acme", name = "acme" }
  }
  expect_failures = [var.organization]
}

run "enrollment_key_must_not_be_empty" {
  command = plan
  variables {
    enrollment_key = " "
  }
  expect_failures = [var.enrollment_key]
}

run "server_url_must_be_https" {
  command = plan
  variables {
    server_url = "http://zenml.example.com"
  }
  expect_failures = [var.server_url]
}

run "server_url_must_not_have_a_path" {
  command = plan
  variables {
    server_url = "https://example.com/zenml/"
  }
  expect_failures = [var.server_url]
}

run "control_plane_must_be_https" {
  command = plan
  variables {
    control_plane = { api_url = "http://cloudapi.zenml.io" }
  }
  expect_failures = [var.control_plane]
}

run "dashboard_must_be_https" {
  command = plan
  variables {
    control_plane = { dashboard_url = "http://cloud.zenml.io" }
  }
  expect_failures = [var.control_plane]
}

# Hosts that only look like loopback addresses.
run "http_on_a_name_starting_with_localhost_is_refused" {
  command = plan
  variables {
    control_plane = { api_url = "http://localhost.example.com/api/v1" }
  }
  expect_failures = [var.control_plane]
}

run "http_on_a_name_starting_with_127_is_refused" {
  command = plan
  variables {
    control_plane = { api_url = "http://127.0.0.1.example.com" }
  }
  expect_failures = [var.control_plane]
}

run "http_outside_127_0_0_0_8_is_refused" {
  command = plan
  variables {
    control_plane = { api_url = "http://128.0.0.1:8080" }
  }
  expect_failures = [var.control_plane]
}

run "http_on_an_ipv6_address_other_than_loopback_is_refused" {
  command = plan
  variables {
    server_url = "http://[::2]:8080"
  }
  expect_failures = [var.server_url]
}

run "http_server_url_outside_loopback_is_refused" {
  command = plan
  variables {
    server_url = "http://10.0.0.1"
  }
  expect_failures = [var.server_url]
}

run "loopback_server_url_must_not_have_a_path" {
  command = plan
  variables {
    server_url = "http://127.0.0.1:8237/zenml"
  }
  expect_failures = [var.server_url]
}

run "trusting_every_proxy_is_refused" {
  command = plan
  variables {
    trusted_proxies = ["*"]
  }
  expect_failures = [var.trusted_proxies]
}

run "trusting_every_address_is_refused" {
  command = plan
  variables {
    trusted_proxies = ["10.0.0.0/8", "0.0.0.0/0"]
  }
  expect_failures = [var.trusted_proxies]
}

run "trusted_proxies_must_be_addresses" {
  command = plan
  variables {
    trusted_proxies = ["alb.example.com"]
  }
  expect_failures = [var.trusted_proxies]
}

run "pod_labels_must_be_labels" {
  command = plan
  variables {
    kubernetes = { pod_labels = { "azure.workload.identity/use" = "yes please" } }
  }
  expect_failures = [var.kubernetes]
}

run "postgresql_is_refused_naming_database_engine" {
  command = plan
  variables {
    database = {
      engine   = "postgresql"
      host     = "db.internal.example.com"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
    }
  }
  expect_failures = [var.database]
}

run "engine_must_be_known" {
  command = plan
  variables {
    database = {
      engine   = "sqlite"
      host     = "10.20.30.40"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
    }
  }
  expect_failures = [var.database]
}

run "host_must_not_be_a_url" {
  command = plan
  variables {
    database = {
      host     = "mysql://10.20.30.40:3306"
      username = "zenml"
      password_secret = {
        name = "zenml-db"
        key  = "password"
      }
    }
  }
  expect_failures = [var.database]
}

run "certificate_verification_needs_tls" {
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
        enabled            = false
        verify_server_cert = true
      }
    }
  }
  expect_failures = [var.database]
}

run "ca_certificate_must_be_pem" {
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
        ca_certificate = "/etc/ssl/rds-ca.pem"
      }
    }
  }
  expect_failures = [var.database]
}

run "password_given_twice_is_refused" {
  command = plan
  variables {
    database_password = "database-password-for-tests"
  }
  expect_failures = [var.database_password]
}

run "password_missing_is_refused" {
  command = plan
  variables {
    database = {
      host     = "10.20.30.40"
      username = "zenml"
    }
  }
  expect_failures = [var.database_password]
}

run "image_tag_latest_is_refused" {
  command = plan
  variables {
    image = { tag = "latest" }
  }
  expect_failures = [var.image]
}

run "image_repository_with_a_tag_is_refused" {
  command = plan
  variables {
    image = { repository = "mirror.example.com/zenml-pro-server@sha256:abc", tag = "0.85.0" }
  }
  expect_failures = [var.image]
}

run "replicas_must_be_positive" {
  command = plan
  variables {
    replicas = 0
  }
  expect_failures = [var.replicas]
}

run "resources_must_be_quantities" {
  command = plan
  variables {
    resources = { requests = { cpu = "half a core" } }
  }
  expect_failures = [var.resources]
}

run "cloud_secrets_store_needs_its_settings" {
  command = plan
  variables {
    secrets_store = { type = "aws" }
  }
  expect_failures = [var.secrets_store]
}

run "secrets_store_settings_must_match_the_type" {
  command = plan
  variables {
    secrets_store = { type = "sql", gcp = { project_id = "acme-ml-123" } }
  }
  expect_failures = [var.secrets_store]
}

run "secrets_store_type_must_be_known" {
  command = plan
  variables {
    secrets_store = { type = "vault" }
  }
  expect_failures = [var.secrets_store]
}

run "encryption_key_only_for_the_sql_store" {
  command = plan
  variables {
    secrets_store                = { type = "aws", aws = { region = "eu-west-1" } }
    secrets_store_encryption_key = "encryption-key-for-tests-0123456789abcdef"
  }
  expect_failures = [var.secrets_store_encryption_key]
}

run "short_keys_are_refused" {
  command = plan
  variables {
    jwt_secret_key               = "too-short"
    secrets_store_encryption_key = "too-short"
  }
  expect_failures = [var.jwt_secret_key, var.secrets_store_encryption_key]
}

run "privileged_container_port_is_refused" {
  command = plan
  variables {
    container_port = 80
  }
  expect_failures = [var.container_port]
}
