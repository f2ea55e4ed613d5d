# shellcheck shell=bash
# Shared by the scripts that run Terraform against a locally built provider. Source it.
# shellcheck disable=SC2034 # MOCK_* are set here for the scripts that source this file

# write_dev_cli_config FILE BIN_DIR: a Terraform CLI configuration that serves zenml-io/zenmlpro from
# BIN_DIR (dev_overrides: plan and apply need no terraform init) and installs nothing else.
write_dev_cli_config() {
  cat >"$1" <<CONFIG
provider_installation {
  dev_overrides {
    "zenml-io/zenmlpro" = "$2"
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CONFIG
}

# start_mock BIN LOG_DIR [ARGS...]: starts zenmlpro-mock on a free port and waits for its ready line.
# Sets MOCK_PID, MOCK_URL, MOCK_ORG and MOCK_KEY.
start_mock() {
  local bin=$1 dir=$2
  shift 2
  "$bin" --listen 127.0.0.1:0 "$@" >"$dir/mock.out" 2>"$dir/mock.err" &
  MOCK_PID=$!
  local line=""
  for _ in $(seq 1 100); do
    line=$(grep -m1 '^zenmlpro-mock listening on ' "$dir/mock.out" || true)
    [ -n "$line" ] && break
    if ! kill -0 "$MOCK_PID" 2>/dev/null; then
      echo "zenmlpro-mock exited before it was ready:" >&2
      cat "$dir/mock.err" >&2
      return 1
    fi
    sleep 0.1
  done
  if [ -z "$line" ]; then
    echo "zenmlpro-mock printed no ready line within 10 s" >&2
    return 1
  fi
  MOCK_URL=$(sed -n 's/.*listening on \([^ ]*\).*/\1/p' <<<"$line")
  MOCK_ORG=$(sed -n 's/.*organization_id=\([^ ]*\).*/\1/p' <<<"$line")
  MOCK_KEY=$(sed -n 's/.*api_key=\([^ ]*\).*/\1/p' <<<"$line")
}

# stop_mock: SIGTERM, then wait for a clean exit.
stop_mock() {
  if [ -n "${MOCK_PID:-}" ] && kill -0 "$MOCK_PID" 2>/dev/null; then
    kill -TERM "$MOCK_PID"
    wait "$MOCK_PID" 2>/dev/null || true
  fi
  MOCK_PID=""
}

# require_terraform: fails with a clear message unless terraform >= 1.11 is on PATH.
require_terraform() {
  if ! command -v terraform >/dev/null 2>&1; then
    echo "error: no terraform on PATH. Install Terraform >= 1.11 (write-only attributes need it)." >&2
    return 1
  fi
  local v major minor
  v=$(terraform version | sed -n '1s/^Terraform v\([0-9]*\.[0-9]*\).*/\1/p')
  major=${v%%.*}
  minor=${v#*.}
  if [ -z "$v" ] || [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 11 ]; }; then
    echo "error: terraform on PATH is version ${v:-unknown}; Terraform >= 1.11 is required (write-only attributes)." >&2
    return 1
  fi
}
