terraform {
  # Cross-variable validations need 1.9; the companion modules use write-only
  # arguments, which need 1.11. One floor for the whole module family.
  required_version = ">= 1.11.0"
}
