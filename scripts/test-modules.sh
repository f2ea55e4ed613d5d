#!/usr/bin/env bash
# Checks of the companion Terraform modules (modules/*) and of the hybrid examples
# (examples/hybrid-*), run by `make test-modules`:
#   fmt       terraform fmt -check
#   tflint    tflint with its bundled terraform ruleset, every rule (.tflint.hcl)
#   docs      each module README is what terraform-docs generates (modules/.terraform-docs.yml)
#   test      terraform test: workspace-server-config needs no provider; workspace-eks and
#             workspace-ecs run against a mocked hashicorp/aws from a filesystem mirror
#   validate  terraform validate of the modules without tests, where their providers are installed
#
# Usage: scripts/test-modules.sh [--fix]
#   --fix   format the files and regenerate the READMEs in place first, then check everything.
#
# Environment:
#   TERRAFORM              terraform binary (default: terraform)
#   TFLINT                 tflint binary (default: bin/tflint)
#   TERRAFORM_DOCS         terraform-docs command (default: go tool -modfile=<repo>/tools/go.mod terraform-docs)
#   AWS_PROVIDER_MIRROR    filesystem mirror holding hashicorp/aws 5.x (default: searched for)
#   PROVIDER_MIRROR_ROOTS  space-separated directories searched for provider mirrors
#                          (default: /opt /usr/share /usr/local/share $HOME/.terraform.d)
#
# Nothing is written into the tree in check mode: Terraform runs in temporary copies with its own
# CLI configuration, data directories and lock files. Exits non-zero if any check fails; checks that
# cannot run here (no provider available) are reported as skipped, with the reason.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

MODE=check
case "${1:-}" in
  "") ;;
  --fix) MODE=fix ;;
  -h | --help)
    sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [--fix]" >&2
    exit 2
    ;;
esac

TERRAFORM=${TERRAFORM:-terraform}
TFLINT=${TFLINT:-bin/tflint}
TERRAFORM_DOCS=${TERRAFORM_DOCS:-go tool -modfile=$ROOT/tools/go.mod terraform-docs}
PROVIDER_MIRROR_ROOTS=${PROVIDER_MIRROR_ROOTS:-/opt /usr/share /usr/local/share ${HOME:-/root}/.terraform.d}
TFLINT_CONFIG=$ROOT/.tflint.hcl
DOCS_CONFIG=$ROOT/modules/.terraform-docs.yml

START=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/test-modules.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results
: >"$RESULTS"

# Terraform never reads the environment's CLI configuration, never checks for updates and never
# prompts; each run gets the configuration it needs.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_DATA_DIR TF_PLUGIN_CACHE_DIR TF_WORKSPACE
EMPTY_CLI_CONFIG=$WORK/empty.tfrc
: >"$EMPTY_CLI_CONFIG"
export TF_CLI_CONFIG_FILE=$EMPTY_CLI_CONFIG

# record TARGET CHECK RESULT [DETAIL]: one line of the summary (RESULT is ok, FAIL or skip).
record() {
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS"
}

section() {
  printf '\n== %s\n' "$*"
}

# ---- preflight ---------------------------------------------------------------------------------
if ! command -v "$TERRAFORM" >/dev/null 2>&1; then
  echo "error: $TERRAFORM not found; install Terraform >= 1.11" >&2
  exit 1
fi
tf_version=$("$TERRAFORM" version | sed -n '1s/^Terraform v\([0-9]*\.[0-9]*\).*/\1/p')
case "$tf_version" in
  1.1[1-9] | 1.[2-9][0-9] | [2-9].*) ;;
  *)
    echo "error: Terraform >= 1.11 needed (write-only arguments), found '${tf_version:-unknown}'" >&2
    exit 1
    ;;
esac
if ! command -v "$TFLINT" >/dev/null 2>&1; then
  echo "error: tflint not found at '$TFLINT' (set TFLINT, or run: make tools)" >&2
  exit 1
fi
# shellcheck disable=SC2086 # TERRAFORM_DOCS is a command line
if ! $TERRAFORM_DOCS --version >/dev/null 2>&1; then
  echo "error: terraform-docs does not run as '$TERRAFORM_DOCS' (set TERRAFORM_DOCS)" >&2
  exit 1
fi

