#!/usr/bin/env bash
# Fails with a clear message unless terraform >= 1.11 is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
require_terraform
