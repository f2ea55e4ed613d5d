#!/usr/bin/env bash
# make demo: starts the mock control plane on a free port, applies examples/quickstart with the
# locally built provider (the Makefile builds both first), prints the outputs, checks that a second
# plan shows no changes, and stops the mock. It never touches the user's own Terraform config.
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
