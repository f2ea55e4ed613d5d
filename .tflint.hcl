# tflint configuration for the companion modules and examples (modules/,
# examples/hybrid-*). Only the bundled terraform ruleset is used, so that
# linting needs no plugin download.
config {
  call_module_type = "none"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
