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
