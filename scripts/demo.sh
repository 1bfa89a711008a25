#!/usr/bin/env bash
# demo.sh (make demo): a local tour of stackctl with no AWS account. It
# starts moto on loopback, deploys the default stack with live progress,
# prints its outputs and status, deletes it, and stops moto (also on Ctrl-C).
#
# Environment: PORT=5055 (moto's port), STACKCTL_BIN (default: go build).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

work_dir

start_moto "$tmp"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*" >&2; "$@"; }
step "$bin" deploy --yes
step "$bin" deploy --yes
step "$bin" outputs
step "$bin" status
step "$bin" deploy --yes --param MaxSize=6
step "$bin" events --limit 6
step "$bin" delete --yes
log "done: moto stops now"
