#!/usr/bin/env bash
# Checks of the companion Terraform modules (modules/*) and of the hybrid examples
# (examples/hybrid-*), run by `make test-modules`:
#   fmt       terraform fmt -check
#   tflint    tflint with its bundled terraform ruleset, every rule (.tflint.hcl)
#   docs      each module README is what terraform-docs generates (modules/.terraform-docs.yml)
#   sync      each generated OpenTofu test file (tests/*.tofutest.hcl) is current
#   test      terraform test: workspace-server-config needs no provider; the AWS modules run
#             against a mocked hashicorp/aws from a filesystem mirror
#   validate  terraform validate of the modules without tests, where their providers are installed
#   scan      trivy config on modules/ (its bundled checks, offline): no finding without an inline
#             `trivy:ignore:<ID> <reason>`, and no ignore without a reason
#
# With TERRAFORM pointing at OpenTofu (detected from `version`), the same modules and examples are
# tested and validated with it (fmt too); tflint, terraform-docs, sync and the scan do not depend
# on the tool and run with Terraform only. Where a test file must differ for OpenTofu (Terraform's
# `override_during` and `source`d mocks), OpenTofu reads its generated `.tofutest.hcl` sibling:
# the `.tftest.hcl` with the mocks written inline and without `override_during` (--fix writes it).
#
# Usage: scripts/test-modules.sh [--fix]
#   --fix   format the files, regenerate the READMEs and the OpenTofu test files in place first,
#           then check everything.
#
# Environment:
#   TERRAFORM              terraform or tofu binary (default: terraform)
#   TFLINT                 tflint binary (default: bin/tflint)
#   TRIVY                  trivy binary (default: bin/trivy)
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
    sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [--fix]" >&2
    exit 2
    ;;
esac

TERRAFORM=${TERRAFORM:-terraform}
TFLINT=${TFLINT:-bin/tflint}
TRIVY=${TRIVY:-bin/trivy}
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
  echo "error: $TERRAFORM not found; install Terraform >= 1.11 (or OpenTofu >= 1.11)" >&2
  exit 1
fi
# TOOL is terraform or opentofu; the write-only arguments the modules use need 1.11 of either.
version_line=$("$TERRAFORM" version | head -n 1)
case "$version_line" in
  "Terraform v"*) TOOL=terraform ;;
  "OpenTofu v"*) TOOL=opentofu ;;
  *)
    echo "error: $TERRAFORM is neither Terraform nor OpenTofu ('$version_line')" >&2
    exit 1
    ;;
esac
tool_version=$(printf '%s\n' "$version_line" | sed -n 's/^[A-Za-z]* v\([0-9]*\.[0-9]*\).*/\1/p')
case "$tool_version" in
  1.1[1-9] | 1.[2-9][0-9] | [2-9].*) ;;
  *)
    echo "error: $TOOL >= 1.11 needed (write-only arguments), found '${tool_version:-unknown}'" >&2
    exit 1
    ;;
esac
if [ "$TOOL" = terraform ]; then
  if ! command -v "$TFLINT" >/dev/null 2>&1; then
    echo "error: tflint not found at '$TFLINT' (set TFLINT, or run: make tools)" >&2
    exit 1
  fi
  if ! command -v "$TRIVY" >/dev/null 2>&1; then
    echo "error: trivy not found at '$TRIVY' (set TRIVY, or run: make tools)" >&2
    exit 1
  fi
  # shellcheck disable=SC2086 # TERRAFORM_DOCS is a command line
  if ! $TERRAFORM_DOCS --version >/dev/null 2>&1; then
    echo "error: terraform-docs does not run as '$TERRAFORM_DOCS' (set TERRAFORM_DOCS)" >&2
    exit 1
  fi
elif [ "$MODE" = fix ]; then
  echo "error: --fix rewrites files with Terraform's formatter and terraform-docs: run it with Terraform" >&2
  exit 2
fi
echo "testing with $version_line"

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