MODULES=()
for file in modules/*/versions.tf; do
  [ -e "$file" ] && MODULES+=("$(dirname "$file")")
done
EXAMPLES=()
for dir in examples/hybrid-*; do
  [ -d "$dir" ] && EXAMPLES+=("$dir")
done
if [ "${#MODULES[@]}" -eq 0 ]; then
  echo "error: no module under modules/" >&2
  exit 1
fi

# ---- --fix: rewrite in place first -------------------------------------------------------------
if [ "$MODE" = fix ]; then
  section "fix: terraform fmt and README generation"
  "$TERRAFORM" fmt -recursive "${MODULES[@]}" "${EXAMPLES[@]}"
  for module in "${MODULES[@]}"; do
    # shellcheck disable=SC2086
    $TERRAFORM_DOCS --config "$DOCS_CONFIG" "$module"
  done
fi

# ---- fmt, tflint, docs -------------------------------------------------------------------------
section "terraform fmt, tflint and terraform-docs"
for target in "${MODULES[@]}" "${EXAMPLES[@]}"; do
  if out=$("$TERRAFORM" fmt -check -recursive -diff "$target" 2>&1); then
    record "$target" fmt ok
  else
    record "$target" fmt FAIL "run: scripts/test-modules.sh --fix"
    printf -- '--- %s: terraform fmt\n%s\n' "$target" "$out"
  fi

  # Modules are linted alone: calls to local modules are not followed (each is linted itself).
  if out=$("$TFLINT" --config="$TFLINT_CONFIG" --chdir="$target" --call-module-type=none --format=compact 2>&1); then
    record "$target" tflint ok
  else
    record "$target" tflint FAIL
    printf -- '--- %s: tflint\n%s\n' "$target" "$out"
  fi
done

for module in "${MODULES[@]}"; do
  readme=$module/README.md
  if [ ! -f "$readme" ] || ! grep -q '<!-- BEGIN_TF_DOCS -->' "$readme" || ! grep -q '<!-- END_TF_DOCS -->' "$readme"; then
    record "$module" docs FAIL "README.md with <!-- BEGIN_TF_DOCS --> / <!-- END_TF_DOCS --> markers missing"
    continue
  fi
  copy=$WORK/docs/$(basename "$module")
  mkdir -p "$copy"
  cp "$module"/*.tf "$readme" "$copy"/
  # shellcheck disable=SC2086
  if ! out=$($TERRAFORM_DOCS --config "$DOCS_CONFIG" "$copy" 2>&1); then
    record "$module" docs FAIL "terraform-docs failed"
    printf -- '--- %s: terraform-docs\n%s\n' "$module" "$out"
  elif ! out=$(diff -u "$readme" "$copy/README.md"); then
    record "$module" docs FAIL "README out of date; run: scripts/test-modules.sh --fix"
    printf -- '--- %s: README.md differs from terraform-docs output\n%s\n' "$module" "$out"
  else
    record "$module" docs ok
  fi
done

# ---- providers ---------------------------------------------------------------------------------
# list_providers MIRROR...: every provider binary of the unpacked filesystem mirrors under these
# directories (MIRROR/HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE*).
list_providers() {
  local existing=() root
  for root in "$@"; do
    [ -d "$root" ] && existing+=("$root")
  done
  [ "${#existing[@]}" -gt 0 ] || return 0
  find "${existing[@]}" -maxdepth 8 -type f -name 'terraform-provider-*' 2>/dev/null || true
}

# shellcheck disable=SC2086 # PROVIDER_MIRROR_ROOTS is a list
list_providers $PROVIDER_MIRROR_ROOTS >"$WORK/providers"

# find_provider NAMESPACE/TYPE [LIST]: the newest binary of that provider in a list of binaries
# (default: the mirrors under PROVIDER_MIRROR_ROOTS).
find_provider() {
  local address=$1 list=${2:-$WORK/providers}
  grep -E "/${address}/[^/]+/[^/]+/terraform-provider-${address#*/}[_.]" "$list" | sort -V | tail -n 1 || true
}

# mirror_root BINARY: the mirror directory of a provider binary (six levels up).
mirror_root() {
  local dir=$1 levels=6
  while [ "$levels" -gt 0 ]; do
    dir=$(dirname "$dir")
    levels=$((levels - 1))
  done
  printf '%s\n' "$dir"
}

if [ -n "${AWS_PROVIDER_MIRROR:-}" ]; then
  list_providers "$AWS_PROVIDER_MIRROR" >"$WORK/aws-providers"
  aws_binary=$(find_provider hashicorp/aws "$WORK/aws-providers")
  if [ -z "$aws_binary" ]; then
    echo "error: AWS_PROVIDER_MIRROR=$AWS_PROVIDER_MIRROR holds no hashicorp/aws provider" >&2
    exit 1
  fi
