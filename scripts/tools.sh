#!/usr/bin/env bash
# tools.sh makes sure the programs the tests drive are installed:
#   - shellcheck, which lints the rendered bootstrap scripts (Debian package);
#   - moto_server, the local AWS endpoint the deploy tests run against;
#   - cfn-lint, which must report nothing on every rendered template.
#
# Idempotent and quick when everything is present (no --help runs: it asks
# each tool's own Python for the installed versions). Tools already on PATH
# are used as they are; missing Python tools go into ./.venv, whose bin/ the
# Makefile puts first on PATH. Missing tools are an error under CI=true (the
# tests would fail anyway) and a warning otherwise.
#
# Environment: CI=true makes missing tools fatal; TOOLS_THOROUGH=1 runs
# `moto_server --help` and `cfn-lint --version` instead of the quick check.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

MOTO_VERSION=5.2.1
CFNLINT_SERIES=1.51
VENV=.venv
# The same PATH the Makefile gives the tests; a missing dir is harmless.
PATH="$PWD/$VENV/bin:$PATH"

found=()   # "name version" of each working tool
missing=() # names of tools we could not provide

# script_python prints the interpreter of an installed Python console
# script (resolving pyenv shims), or fails when that is not what it is.
script_python() {
	local path line
	path=$(command -v "$1") || return 1
	case $path in
	*/shims/*) path=$(pyenv which "$1" 2>/dev/null) || return 1 ;;
	esac
	IFS= read -r line <"$path" || return 1
	case $line in
	'#!'*python*) printf '%s\n' "${line#\#!}" ;;
	*) return 1 ;;
	esac
}

# dist_versions PYTHON DIST... prints the installed versions of the given
# distributions, failing if any is missing.
dist_versions() {
	local py=$1
	shift
	# $py may be "/usr/bin/env python3": split it on purpose.
	# shellcheck disable=SC2086
	$py -c 'import importlib.metadata as m, sys; print(" ".join(m.version(d) for d in sys.argv[1:]))' "$@" 2>/dev/null
}

# check_python_tool COMMAND THOROUGH-ARGS DIST... prints the version of DIST
# behind COMMAND if the command works, or fails.
check_python_tool() {
	local cmd=$1 args=$2 py v
	shift 2
	command -v "$cmd" >/dev/null 2>&1 || return 1
	if [ "${TOOLS_THOROUGH:-}" != 1 ] && py=$(script_python "$cmd") && v=$(dist_versions "$py" "$@"); then
		printf '%s\n' "${v%% *}"
		return 0
	fi
	# Not a plain Python script (or the quick check failed): run it.
	# shellcheck disable=SC2086
	"$cmd" $args >/dev/null 2>&1 || return 1
	echo "?"
}

check_moto() { check_python_tool moto_server --help moto flask flask-cors; }
check_cfnlint() { check_python_tool cfn-lint --version cfn-lint; }

# install_venv SPEC... installs Python packages into ./.venv, creating it
# if needed, and removes a .venv it created when the install fails.
install_venv() {
	local created=0
	if ! command -v python3 >/dev/null 2>&1; then
		log "python3 not found: install Python 3.9 or newer (Debian: apt-get install python3 python3-venv)"
		return 1
	fi
	if [ ! -x "$VENV/bin/python" ]; then
		log "creating $VENV with $(python3 --version 2>&1)"
		if ! python3 -m venv "$VENV" >&2; then
			rm -rf "$VENV"
			apt_install python3-venv && python3 -m venv "$VENV" >&2 || return 1
		fi
		created=1
	fi
	log "pip install $* into $VENV"
	if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q "$@" >&2; then
		log "could not install $* (is the Python package index reachable from here?)"
		log "install them yourself (pip/pipx) so that moto_server and cfn-lint are on PATH"
		[ "$created" = 1 ] && rm -rf "$VENV"
		return 1
	fi
}

# --- shellcheck -------------------------------------------------------------
if ! command -v shellcheck >/dev/null 2>&1; then
	apt_install shellcheck || true
fi
if v=$(shellcheck --version 2>/dev/null | sed -n 's/^version: //p') && [ -n "$v" ]; then
	found+=("shellcheck $v")
else
	missing+=(shellcheck)
fi

# --- moto_server and cfn-lint ---------------------------------------------
# The two checks start a Python each; run them side by side.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{ check_moto >"$tmp/moto" || rm -f "$tmp/moto"; } &
{ check_cfnlint >"$tmp/cfn" || rm -f "$tmp/cfn"; } &
wait
specs=()
moto_v=$(cat "$tmp/moto" 2>/dev/null) || specs+=("moto[server]==$MOTO_VERSION")
cfn_v=$(cat "$tmp/cfn" 2>/dev/null) || specs+=("cfn-lint==$CFNLINT_SERIES.*")
if [ ${#specs[@]} -gt 0 ]; then
	log "not on PATH or not working: ${specs[*]}"
	install_venv "${specs[@]}" || true
	moto_v=$(check_moto) || moto_v=
	cfn_v=$(check_cfnlint) || cfn_v=
fi
if [ -n "$moto_v" ]; then
	found+=("moto $moto_v")
	case $moto_v in "$MOTO_VERSION" | "?") ;; *) log "warning: moto $moto_v found; the tests are written against $MOTO_VERSION" ;; esac
else
	missing+=(moto_server)
fi
if [ -n "$cfn_v" ]; then
	found+=("cfn-lint $cfn_v")
	case $cfn_v in "$CFNLINT_SERIES".* | "?") ;; *) log "warning: cfn-lint $cfn_v found; the tests are written against $CFNLINT_SERIES.x" ;; esac
else
	missing+=(cfn-lint)
fi

# --- summary ----------------------------------------------------------------
ok=$(IFS=,; echo "${found[*]-}")
log "found:${ok:+ ${ok//,/, }}"
if [ ${#missing[@]} -gt 0 ]; then
	if [ "${CI:-}" = true ]; then
		die "missing under CI=true: ${missing[*]} (tests that need them would fail)"
	fi
	log "warning: missing ${missing[*]}: tests that need them will skip (they fail under CI=true)"
fi
