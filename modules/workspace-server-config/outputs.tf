output "helm_values" {
  description = "Non-secret Helm values for the ZenML chart (`zenml.*`, `resources`), as an object. Secrets are in `helm_sensitive_values`."
  value       = local.helm_values
}

output "helm_values_yaml" {
  description = "`helm_values` rendered as YAML, ready for `helm_release.values`."
  value       = yamlencode(local.helm_values)
}

output "helm_sensitive_values" {
  description = "(Sensitive.) Secret Helm values the chart only accepts as values, keyed by value path (`zenml.pro.enrollmentKey`, `zenml.auth.jwtSecretKey`, `zenml.secretsStore.sql.encryptionKey`), for those given to this module. Pass them with `set_sensitive`."
  value = {
    for name, path in local.helm_secret_paths : path => local.secret_values[name]
    if local.secret_values[name] != null && contains(keys(local.secret_environment_names), name)
  }
  sensitive = true
}

output "container_environment" {
  description = "Non-secret environment variables of a plain server container, as a map."
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
  description = "The server container's command, listening on `container_port`."
  value       = local.container_command
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
  description = "The database URL the server uses, without password (`<engine>://<user>@<host>:<port>/<name>`)."
  value       = local.database_url
}

output "server_url" {
  description = "The server's public URL."
  value       = var.server_url
}