else
  aws_binary=$(find_provider hashicorp/aws)
fi
aws_skip_reason=""
if [ -z "$aws_binary" ]; then
  aws_skip_reason="no hashicorp/aws provider in a filesystem mirror (set AWS_PROVIDER_MIRROR, searched: $PROVIDER_MIRROR_ROOTS)"
else
  aws_version=$(basename "$(dirname "$(dirname "$aws_binary")")")
  case "$aws_version" in
    5.*) ;;
    *) aws_skip_reason="the mirrored hashicorp/aws is $aws_version; the modules need >= 5.100.0, < 6.0.0" ;;
  esac
fi

# write_cli_config FILE BINARY...: a CLI configuration installing exactly these providers from
# their filesystem mirrors, and nothing from the network. Terraform links an unpacked mirror's
# package into the data directory (no copy) and never writes into the mirror.
write_cli_config() {
  local file=$1 binary root address
  shift
  {
    printf 'provider_installation {\n'
    for binary in "$@"; do
      root=$(mirror_root "$binary")
      address=$(basename "$(dirname "$(dirname "$(dirname "$(dirname "$binary")")")")")/$(basename "$(dirname "$(dirname "$(dirname "$binary")")")")
      printf '  filesystem_mirror {\n    path    = "%s"\n    include = ["%s"]\n  }\n' "$root" "$address"
    done
    printf '}\n'
  } >"$file"
}

# Terraform works on a copy of modules/ so that nothing (.terraform, lock files) lands in the tree.
TREE=$WORK/tree
mkdir -p "$TREE"
cp -R modules "$TREE/"
rm -rf "$TREE"/modules/*/.terraform "$TREE"/modules/*/.terraform.lock.hcl

# required_providers MODULE: the namespace/type of each provider the module declares.
required_providers() {
  sed -n 's/^[[:space:]]*source[[:space:]]*=[[:space:]]*"\([a-z0-9-]*\/[a-z0-9-]*\)".*/\1/p' "$1"/*.tf | sort -u
}

# ---- terraform test ----------------------------------------------------------------------------
section "terraform test"
# run_tests MODULE CLI_CONFIG: init and test a module's copy; writes its result line to a file.
run_tests() {
  local module=$1 config=$2 copy=$TREE/$1 log summary
  log=$WORK/$(basename "$1").test.log
  local status=0
  if ! {
    TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$copy" init -backend=false -input=false -no-color &&
      TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$copy" test -no-color
  } >"$log" 2>&1; then
    status=1
  fi
  summary=$(grep -E '^(Success|Failure)!' "$log" | tail -n 1 | sed 's/There are some problems.*//')
  if [ "$status" -eq 0 ]; then
    printf '%s\ttest\tok\t%s\n' "$module" "$summary" >"$log.result"
  else
    printf '%s\ttest\tFAIL\t%s\n' "$module" "${summary:-terraform init or test failed}" >"$log.result"
  fi
}

pids=()
tested=()
for module in "${MODULES[@]}"; do
  [ -d "$module/tests" ] || continue
  providers=$(required_providers "$module")
  config=$WORK/cli-$(basename "$module").tfrc
  if [ -z "$providers" ]; then
    : >"$config"
  elif [ "$providers" = hashicorp/aws ]; then
    if [ -n "$aws_skip_reason" ]; then
      record "$module" test skip "$aws_skip_reason"
      continue
    fi
    write_cli_config "$config" "$aws_binary"
  else
    record "$module" test skip "tests need providers other than hashicorp/aws: $(echo "$providers" | tr '\n' ' ')"
    continue
  fi
  echo "running terraform test in $module"
  run_tests "$module" "$config" &
  pids+=($!)
  tested+=("$module")
done
for pid in "${pids[@]}"; do
  wait "$pid" || true
done
for module in "${tested[@]}"; do
  log=$WORK/$(basename "$module").test.log
  if [ -f "$log.result" ]; then
    cat "$log.result" >>"$RESULTS"
    if grep -q $'\tFAIL\t' "$log.result"; then
      printf -- '--- %s: terraform test\n' "$module"
      cat "$log"
    fi
  else
    record "$module" test FAIL "no result"
    cat "$log" 2>/dev/null || true
  fi
done

