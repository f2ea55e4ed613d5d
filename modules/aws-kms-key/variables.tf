variable "name" {
  description = "Base of the names: the key is tagged `Name = <name>-kms` and aliased `alias/<name>`, such as `prod-zenml`."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,48}[a-z0-9]$", var.name))
    error_message = "name must be 2-50 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "description" {
  description = "Description of the key: what it encrypts, for whom."
  type        = string
  nullable    = false

  validation {
    condition     = length(trimspace(var.description)) > 0 && length(var.description) <= 8192
    error_message = "description must not be empty (8192 characters at most)."
  }
}

variable "tags" {
  description = "Tags of the key."
  type        = map(string)
  default     = {}
  nullable    = false
}
