#!/usr/bin/env bash
# Generates docs/ from the provider's schema, templates/ and examples/ with tfplugindocs, offline:
# the schema comes from `terraform providers schema -json` against the freshly built provider.
#   scripts/docs.sh          regenerate docs/
#   scripts/docs.sh --check  fail when docs/ differs from what generation gives (CI)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_terraform
mode=${1:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-zenmlpro" .
write_dev_cli_config "$work/terraform.rc" "$work/bin"
mkdir "$work/schema"
cat >"$work/schema/main.tf" <<'TF'
terraform {
  required_providers {
    zenmlpro = { source = "zenml-io/zenmlpro" }
  }
}
TF
if ! (cd "$work/schema" && TF_CLI_CONFIG_FILE="$work/terraform.rc" terraform providers schema -json >"$work/schema.json" 2>"$work/schema.err"); then
  cat "$work/schema.err" >&2
  exit 1
fi

# tfplugindocs looks the schema up by the short name (or under hashicorp/): re-key ours.
python3 - "$work/schema.json" <<'PY'
import json, sys
path = sys.argv[1]
doc = json.load(open(path))
doc["provider_schemas"] = {"zenmlpro": doc["provider_schemas"]["registry.terraform.io/zenml-io/zenmlpro"]}
json.dump(doc, open(path, "w"))
PY

# Render into a scratch copy, so that pages of removed types disappear and --check never writes
# into the tree.
mkdir "$work/src"
cp -R templates examples "$work/src/"
if ! (cd tools && go tool tfplugindocs generate \
  --provider-dir "$work/src" --provider-name zenmlpro --rendered-provider-name "ZenML Pro" \
  --providers-schema "$work/schema.json" >"$work/tfplugindocs.log" 2>&1); then
  cat "$work/tfplugindocs.log" >&2
  exit 1
fi

if [ "$mode" = "--check" ]; then
  if ! diff -ru docs "$work/src/docs" >"$work/diff.txt" 2>&1; then
    head -n 60 "$work/diff.txt" >&2
    echo "FAIL: docs/ is out of date; run 'make docs' and commit the result." >&2
    exit 1
  fi
  echo "docs/ is current"
else
  rm -rf docs
  cp -R "$work/src/docs" docs
  echo "docs/ regenerated"
fi