# ---- terraform validate where the providers are installed --------------------------------------
section "terraform validate (modules without tests)"
for module in "${MODULES[@]}"; do
  [ -d "$module/tests" ] && continue
  binaries=()
  missing=()
  while IFS= read -r address; do
    [ -n "$address" ] || continue
    if [ "$address" = hashicorp/aws ] && [ -n "$aws_binary" ] && [ -z "$aws_skip_reason" ]; then
      binaries+=("$aws_binary")
      continue
    fi
    binary=$(find_provider "$address")
    if [ -n "$binary" ]; then
      binaries+=("$binary")
    else
      missing+=("$address")
    fi
  done < <(required_providers "$module")
  if [ "${#missing[@]}" -gt 0 ]; then
    record "$module" validate skip "providers not installed here: ${missing[*]}"
    continue
  fi
  config=$WORK/cli-$(basename "$module").tfrc
  if [ "${#binaries[@]}" -gt 0 ]; then
    write_cli_config "$config" "${binaries[@]}"
  else
    : >"$config"
  fi
  if out=$(TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$TREE/$module" init -backend=false -input=false -no-color 2>&1 &&
    TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$TREE/$module" validate -no-color 2>&1); then
    record "$module" validate ok
  else
    record "$module" validate FAIL
    printf -- '--- %s: terraform validate\n%s\n' "$module" "$out"
  fi
done
# The examples need zenml-io/zenmlpro: build it from this repository into a filesystem mirror of
# its own, so that each example goes through a real terraform init (as `make install` sets up), and
# validate every example whose other providers are installed here too. This holds the examples to
# the provider's actual schema.
section "terraform validate (examples)"
zenmlpro_version=0.1.0
zenmlpro_binary=$WORK/zenmlpro-mirror/registry.terraform.io/zenml-io/zenmlpro/$zenmlpro_version/$(go env GOOS)_$(go env GOARCH)/terraform-provider-zenmlpro_v$zenmlpro_version
if ! go build -o "$zenmlpro_binary" . >"$WORK/zenmlpro-build.log" 2>&1; then
  cat "$WORK/zenmlpro-build.log"
  zenmlpro_binary=""
fi
mkdir -p "$TREE/examples"
for example in "${EXAMPLES[@]}"; do
  cp -R "$example" "$TREE/examples/"
  rm -rf "$TREE/$example/.terraform" "$TREE/$example/.terraform.lock.hcl"
  binaries=()
  missing=()
  while IFS= read -r address; do
    [ -n "$address" ] || continue
    case "$address" in
      zenml-io/zenmlpro) binary=$zenmlpro_binary ;;
      hashicorp/aws)
        binary=""
        [ -z "$aws_skip_reason" ] && binary=$aws_binary
        ;;
      *) binary=$(find_provider "$address") ;;
    esac
    if [ -n "$binary" ] && [ -f "$binary" ]; then
      binaries+=("$binary")
    else
      missing+=("$address")
    fi
  done < <(required_providers "$example")
  if [ "${#missing[@]}" -gt 0 ]; then
    record "$example" validate skip "providers not installed here: ${missing[*]}"
    continue
  fi
  config=$WORK/cli-example-$(basename "$example").tfrc
  write_cli_config "$config" "${binaries[@]}"
  if out=$(TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$TREE/$example" init -backend=false -input=false -no-color 2>&1 &&
    TF_CLI_CONFIG_FILE=$config "$TERRAFORM" -chdir="$TREE/$example" validate -no-color 2>&1); then
    record "$example" validate ok
  else
    record "$example" validate FAIL
    printf -- '--- %s: terraform validate\n%s\n' "$example" "$out"
  fi
done

# ---- summary -----------------------------------------------------------------------------------
section "summary ($(($(date +%s) - START)) s)"
awk -F '\t' '
  { key = $1; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    cell[key, $2] = $3; if ($4 != "") detail[key, $2] = $4 }
  END {
    split("fmt tflint docs test validate", checks, " ")
    printf "%-40s %-6s %-6s %-6s %-6s %-8s\n", "target", "fmt", "tflint", "docs", "test", "validate"
    for (i = 1; i <= n; i++) {
      key = order[i]; line = sprintf("%-40s", key)
      for (c = 1; c <= 5; c++) { v = cell[key, checks[c]]; line = line sprintf(" %-6s", v == "" ? "-" : v) }
      print line
      for (c = 1; c <= 5; c++) if ((key, checks[c]) in detail) printf "    %s %s: %s\n", checks[c], cell[key, checks[c]], detail[key, checks[c]]
    }
  }' "$RESULTS"

if grep -q $'\tFAIL\t' "$RESULTS"; then
  echo
  echo "test-modules: FAILED"
  exit 1
fi
echo
echo "test-modules: all checks passed"
