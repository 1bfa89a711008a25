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

command -v moto_server >/dev/null 2>&1 || die "moto_server not found: run 'make tools' (or pip install 'moto[server]')"
tmp=$(mktemp -d)
moto_pid=
cleanup() {
	[ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null && wait "$moto_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

bin=${STACKCTL_BIN:-}
if [ -z "$bin" ]; then
	log "building stackctl"
	go build -o "$tmp/stackctl" ./cmd/stackctl
	bin=$tmp/stackctl
fi

port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
log "starting moto on 127.0.0.1:$port"
(cd "$tmp" && exec moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1) &
moto_pid=$!
for _ in $(seq 100); do
	curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
	sleep 0.1
done

# Dummy credentials and the local endpoint: the SDK's default chain picks
# these up exactly as it would real ones.
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo
export AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

step() { printf '\n\033[1m$ %s\033[0m\n' "$*" >&2; "$@"; }
step "$bin" deploy --yes
step "$bin" deploy --yes
step "$bin" outputs
step "$bin" status
step "$bin" deploy --yes --param MaxSize=6
step "$bin" events --limit 6
step "$bin" delete --yes
log "done: moto stops now"
