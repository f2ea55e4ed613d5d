#!/usr/bin/env bash
# make demo: starts the mock control plane on a free port, applies examples/quickstart with the
# locally built provider (the Makefile builds both first), prints the outputs, checks that a second
# plan shows no changes, lets a simulated workspace server enroll the hybrid workspace, and stops
# the mock. It never touches the user's own Terraform config.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_terraform

bin_dir=${BIN_DIR:-$PWD/bin}
work=$(mktemp -d)
cleanup() {
  stop_mock
  rm -rf "$work"
}
trap cleanup EXIT

start_mock "$bin_dir/zenmlpro-mock" "$work" \
  --organization demo-org --user ann@example.com --user bob@example.com --user cy@example.com \
  --provision-delay 3s
echo "==> mock control plane at $MOCK_URL (organization $MOCK_ORG)"

write_dev_cli_config "$work/terraform.rc" "$bin_dir"
mkdir "$work/config"
cp -R examples/quickstart/. "$work/config/"
export TF_CLI_CONFIG_FILE="$work/terraform.rc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export ZENML_PRO_API_URL="$MOCK_URL" ZENML_PRO_API_KEY="$MOCK_KEY" ZENML_PRO_ORGANIZATION_ID="$MOCK_ORG"
tf() { terraform -chdir="$work/config" "$@"; }

echo "==> terraform apply examples/quickstart"
t0=$(date +%s.%N)
tf apply -auto-approve -input=false -no-color -compact-warnings
t1=$(date +%s.%N)

echo "==> outputs"
tf output -no-color

echo "==> second plan (must show no changes)"
set +e
tf plan -detailed-exitcode -input=false -no-color -compact-warnings >"$work/plan.txt" 2>&1
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  cat "$work/plan.txt"
  echo "FAIL: the second plan is not empty or failed (exit $rc)" >&2
  exit 1
fi
grep -m1 'No changes' "$work/plan.txt"
t2=$(date +%s.%N)

# ---- A simulated workspace server enrolls (one step: enroll_simulated_server) ---------------------
# enroll_simulated_server renders the hybrid workspace's server environment with
# modules/workspace-server-config, from the workspace's id, name and enrollment key in the
# quickstart's state and the mock's URL as the control plane, and runs `zenmlpro-mock
# simulate-server` with that environment only: it logs in with the enrollment key and reports its
# status, as a ZenML server does at startup, then authorizes ann (a Workspace Developer through the
# ml-engineers team) and checks one permission of hers. A refresh must then show the workspace
# available at the URL the server reported. Uses: work, bin_dir, MOCK_URL, tf (the quickstart's
# CLI wrapper), TERRAFORM (the CLI; terraform by default).
enroll_simulated_server() {
  local cli=${TERRAFORM:-terraform} dir=$work/server-config
  mkdir -p "$dir"
  tf show -json >"$work/quickstart.json"
  python3 - "$work/quickstart.json" "$MOCK_URL" >"$dir/inputs.auto.tfvars.json" <<'PY'
import json, sys
resources = json.load(open(sys.argv[1]))["values"]["root_module"]["resources"]
def one(address):
    return next(r["values"] for r in resources if r["address"] == address)
ws, org = one("zenmlpro_workspace.hybrid"), one("data.zenmlpro_organization.current")
print(json.dumps({
    "workspace": {"id": ws["id"], "name": ws["name"]},
    "organization": {"id": org["id"], "name": org["name"]},
    "enrollment_key": ws["enrollment_key"],
    "control_plane": {"api_url": sys.argv[2], "dashboard_url": sys.argv[2]},
    # Nothing listens there: the simulated server only reports it, as a real one reports its own.
    "server_url": "http://127.0.0.1:8237",
}))
PY
  cat >"$dir/main.tf" <<CONFIG
variable "workspace" { type = object({ id = string, name = string }) }
variable "organization" { type = object({ id = string, name = string }) }
variable "control_plane" { type = object({ api_url = string, dashboard_url = string }) }
variable "server_url" { type = string }
variable "enrollment_key" {
  type      = string
  sensitive = true
}

module "server" {
  source         = "$PWD/modules/workspace-server-config"
  workspace      = var.workspace
  organization   = var.organization
  enrollment_key = var.enrollment_key
  control_plane  = var.control_plane
  server_url     = var.server_url
  # The database is not used by the simulated server; its password stays a reference.
  database = { host = "127.0.0.1", username = "zenml", password_secret = { name = "zenml-db", key = "password" } }
  image          = { tag = "0.98.0" }
}

output "environment" { value = module.server.container_environment }
output "secret_environment" {
  value     = module.server.container_secret_environment
  sensitive = true
}
CONFIG
  echo "==> modules/workspace-server-config renders the server's environment (control plane: the mock)"
  if ! { "$cli" -chdir="$dir" init -input=false -no-color && "$cli" -chdir="$dir" apply -auto-approve -input=false -no-color; } >"$dir/apply.txt" 2>&1; then
    cat "$dir/apply.txt"
    echo "FAIL: the module did not render the environment (it must accept http:// for a control plane on a loopback host, such as this mock)" >&2
    return 1
  fi
  "$cli" -chdir="$dir" output -json | python3 -c "$(cat <<'PY'
import json, shlex, sys
out = json.load(sys.stdin)
env = {**out["environment"]["value"], **out["secret_environment"]["value"]}
for name in sorted(env):
    print(f"{name}={shlex.quote(env[name])}")
PY
)" >"$dir/server.env"
  local ann user_token
  ann=$(python3 - "$work/quickstart.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["values"]["root_module"]["resources"]:
    if r["address"] == 'data.zenmlpro_user.ml_engineer["ann@example.com"]':
        print(r["values"]["id"])
PY
)
  user_token=$(curl -fsS -X POST "$MOCK_URL/_mock/users/$ann/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
  echo "==> zenmlpro-mock simulate-server, with only that environment (and ann's token)"
  env -i PATH="$PATH" ZENMLPRO_MOCK_USER_TOKEN="$user_token" \
    bash -c 'set -a; . "$1"; exec "$2" simulate-server --action update --resource stack' _ "$dir/server.env" "$bin_dir/zenmlpro-mock"

  tf apply -refresh-only -auto-approve -input=false -no-color >"$work/refresh.txt" 2>&1 || { cat "$work/refresh.txt"; return 1; }
  tf show -json >"$work/quickstart.json"
  python3 - "$work/quickstart.json" <<'PY'
import json, sys
resources = json.load(open(sys.argv[1]))["values"]["root_module"]["resources"]
ws = next(r["values"] for r in resources if r["address"] == "zenmlpro_workspace.hybrid")
line = f"workspace {ws['name']} is {ws['status']} (server_url {ws['server_url']}, server_version {ws['server_version']})"
if ws["status"] != "available" or ws["server_url"] != "http://127.0.0.1:8237":
    sys.exit("FAIL: after the simulated server enrolled, " + line)
print("==> in state after a refresh: " + line)
PY
}
enroll_simulated_server

stats=$(curl -fsS "$MOCK_URL/_mock/stats")
objects=$(tf state list | wc -l)
python3 - "$stats" "$objects" "$t0" "$t1" "$t2" <<'PY'
import json, sys
stats, n = json.loads(sys.argv[1]), int(sys.argv[2])
t0, t1, t2 = map(float, sys.argv[3:])
print(f"==> {n} objects in state; apply {t1 - t0:.1f}s, plan {t2 - t1:.1f}s; "
      f"{stats['total']} API requests to the mock ({stats['writes']} writes)")
PY
echo "==> demo passed"