# tofu_test_file TFTEST: the OpenTofu variant of a Terraform test file, on stdout. OpenTofu takes
# mocks inline only and has no override_during (it uses mocked values during plan anyway): each
# `source = "<dir>"` of a mock_provider becomes the contents of <dir>/*.tfmock.hcl, and every
# `override_during = plan` line is dropped. Formatted with Terraform's formatter.
tofu_test_file() {
  local file=$1 module
  module=$(dirname "$(dirname "$file")")
  {
    printf '# Generated from %s by scripts/test-modules.sh --fix, for OpenTofu, which reads it\n' "$(basename "$file")"
    printf '# instead: the same runs, with the mocks written inline and no override_during. Do not edit.\n\n'
    awk -v module="$module" '
      /^[[:space:]]*override_during[[:space:]]*=[[:space:]]*plan[[:space:]]*$/ { next }
      /^[[:space:]]*source[[:space:]]*=[[:space:]]*"[^"]*"[[:space:]]*$/ && in_mock {
        dir = $0; sub(/^[^"]*"/, "", dir); sub(/".*$/, "", dir); sub(/^\.\//, "", dir)
        command = "cat " module "/" dir "/*.tfmock.hcl"
        while ((command | getline line) > 0) print (line == "" ? "" : "  " line)
        close(command)
        next
      }
      /^mock_provider[[:space:]]/ { in_mock = 1 }
      /^}/ { in_mock = 0 }
      { print }
    ' "$file"
  } | "$TERRAFORM" fmt -
}

# needs_tofu_variant TFTEST: whether the file uses syntax OpenTofu rejects.
needs_tofu_variant() {
  grep -Eq '^[[:space:]]*(override_during[[:space:]]*=|source[[:space:]]*=[[:space:]]*"\./)' "$1"
}

