output "helm_values" {
  description = "Non-secret Helm values for the ZenML chart (`zenml.*`, `serviceAccount`, `podAnnotations`, `resources`), as an object. The enrollment key and the database password are referenced from Kubernetes secrets; the other secrets are in `helm_sensitive_values`."
  value       = local.helm_values
}

output "helm_values_yaml" {
  description = "`helm_values` rendered as YAML, ready for `helm_release.values`."
  value       = yamlencode(local.helm_values)
}

output "helm_sensitive_values" {
  description = "(Sensitive.) Secret Helm values the chart only accepts as values, keyed by value path (`zenml.auth.jwtSecretKey`, `zenml.secretsStore.sql.encryptionKey`), for those given to this module. Pass them with `set_sensitive`. The enrollment key is never among them (`zenml.pro.enrollmentKeySecretRef`)."
  value = {
    for name, path in local.helm_secret_paths : path => local.secret_values[name]
    if local.secret_values[name] != null && contains(keys(local.secret_environment_names), name)
  }
  sensitive = true
}

output "container_environment" {
  description = "Non-secret environment variables of a plain server container, as a map. Server containers never migrate the database (`DISABLE_DATABASE_MIGRATION`): one migration runs before them, with `migration_environment`."
  value       = local.container_environment
}

output "container_environment_list" {
  description = "`container_environment` as a list of `{name, value}` sorted by name, the shape of an ECS container definition's `environment`."
  value = [
    for name in sort(keys(local.container_environment)) : {
      name  = name
      value = local.container_environment[name]
    }
  ]
}

output "migration_environment" {
  description = "Non-secret environment of the one process that migrates the database schema: `container_environment` without `DISABLE_DATABASE_MIGRATION`."
  value       = local.migration_environment
}

output "migration_environment_list" {
  description = "`migration_environment` as a list of `{name, value}` sorted by name."
  value = [
    for name in sort(keys(local.migration_environment)) : {
      name  = name
      value = local.migration_environment[name]
    }
  ]
}

output "secret_environment_names" {
  description = "The secrets a server container needs, as a map from setting (`enrollment_key`, `database_password`, `jwt_secret_key` and, for the sql secrets store, `secrets_store_encryption_key`) to the environment variable that must carry it. Platforms inject each one from a secret, never as plain environment."
  value       = local.secret_environment_names
}

output "container_secret_environment" {
  description = "(Sensitive.) The secrets given to this module, as environment variables (name to value), for platforms without secret references. Prefer injecting them by reference (`secret_environment_names`)."
  value = {
    for name, variable_name in local.secret_environment_names : variable_name => local.secret_values[name]
    if local.secret_values[name] != null
  }
  sensitive = true
}

output "container_command" {
  description = "Arguments of a plain server container (an ECS container definition's `command`, the Docker CMD), listening on `container_port`. Arguments only: the image's ENTRYPOINT starts uvicorn, and these replace its debug logging and its trust of every proxy (`trusted_proxies`)."
  value       = local.container_command
}

output "migration_entrypoint" {
  description = "Entrypoint of a one-off container that migrates the database schema (`zenml`, replacing the image's uvicorn entrypoint); its arguments are `migration_command`."
  value       = local.migration_entrypoint
}

output "migration_command" {
  description = "Arguments of the one-off migration container (`migrate-database`)."
  value       = local.migration_command
}

output "kubernetes_migration" {
  description = "Where the database migration runs on Kubernetes: `chart-hook` (the chart's pre-install/pre-upgrade Job, which gets the service account and pod annotations from `helm_values`) or `job` (with `kubernetes.pod_labels`, which no chart value carries to the hook: the Helm module disables the chart's hooks and runs `kubernetes_migration_job` before the release)."
  value       = local.kubernetes_migration
}

output "kubernetes_migration_job" {
  description = "The migration Job's pod for Kubernetes, with the labels, annotations and service account of the server pods: `labels`, `annotations`, `service_account_name`, `image`, `command`, `args`, `environment` (plain) and `secret_environment` (variable name to Kubernetes secret `name` and `key`). Null without `kubernetes.server_secret_name`."
  value       = local.kubernetes_migration_job
}

output "container_port" {
  description = "The port the server listens on in a plain container."
  value       = var.container_port
}

output "health_check_path" {
  description = "HTTP path answering 200 while the server process is alive."
  value       = "/health"
}

output "image" {
  description = "The server image reference, `repository:tag`."
  value       = local.image
}

output "replicas" {
  description = "Number of server replicas."
  value       = var.replicas
}

output "database_url" {
  description = "The database URL the server uses, without password (`mysql://<user>@<host>:<port>/<name>`)."
  value       = local.database_url
}

output "server_url" {
  description = "The server's public URL."
  value       = var.server_url
}
