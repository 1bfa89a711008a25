#!/usr/bin/env bash
# bench.sh checks the render budget from DESIGN.md: `stackctl render` (the
# embedded default, offline) should cost a few milliseconds more than a
# hello-world Go binary, from a small stripped binary. Prints a table of
# process wall time, binary size and, with COLD=1, the cold build time.
#
# Environment:
#   RUNS=200       runs per command (hyperfine, or a timed loop without it)
#   COLD=1         also time a build with an empty GOCACHE (takes 20-40 s)
#   NO_HYPERFINE=1 use the timed loop even if hyperfine is installed
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

RUNS=${RUNS:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build OUT DIR PKG builds the way a release does: stripped, no cgo.
build() { (cd "$2" && CGO_ENABLED=0 GOFLAGS='' GOWORK=off go build -tags urfave_cli_no_docs -trimpath -ldflags '-s -w' -o "$1" "$3"); }

log "building stackctl and hello-world"
build "$tmp/stackctl" . ./cmd/stackctl
mkdir "$tmp/hello"
printf 'module hello\n\ngo 1.22\n' >"$tmp/hello/go.mod"
printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello, world") }\n' >"$tmp/hello/main.go"
build "$tmp/hello-world" "$tmp/hello" .
# Fail here, clearly, rather than time an error path.
"$tmp/stackctl" render >/dev/null || die "stackctl render failed; nothing to measure"

# timed_loop CMD... prints "mean median" in ms over RUNS runs.
timed_loop() {
	local i t0 t1
	for ((i = 0; i < 5; i++)); do "$@" >/dev/null; done # warm the page cache
	for ((i = 0; i < RUNS; i++)); do
		t0=$(now_ns)
		"$@" >/dev/null
		t1=$(now_ns)
		echo $((t1 - t0))
	done | sort -n | awk '{ v[NR] = $1; s += $1 }
		END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.2f %.2f\n", s / NR / 1e6, m / 1e6 }'
}

if [ "${NO_HYPERFINE:-}" != 1 ] && ! command -v hyperfine >/dev/null 2>&1; then
	apt_install hyperfine || log "hyperfine unavailable: using a timed loop of $RUNS runs"
fi
if [ "${NO_HYPERFINE:-}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
	method="hyperfine, $RUNS runs"
	# -N: no intermediate shell, so its start-up is not in the numbers.
	hyperfine -N --style basic --warmup 10 --runs "$RUNS" --export-csv "$tmp/h.csv" \
		"$tmp/hello-world" "$tmp/stackctl render" >&2
	# CSV columns: command,mean,stddev,median,... in seconds.
	read -r hello_mean hello_median stk_mean stk_median < <(awk -F, 'NR > 1 { printf "%.2f %.2f ", $2 * 1e3, $4 * 1e3 } END { print "" }' "$tmp/h.csv")
else
	method="timed loop, $RUNS runs"
	read -r hello_mean hello_median < <(timed_loop "$tmp/hello-world")
	read -r stk_mean stk_median < <(timed_loop "$tmp/stackctl" render)
fi

mb() { awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; }

cold="-"
if [ "${COLD:-}" = 1 ]; then
	log "cold build (empty GOCACHE)"
	cache=$(mktemp -d)
	t0=$(now_ns)
	GOCACHE=$cache build "$tmp/cold" . ./cmd/stackctl
	t1=$(now_ns)
	cold=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
	rm -rf "$cache"
fi

echo
echo "render budget ($method)"
printf '%-22s %14s %14s %10s\n' "" "stackctl" "hello-world" "delta"
row() { printf '%-22s %14s %14s %10s\n' "$1" "$2" "$3" "$(awk -v a="$2" -v b="$3" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%+.2f", a - b; else print "-" }')"; }
row "wall time mean (ms)" "$stk_mean" "$hello_mean"
row "wall time median (ms)" "$stk_median" "$hello_median"
row "binary size (MB)" "$(mb "$tmp/stackctl")" "$(mb "$tmp/hello-world")"
row "cold build (s)" "$cold" "-"
[ "$cold" = "-" ] && echo "(cold build skipped: run with COLD=1)"

# --- hook: deploy API-call benchmark against moto -------------------------
# The deploy engineer adds scripts/bench-deploy.sh (API calls per create,
# no-op and update deploy). It gets the stripped binary in STACKCTL_BIN.
echo
if [ -f scripts/bench-deploy.sh ]; then
	STACKCTL_BIN="$tmp/stackctl" bash scripts/bench-deploy.sh
else
	echo "deploy benchmark: scripts/bench-deploy.sh is not there yet"
fi