# ---- --fix: rewrite in place first -------------------------------------------------------------
if [ "$MODE" = fix ]; then
  section "fix: terraform fmt, README generation and OpenTofu test files"
  "$TERRAFORM" fmt -recursive "${MODULES[@]}" "${EXAMPLES[@]}"
  for module in "${MODULES[@]}"; do
    # shellcheck disable=SC2086
    $TERRAFORM_DOCS --config "$DOCS_CONFIG" "$module"
    for file in "$module"/tests/*.tftest.hcl; do
      [ -e "$file" ] || continue
      sibling=${file%.tftest.hcl}.tofutest.hcl
      if needs_tofu_variant "$file"; then
        tofu_test_file "$file" >"$sibling"
      else
        rm -f "$sibling"
      fi
    done
  done
fi

# ---- fmt, tflint, docs, sync ---------------------------------------------------------------------
if [ "$TOOL" = terraform ]; then
  section "terraform fmt, tflint, terraform-docs and OpenTofu test files"
else
  section "tofu fmt (tflint, terraform-docs and OpenTofu test files: with Terraform)"
fi
for target in "${MODULES[@]}" "${EXAMPLES[@]}"; do
  if out=$("$TERRAFORM" fmt -check -recursive -diff "$target" 2>&1); then
    record "$target" fmt ok
  else
    record "$target" fmt FAIL "run: scripts/test-modules.sh --fix"
    printf -- '--- %s: %s fmt\n%s\n' "$target" "$TOOL" "$out"
  fi

  [ "$TOOL" = terraform ] || continue
  # Modules are linted alone: calls to local modules are not followed (each is linted itself).
  if out=$("$TFLINT" --config="$TFLINT_CONFIG" --chdir="$target" --call-module-type=none --format=compact 2>&1); then
    record "$target" tflint ok
  else
    record "$target" tflint FAIL
    printf -- '--- %s: tflint\n%s\n' "$target" "$out"
  fi
done

if [ "$TOOL" = terraform ]; then
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

  # The OpenTofu variants of the test files: present exactly where needed, and current.
  for module in "${MODULES[@]}"; do
    [ -d "$module/tests" ] || continue
    problems=()
    for file in "$module"/tests/*.tftest.hcl; do
      [ -e "$file" ] || continue
      sibling=${file%.tftest.hcl}.tofutest.hcl
      if needs_tofu_variant "$file"; then
        if [ ! -f "$sibling" ]; then
          problems+=("$(basename "$sibling") missing")
        elif ! out=$(tofu_test_file "$file" | diff -u "$sibling" -); then
          problems+=("$(basename "$sibling") out of date")
          printf -- '--- %s differs from what %s generates\n%s\n' "$sibling" "$(basename "$file")" "$out"
        fi
      elif [ -f "$sibling" ]; then
        problems+=("$(basename "$sibling") is not needed")
      fi
    done
    for sibling in "$module"/tests/*.tofutest.hcl; do
      [ -e "$sibling" ] || continue
      [ -f "${sibling%.tofutest.hcl}.tftest.hcl" ] || problems+=("$(basename "$sibling") has no .tftest.hcl")
    done
    if [ "${#problems[@]}" -gt 0 ]; then
      record "$module" sync FAIL "${problems[*]}; run: scripts/test-modules.sh --fix"
    else
      record "$module" sync ok
    fi
  done
fi

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
# package into the data directory (no copy) and never writes into the mirror. The mirrors are laid
# out for Terraform's registry host; OpenTofu resolves `namespace/type` to its own host, so for
# OpenTofu each package is linked into a mirror of that host's layout first.
MIRROR_HOST=registry.terraform.io
[ "$TOOL" = opentofu ] && MIRROR_HOST=registry.opentofu.org
write_cli_config() {
  local file=$1 binary root address package version platform
  shift
  {
    printf 'provider_installation {\n'
    for binary in "$@"; do
      root=$(mirror_root "$binary")
      package=$(dirname "$binary")
      platform=$(basename "$package")
      version=$(basename "$(dirname "$package")")
      address=$(basename "$(dirname "$(dirname "$(dirname "$package")")")")/$(basename "$(dirname "$(dirname "$package")")")
      if [ "$TOOL" = opentofu ]; then
        root=$WORK/mirror-$MIRROR_HOST
        mkdir -p "$root/$MIRROR_HOST/$address/$version"
        ln -sfn "$package" "$root/$MIRROR_HOST/$address/$version/$platform"
      fi
      printf '  filesystem_mirror {\n    path    = "%s"\n    include = ["%s/%s"]\n  }\n' "$root" "$MIRROR_HOST" "$address"
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
section "$TOOL test"
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
  echo "running $TOOL test in $module"
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
      printf -- '--- %s: %s test\n' "$module" "$TOOL"
      cat "$log"
    fi
  else
    record "$module" test FAIL "no result"
    cat "$log" 2>/dev/null || true
  fi
done

# ---- terraform validate where the providers are installed --------------------------------------
section "$TOOL validate (modules without tests)"
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
    printf -- '--- %s: %s validate\n%s\n' "$module" "$TOOL" "$out"
  fi
done
# The examples need zenml-io/zenmlpro: build it from this repository into a filesystem mirror of
# its own, so that each example goes through a real terraform init (as `make install` sets up), and
# validate every example whose other providers are installed here too. This holds the examples to
# the provider's actual schema.
section "$TOOL validate (examples)"
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
    printf -- '--- %s: %s validate\n%s\n' "$example" "$TOOL" "$out"
  fi
done

# ---- trivy ---------------------------------------------------------------------------------------
# The checks bundled in the pinned trivy, offline: no check update, no version notice, no
# telemetry, a cache of its own. Every finding must be fixed or carry an inline
# `trivy:ignore:<ID> <reason>`; an ignore without a reason fails as well.
if [ "$TOOL" = terraform ]; then
  section "trivy config (modules)"
  reasonless=$(grep -rnE 'trivy:ignore' modules --include='*.tf' | grep -vE 'trivy:ignore:AVD-[A-Z]+-[0-9]{4} +[^ ].{19,}' || true)
  if [ -n "$reasonless" ]; then
    record modules/ scan FAIL "trivy:ignore without an ID and a reason (20+ characters) after it"
    printf -- '--- trivy ignores without a reason\n%s\n' "$reasonless"
  elif out=$("$TRIVY" config --skip-check-update --skip-version-check --disable-telemetry \
    --cache-dir "$WORK/trivy-cache" --quiet --exit-code 1 modules 2>&1); then
    ignores=$(grep -rhoE 'trivy:ignore:AVD-[A-Z]+-[0-9]{4}' modules --include='*.tf' | wc -l | tr -d ' ')
    record modules/ scan ok "no finding; $ignores inline ignores, each with its reason"
  else
    record modules/ scan FAIL "findings without an inline ignore (fix them, or ignore with a reason)"
    printf -- '--- trivy config modules\n%s\n' "$out"
  fi
fi

# ---- summary -----------------------------------------------------------------------------------
section "summary ($(($(date +%s) - START)) s)"
awk -F '\t' '
  { key = $1; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
    cell[key, $2] = $3; if ($4 != "") detail[key, $2] = $4 }
  END {
    count = split("fmt tflint docs sync test validate scan", checks, " ")
    printf "%-40s %-6s %-6s %-6s %-6s %-6s %-8s %-6s\n", "target", "fmt", "tflint", "docs", "sync", "test", "validate", "scan"
    for (i = 1; i <= n; i++) {
      key = order[i]; line = sprintf("%-40s", key)
      for (c = 1; c <= count; c++) { v = cell[key, checks[c]]; line = line sprintf(" %-" (checks[c] == "validate" ? 8 : 6) "s", v == "" ? "-" : v) }
      print line
      for (c = 1; c <= count; c++) if ((key, checks[c]) in detail) printf "    %s %s: %s\n", checks[c], cell[key, checks[c]], detail[key, checks[c]]
    }
  }' "$RESULTS"

if grep -q $'\tFAIL\t' "$RESULTS"; then
  echo
  echo "test-modules: FAILED ($TOOL)"
  exit 1
fi
echo
echo "test-modules: all checks passed ($TOOL)"
