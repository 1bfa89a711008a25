# shellcheck shell=bash
# Helpers shared by the scripts in this directory. Source it; do not run it.

# log prints a progress line to stderr, so stdout stays free for data.
log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }

# die prints a message to stderr and exits 1.
die() { log "$*"; exit 1; }

# apt_install installs Debian packages when we are root on a Debian-like
# machine. It returns 1 (and says why) when it cannot, so callers decide
# whether a missing tool is fatal.
apt_install() {
	if [ "$(id -u)" -ne 0 ]; then
		log "not root: install $* yourself (e.g. sudo apt-get install -y $*)"
		return 1
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		log "no apt-get here: install $* with your package manager"
		return 1
	fi
	log "installing $* with apt-get"
	export DEBIAN_FRONTEND=noninteractive
	# The package lists may be missing or stale on a fresh machine.
	apt-get update -qq >&2 || { log "apt-get update failed"; return 1; }
	apt-get install -y -qq --no-install-recommends "$@" >&2 || { log "apt-get install $* failed"; return 1; }
}

# now_ns prints a wall-clock time in nanoseconds. Bash 5's EPOCHREALTIME
# costs no fork, which matters when timing programs that run for ~1 ms.
now_ns() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local t=${EPOCHREALTIME/[.,]/}
		printf '%s000\n' "$t"
	else
		date +%s%N
	fi
}

# start_moto DIR: starts moto_server on a free loopback port with DIR as its
# working directory (extra environment comes from the caller's exports),
# waits until it answers (bounded), and points the AWS SDK at it with dummy
# credentials. Sets moto_pid and moto_url; the caller's EXIT trap stops it.
start_moto() {
	local dir=$1 port
	command -v moto_server >/dev/null 2>&1 || die "moto_server not found: run 'make tools'"
	port=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
	log "starting moto on 127.0.0.1:$port"
	(cd "$dir" && exec moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1) &
	# shellcheck disable=SC2034 # moto_pid is for the caller's cleanup
	moto_pid=$!
	moto_url="http://127.0.0.1:$port"
	for _ in $(seq 100); do
		curl -fsS "$moto_url/moto-api/" >/dev/null 2>&1 && break
		sleep 0.1
	done
	curl -fsS "$moto_url/moto-api/" >/dev/null 2>&1 || die "moto did not start: $(tail -5 "$dir/moto.log")"
	# Dummy credentials and the local endpoint: the SDK's default chain
	# picks these up exactly as it would real ones.
	export AWS_ENDPOINT_URL=$moto_url AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local
	export AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
}

# work_dir: sets tmp to a fresh directory, removed on exit together with
# any moto that start_moto started there; sets bin to $STACKCTL_BIN or a
# stripped build of stackctl in it.
work_dir() {
	tmp=$(mktemp -d)
	moto_pid=
	trap cleanup EXIT INT TERM
	bin=${STACKCTL_BIN:-}
	if [ -z "$bin" ]; then
		log "building stackctl"
		go build -tags urfave_cli_no_docs -trimpath -ldflags '-s -w' -o "$tmp/stackctl" ./cmd/stackctl
		bin=$tmp/stackctl
	fi
}

cleanup() {
	if [ -n "${moto_pid:-}" ]; then
		kill "$moto_pid" 2>/dev/null && wait "$moto_pid" 2>/dev/null
	fi
	rm -rf "${tmp:?}"
}
